#pragma once
// Random identifiers in the shapes AWS uses (request ids, resource ids).
#include <cstdint>
#include <string>

namespace bunker {

uint64_t random_u64();                          // thread-local generator, seeded from the OS
std::string uuid4();                            // 8-4-4-4-12 lowercase hex
std::string random_hex(size_t n, bool upper);   // n hex digits
std::string random_alnum(size_t n, bool upper_only = true);  // [A-Z0-9] (or mixed case)
std::string random_base64(size_t raw_bytes);    // base64 of raw_bytes random bytes

}  // namespace bunker
