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
// with duplicate definitions rather than silently mixing implementations.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace rocksdb::crc32c {
std::string IsFastCrc32Supported();
uint32_t Extend(uint32_t crc, const char* data, size_t n);
uint32_t Crc32cCombine(uint32_t crc1, uint32_t crc2, size_t crc2len);
}  // namespace rocksdb::crc32c

namespace bunker::storage {
namespace {

constexpr uint32_t kPoly = 0x82F63B78u;  // Castagnoli, reflected

constexpr std::array<uint32_t, 256> make_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr auto kTable = make_table();

uint32_t extend_portable(uint32_t l, const unsigned char* p, size_t n) {
  while (n--) l = kTable[(l ^ *p++) & 0xFF] ^ (l >> 8);
  return l;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t extend_sse42(uint32_t l, const unsigned char* p, size_t n) {
  uint64_t l64 = l;
  while (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    l64 = __builtin_ia32_crc32di(l64, v);
    p += 8;
    n -= 8;
  }
  auto l32 = static_cast<uint32_t>(l64);
  while (n--) l32 = __builtin_ia32_crc32qi(l32, *p++);
  return l32;
}

const bool kHaveSse42 = [] {
  __builtin_cpu_init();  // this runs during static initialisation, maybe before libgcc's
  return __builtin_cpu_supports("sse4.2") != 0;
}();
#else
const bool kHaveSse42 = false;
#endif

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
bool use_hardware_crc32c() { return kHaveSse42; }

}  // namespace bunker::storage

namespace rocksdb::crc32c {

std::string IsFastCrc32Supported() {
  return bunker::storage::kHaveSse42 ? "Supported on x86 (SSE4.2, bunker)" : "Not supported on x86";
}

uint32_t Extend(uint32_t crc, const char* data, size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  uint32_t l = crc ^ 0xFFFFFFFFu;
#if defined(__x86_64__)
  if (bunker::storage::kHaveSse42) return bunker::storage::extend_sse42(l, p, n) ^ 0xFFFFFFFFu;
#endif
  return bunker::storage::extend_portable(l, p, n) ^ 0xFFFFFFFFu;
}

uint32_t Crc32cCombine(uint32_t crc1, uint32_t crc2, size_t crc2len) {
  return bunker::storage::mult_mod_p(bunker::storage::x2n_mod_p(crc2len, 3), crc1) ^ crc2;
}

}  // namespace rocksdb::crc32c
