#pragma once
// Order-preserving key encodings: the bytewise order of the encoded keys equals the
// natural order of the values, so RocksDB's iteration order is the order a listing
// needs. Composite keys are concatenations of encoded parts.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bunker::storage {

// Big-endian fixed-width integers. Signed values have their sign bit flipped so that
// negatives sort first.
void append_u32(std::string& out, uint32_t v);
void append_u64(std::string& out, uint64_t v);
void append_i64(std::string& out, int64_t v);
// Same order as the bytes, and self-delimiting: 0x00 is escaped as 0x00 0xFF and the
// part ends with 0x00 0x01. A prefix of a string sorts before the string.
void append_string(std::string& out, std::string_view s);

// Readers consume from the front of `in`; nullopt when the input is malformed.
std::optional<uint32_t> read_u32(std::string_view& in);
std::optional<uint64_t> read_u64(std::string_view& in);
std::optional<int64_t> read_i64(std::string_view& in);
std::optional<std::string> read_string(std::string_view& in);

// The smallest key greater than every key that starts with `prefix` (for upper bounds);
// empty when there is none (prefix of all 0xFF).
std::string prefix_successor(std::string_view prefix);

}  // namespace bunker::storage
