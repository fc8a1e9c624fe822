// RocksDB's CRC32C, computed with the CPU's crc32 instruction.
//
// Why this file exists: Debian's librocksdb is built for any x86-64 (PORTABLE, no SSE4.2),
// so its crc32c.cc.o contains only the table-driven "Slow_CRC32". RocksDB checksums every
// byte it writes — each WAL record, and each blob again when a flush moves it into a blob
// file — so with S3 object data in RocksDB that slow CRC was a quarter of the CPU of a
// 1 MiB PutObject, more than the MD5 S3 requires.
//
// How: the static librocksdb.a gets these three functions from one archive member,
// crc32c.cc.o. Defining all three here, in an object the linker has already taken (see
// use_hardware_crc32c(), called by Database::open), leaves that member unreferenced, so it
// is never linked. The results are the same CRC32C (Castagnoli) values — data written
// before or after this change verifies either way (tests/unit/storage checks the standard
// vectors and Combine). Should a RocksDB upgrade add symbols to that member, the link fails
// with duplicate definitions rather than silently mixing implementations. Extend is
// bunker::crc32c (src/core/hash.cpp), the one CRC32C of the project.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "bunker/core/hash.h"

namespace rocksdb::crc32c {
std::string IsFastCrc32Supported();
uint32_t Extend(uint32_t crc, const char* data, size_t n);
uint32_t Crc32cCombine(uint32_t crc1, uint32_t crc2, size_t crc2len);
}  // namespace rocksdb::crc32c

namespace bunker::storage {
namespace {

constexpr uint32_t kPoly = 0x82F63B78u;  // Castagnoli, reflected

// Multiplication modulo the polynomial in the reflected domain (as zlib's crc32_combine).
uint32_t mult_mod_p(uint32_t a, uint32_t b) {
  uint32_t m = 1u << 31, p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) == 0) break;
    }
    m >>= 1;
    b = (b & 1) ? (b >> 1) ^ kPoly : b >> 1;
  }
  return p;
}

// x^(2^k) mod p, k = 0..31.
constexpr std::array<uint32_t, 32> make_x2n() {
  std::array<uint32_t, 32> t{};
  uint32_t p = 1u << 30;  // x^1
  t[0] = p;
  for (int k = 1; k < 32; ++k) {
    // p = p * p mod poly (constexpr form of mult_mod_p)
    uint32_t a = p, b = p, m = 1u << 31, r = 0;
    for (;;) {
      if (a & m) {
        r ^= b;
        if ((a & (m - 1)) == 0) break;
      }
      m >>= 1;
      b = (b & 1) ? (b >> 1) ^ kPoly : b >> 1;
    }
    p = r;
    t[k] = p;
  }
  return t;
}
constexpr auto kX2n = make_x2n();

// x^(n * 2^k) mod p.
uint32_t x2n_mod_p(size_t n, unsigned k) {
  uint32_t p = 1u << 31;  // x^0
  while (n) {
    if (n & 1) p = mult_mod_p(kX2n[k & 31], p);
    n >>= 1;
    ++k;
  }
  return p;
}

}  // namespace

// Referenced by Database::open so that the linker takes this object (and with it the three
// definitions below) before it reaches librocksdb.a.
bool use_hardware_crc32c() { return crc32c_uses_cpu_instruction(); }

}  // namespace bunker::storage

namespace rocksdb::crc32c {

std::string IsFastCrc32Supported() {
  return bunker::crc32c_uses_cpu_instruction() ? "Supported on x86 (SSE4.2, bunker)" : "Not supported on x86";
}

uint32_t Extend(uint32_t crc, const char* data, size_t n) { return bunker::crc32c({data, n}, crc); }

uint32_t Crc32cCombine(uint32_t crc1, uint32_t crc2, size_t crc2len) {
  return bunker::storage::mult_mod_p(bunker::storage::x2n_mod_p(crc2len, 3), crc1) ^ crc2;
}

}  // namespace rocksdb::crc32c
