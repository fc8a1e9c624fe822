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

}  // namespace bunker::dynamodb
