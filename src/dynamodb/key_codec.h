#pragma once
// Order-preserving bytes for key attribute values, used as parts of RocksDB keys:
// comparing two encodings with memcmp gives DynamoDB's order of the values (S and B
// by unsigned bytes, N numerically), and encodings can be concatenated (a partition
// key followed by a sort key) without one part's bytes bleeding into the next's order.
#include <string>
#include <string_view>

#include "dynamodb/attribute_value.h"

namespace bunker::dynamodb {

// Appends the encoding of an S, N or B value to out.
void encode_key_part(const AttributeValue& value, std::string& out);
std::string encode_key_part(const AttributeValue& value);

// Reads one encoded part of the given type from the front of in and advances in past
// it. Throws std::runtime_error on malformed input (corrupt storage, not user error).
AttributeValue decode_key_part(std::string_view& in, Type type);

}  // namespace bunker::dynamodb
