#include "bunker/core/hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <zlib.h>

#include <array>
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
  // zlib takes uInt lengths; feed large inputs in slices.
  uLong c = crc;
  while (!data.empty()) {
    size_t n = std::min<size_t>(data.size(), 1u << 30);
    c = ::crc32(c, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(n));
    data.remove_prefix(n);
  }
  return static_cast<uint32_t>(c);
}

uint32_t crc32c(std::string_view data, uint32_t crc) {
  return ~crc_slicing8(kCrc32cTables, reinterpret_cast<const unsigned char*>(data.data()), data.size(), ~crc);
}

uint64_t crc64nvme(std::string_view data, uint64_t crc) {
  return ~crc_slicing8(kCrc64NvmeTables, reinterpret_cast<const unsigned char*>(data.data()), data.size(), ~crc);
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
