#include "bunker/core/hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <libdeflate.h>

#include <array>
#include <cstring>
#include <stdexcept>

namespace bunker {
namespace {

template <typename T, T kReflectedPoly>
constexpr std::array<T, 256> make_crc_table() {
  std::array<T, 256> table{};
  for (unsigned i = 0; i < 256; ++i) {
    T crc = i;
    for (int k = 0; k < 8; ++k) crc = (crc & 1) ? (crc >> 1) ^ kReflectedPoly : crc >> 1;
    table[i] = crc;
  }
  return table;
}

// Slicing-by-8 tables: table[k][b] is the CRC of byte b followed by k zero bytes, so eight
// input bytes fold in with eight lookups (S3 checksums every uploaded byte; one lookup per
// byte made CRC64NVME the costliest step of a large PUT).
template <typename T, T kReflectedPoly>
constexpr std::array<std::array<T, 256>, 8> make_slicing_tables() {
  std::array<std::array<T, 256>, 8> t{};
  t[0] = make_crc_table<T, kReflectedPoly>();
  for (unsigned i = 0; i < 256; ++i)
    for (int k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
  return t;
}

constexpr auto kCrc32cTables = make_slicing_tables<uint32_t, 0x82F63B78u>();
constexpr auto kCrc64NvmeTables = make_slicing_tables<uint64_t, 0x9A6C9329AC4BC9B5ull>();

uint64_t load_le64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

template <typename T>
T crc_slicing8(const std::array<std::array<T, 256>, 8>& t, const unsigned char* p, size_t n, T crc) {
  while (n >= 8) {
    const uint64_t v = load_le64(p) ^ static_cast<uint64_t>(crc);
    crc = t[7][v & 0xFF] ^ t[6][(v >> 8) & 0xFF] ^ t[5][(v >> 16) & 0xFF] ^ t[4][(v >> 24) & 0xFF] ^
          t[3][(v >> 32) & 0xFF] ^ t[2][(v >> 40) & 0xFF] ^ t[1][(v >> 48) & 0xFF] ^ t[0][v >> 56];
    p += 8;
    n -= 8;
  }
  while (n--) crc = t[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__)
// CRC32C with the CPU's crc32 instruction (SSE4.2), eight bytes at a time. RocksDB's block
// and WAL checksums come through here too (src/storage/rocksdb_crc32c.cpp).
__attribute__((target("sse4.2"))) uint32_t crc32c_sse42(const unsigned char* p, size_t n, uint32_t crc) {
  uint64_t c = crc;
  while (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    c = __builtin_ia32_crc32di(c, v);
    p += 8;
    n -= 8;
  }
  auto c32 = static_cast<uint32_t>(c);
  while (n--) c32 = __builtin_ia32_crc32qi(c32, *p++);
  return c32;
}

const bool kHaveSse42 = [] {
  __builtin_cpu_init();  // may run during static initialisation, before libgcc's own
  return __builtin_cpu_supports("sse4.2") != 0;
}();
#endif

#if defined(__x86_64__)
// CRC64NVME by carry-less multiplication (Intel's "Fast CRC Computation Using PCLMULQDQ"):
// four 16-byte lanes are folded forward 64 bytes at a time, then into one lane, and the
// last 16 bytes plus the tail go through the tables. About ten times the table speed; the
// default checksum of every S3 upload runs through here.
//
// In the reflected domain a 64-bit value's bit i stands for x^(63-i), and a carry-less
// product of two such values comes out one degree short of the 128-bit lane it is folded
// into, hence the exponents below are one less than the distance folded.
uint64_t reflect64(uint64_t v) {
  uint64_t r = 0;
  for (int i = 0; i < 64; ++i)
    if (v & (uint64_t{1} << i)) r |= uint64_t{1} << (63 - i);
  return r;
}

// x^n mod P for the CRC64NVME polynomial, reflected.
uint64_t crc64nvme_xpow(unsigned n) {
  const uint64_t poly = reflect64(0x9A6C9329AC4BC9B5ull);  // normal form, x^64 implied
  uint64_t r = 1;  // x^0, normal form: bit i = x^i
  for (unsigned i = 0; i < n; ++i) r = (r & (uint64_t{1} << 63)) ? (r << 1) ^ poly : r << 1;
  return reflect64(r);
}

struct FoldConstants {
  uint64_t k64_lo, k64_hi;  // fold by 64 bytes
  uint64_t k16_lo, k16_hi;  // fold by 16 bytes
};
const FoldConstants kCrc64Fold{crc64nvme_xpow(512 + 64 - 1), crc64nvme_xpow(512 - 1), crc64nvme_xpow(128 + 64 - 1),
                               crc64nvme_xpow(128 - 1)};
const bool kHavePclmul = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
}();

using v2di = long long __attribute__((vector_size(16)));

__attribute__((target("pclmul,sse4.1"))) inline v2di fold(v2di acc, v2di k, v2di next) {
  return __builtin_ia32_pclmulqdq128(acc, k, 0x00) ^ __builtin_ia32_pclmulqdq128(acc, k, 0x11) ^ next;
}

__attribute__((target("pclmul,sse4.1"))) inline v2di load128(const unsigned char* p) {
  v2di v;
  std::memcpy(&v, p, 16);
  return v;
}

// crc: the running (inverted) register. Needs n >= 64.
__attribute__((target("pclmul,sse4.1"))) uint64_t crc64nvme_pclmul(const unsigned char* p, size_t n, uint64_t crc) {
  const v2di k64 = {static_cast<long long>(kCrc64Fold.k64_lo), static_cast<long long>(kCrc64Fold.k64_hi)};
  const v2di k16 = {static_cast<long long>(kCrc64Fold.k16_lo), static_cast<long long>(kCrc64Fold.k16_hi)};
  v2di a0 = load128(p), a1 = load128(p + 16), a2 = load128(p + 32), a3 = load128(p + 48);
  a0 ^= v2di{static_cast<long long>(crc), 0};
  p += 64;
  n -= 64;
  while (n >= 64) {
    a0 = fold(a0, k64, load128(p));
    a1 = fold(a1, k64, load128(p + 16));
    a2 = fold(a2, k64, load128(p + 32));
    a3 = fold(a3, k64, load128(p + 48));
    p += 64;
    n -= 64;
  }
  v2di a = fold(fold(fold(a0, k16, a1), k16, a2), k16, a3);
  while (n >= 16) {
    a = fold(a, k16, load128(p));
    p += 16;
    n -= 16;
  }
  unsigned char lane[16];
  std::memcpy(lane, &a, 16);
  // The lane's 16 bytes, as message bytes, with a zero register; then the tail.
  uint64_t c = crc_slicing8<uint64_t>(kCrc64NvmeTables, lane, 16, 0);
  return crc_slicing8(kCrc64NvmeTables, p, n, c);
}
#endif

std::string evp_digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!EVP_Digest(data.data(), data.size(), out, &len, md, nullptr)) throw std::runtime_error("EVP_Digest failed");
  return std::string(reinterpret_cast<char*>(out), len);
}

}  // namespace

std::string md5(std::string_view data) { return evp_digest(EVP_md5(), data); }
std::string sha1(std::string_view data) { return evp_digest(EVP_sha1(), data); }
std::string sha256(std::string_view data) { return evp_digest(EVP_sha256(), data); }

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string hmac_sha1(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

uint32_t crc32(std::string_view data, uint32_t crc) {
  // libdeflate folds with carry-less multiplication where the CPU has it: DynamoDB puts an
  // x-amz-crc32 on every answer and SDKs send x-amz-checksum-crc32 with every S3 upload, and
  // zlib's table method cost about four instructions per byte of each.
  return libdeflate_crc32(crc, data.data(), data.size());
}

bool crc32c_uses_cpu_instruction() {
#if defined(__x86_64__)
  return kHaveSse42;
#else
  return false;
#endif
}

uint32_t crc32c(std::string_view data, uint32_t crc) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
#if defined(__x86_64__)
  if (kHaveSse42) return ~crc32c_sse42(p, data.size(), ~crc);
#endif
  return ~crc_slicing8(kCrc32cTables, p, data.size(), ~crc);
}

uint64_t crc64nvme(std::string_view data, uint64_t crc) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
#if defined(__x86_64__)
  if (kHavePclmul && data.size() >= 256) return ~crc64nvme_pclmul(p, data.size(), ~crc);
#endif
  return ~crc_slicing8(kCrc64NvmeTables, p, data.size(), ~crc);
}

std::string checksum_bytes(uint32_t v) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
  return out;
}

std::string checksum_bytes(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((v >> (56 - 8 * i)) & 0xFF);
  return out;
}

struct Digest::Evp {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Evp() { EVP_MD_CTX_free(ctx); }
};

Digest::Digest(Algorithm algorithm) : algorithm_(algorithm) {
  const EVP_MD* md = nullptr;
  switch (algorithm) {
    case Algorithm::kMd5: md = EVP_md5(); break;
    case Algorithm::kSha1: md = EVP_sha1(); break;
    case Algorithm::kSha256: md = EVP_sha256(); break;
    default: break;
  }
  if (md) {
    evp_ = std::make_unique<Evp>();
    EVP_DigestInit_ex(evp_->ctx, md, nullptr);
  }
}

Digest::~Digest() = default;
Digest::Digest(Digest&&) noexcept = default;
Digest& Digest::operator=(Digest&&) noexcept = default;

void Digest::update(std::string_view data) {
  switch (algorithm_) {
    case Algorithm::kCrc32: crc_ = crc32(data, static_cast<uint32_t>(crc_)); break;
    case Algorithm::kCrc32c: crc_ = crc32c(data, static_cast<uint32_t>(crc_)); break;
    case Algorithm::kCrc64Nvme: crc_ = crc64nvme(data, crc_); break;
    default: EVP_DigestUpdate(evp_->ctx, data.data(), data.size()); break;
  }
}

std::string Digest::finish() {
  switch (algorithm_) {
    case Algorithm::kCrc32:
    case Algorithm::kCrc32c: return checksum_bytes(static_cast<uint32_t>(crc_));
    case Algorithm::kCrc64Nvme: return checksum_bytes(crc_);
    default: {
      unsigned char out[EVP_MAX_MD_SIZE];
      unsigned int len = 0;
      EVP_DigestFinal_ex(evp_->ctx, out, &len);
      return std::string(reinterpret_cast<char*>(out), len);
    }
  }
}

}  // namespace bunker
