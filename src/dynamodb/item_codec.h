#pragma once
// Compact binary form of items as stored in RocksDB values: one type byte per value,
// varint lengths, numbers as their canonical text. Faster to read back than JSON and
// independent of the wire format.
#include <string>
#include <string_view>

#include "dynamodb/attribute_value.h"

namespace bunker::dynamodb {

std::string encode_item(const Item& item);
// Throws std::runtime_error on corrupt input.
Item decode_item(std::string_view bytes);
// An item in its stored form straight to DynamoDB JSON text (item_json.h), appended to
// *out (nullptr: nothing written), without decoding it. Returns the item's size by
// DynamoDB's rules, the figure item_size() gives for the decoded item. Throws
// std::runtime_error on corrupt input.
std::size_t render_stored_item(std::string_view bytes, std::string* out);

}  // namespace bunker::dynamodb
