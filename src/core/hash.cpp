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

constexpr auto kCrc32cTable = make_crc_table<uint32_t, 0x82F63B78u>();
constexpr auto kCrc64NvmeTable = make_crc_table<uint64_t, 0x9A6C9329AC4BC9B5ull>();

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
  crc = ~crc;
  for (unsigned char c : data) crc = kCrc32cTable[(crc ^ c) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

uint64_t crc64nvme(std::string_view data, uint64_t crc) {
  crc = ~crc;
  for (unsigned char c : data) crc = kCrc64NvmeTable[(crc ^ c) & 0xFF] ^ (crc >> 8);
  return ~crc;
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
