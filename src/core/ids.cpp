#include "bunker/core/ids.h"

#include <random>

#include "bunker/core/encoding.h"

namespace bunker {
namespace {

std::mt19937_64& generator() {
  thread_local std::mt19937_64 gen([] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }());
  return gen;
}

}  // namespace

uint64_t random_u64() { return generator()(); }

std::string random_hex(size_t n, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out(n, '0');
  uint64_t bits = 0;
  int left = 0;
  for (size_t i = 0; i < n; ++i) {
    if (left == 0) {
      bits = random_u64();
      left = 16;
    }
    out[i] = digits[bits & 15];
    bits >>= 4;
    --left;
  }
  return out;
}

std::string uuid4() {
  // Written in place (one string, no pieces): API Gateway and Lambda make two per request.
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(36, '-');
  uint64_t bits = random_u64();
  for (int i = 0, left = 16; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    if (left == 0) {
      bits = random_u64();
      left = 16;
    }
    out[i] = kDigits[bits & 15];
    bits >>= 4;
    --left;
  }
  out[14] = '4';                                 // version 4
  out[19] = "89ab"[(random_u64() >> 7) & 3];     // variant 10xx
  return out;
}

std::string random_alnum(size_t n, bool upper_only) {
  static constexpr char kUpper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static constexpr char kMixed[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const char* set = upper_only ? kUpper : kMixed;
  const uint64_t size = upper_only ? 36 : 62;
  // Ten characters from each 64-bit draw (36^10 and 62^10 are far below 2^64, so the
  // bias of the remainder is negligible): request ids are made on every request.
  std::string out(n, 'A');
  uint64_t bits = 0;
  int left = 0;
  for (auto& c : out) {
    if (left == 0) {
      bits = random_u64();
      left = 10;
    }
    c = set[bits % size];
    bits /= size;
    --left;
  }
  return out;
}

std::string random_base64(size_t raw_bytes) {
  std::string raw(raw_bytes, '\0');
  for (size_t i = 0; i < raw_bytes; ++i) raw[i] = static_cast<char>(random_u64() & 0xFF);
  return base64_encode(raw);
}

}  // namespace bunker
