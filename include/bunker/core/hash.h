#pragma once
// Digests and checksums used by the wire protocols (ETags, SigV4, x-amz-checksum-*,
// x-amz-crc32). One-shot functions return raw bytes; the Digest class is incremental,
// for bodies that stream through.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace bunker {

std::string md5(std::string_view data);     // 16 raw bytes
std::string sha1(std::string_view data);    // 20 raw bytes
std::string sha256(std::string_view data);  // 32 raw bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 raw bytes
std::string hmac_sha1(std::string_view key, std::string_view data);    // 20 raw bytes (SigV2)

uint32_t crc32(std::string_view data, uint32_t crc = 0);    // CRC-32 as zlib computes it
uint32_t crc32c(std::string_view data, uint32_t crc = 0);   // Castagnoli
bool crc32c_uses_cpu_instruction();                         // SSE4.2 crc32 present
uint64_t crc64nvme(std::string_view data, uint64_t crc = 0);

// Big-endian bytes of a checksum value, as S3 base64-encodes them.
std::string checksum_bytes(uint32_t v);
std::string checksum_bytes(uint64_t v);

// An incremental digest over one of the algorithms above.
class Digest {
 public:
  enum class Algorithm { kMd5, kSha1, kSha256, kCrc32, kCrc32c, kCrc64Nvme };
  explicit Digest(Algorithm algorithm);
  ~Digest();
  Digest(Digest&&) noexcept;
  Digest& operator=(Digest&&) noexcept;

  void update(std::string_view data);
  // Raw digest bytes (big-endian for CRCs). The digest cannot be updated afterwards.
  std::string finish();
  Algorithm algorithm() const { return algorithm_; }

 private:
  Algorithm algorithm_;
  struct Evp;
  std::unique_ptr<Evp> evp_;
  uint64_t crc_ = 0;
};

}  // namespace bunker
