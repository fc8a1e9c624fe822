#include "s3/checksums.h"

#include <array>

#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"
#include "s3/errors.h"

namespace bunker::s3 {

std::string_view checksum_name(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32: return "CRC32";
    case ChecksumAlgorithm::kCrc32c: return "CRC32C";
    case ChecksumAlgorithm::kCrc64Nvme: return "CRC64NVME";
    case ChecksumAlgorithm::kSha1: return "SHA1";
    case ChecksumAlgorithm::kSha256: return "SHA256";
  }
  return "";
}

std::string_view checksum_header(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32: return "x-amz-checksum-crc32";
    case ChecksumAlgorithm::kCrc32c: return "x-amz-checksum-crc32c";
    case ChecksumAlgorithm::kCrc64Nvme: return "x-amz-checksum-crc64nvme";
    case ChecksumAlgorithm::kSha1: return "x-amz-checksum-sha1";
    case ChecksumAlgorithm::kSha256: return "x-amz-checksum-sha256";
  }
  return "";
}

std::string_view checksum_xml_member(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32: return "ChecksumCRC32";
    case ChecksumAlgorithm::kCrc32c: return "ChecksumCRC32C";
    case ChecksumAlgorithm::kCrc64Nvme: return "ChecksumCRC64NVME";
    case ChecksumAlgorithm::kSha1: return "ChecksumSHA1";
    case ChecksumAlgorithm::kSha256: return "ChecksumSHA256";
  }
  return "";
}

std::optional<ChecksumAlgorithm> parse_checksum_name(std::string_view name) {
  for (auto a : kAllChecksums)
    if (iequals(name, checksum_name(a))) return a;
  return std::nullopt;
}

size_t checksum_raw_size(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32:
    case ChecksumAlgorithm::kCrc32c: return 4;
    case ChecksumAlgorithm::kCrc64Nvme: return 8;
    case ChecksumAlgorithm::kSha1: return 20;
    case ChecksumAlgorithm::kSha256: return 32;
  }
  return 0;
}

Digest::Algorithm digest_algorithm(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32: return Digest::Algorithm::kCrc32;
    case ChecksumAlgorithm::kCrc32c: return Digest::Algorithm::kCrc32c;
    case ChecksumAlgorithm::kCrc64Nvme: return Digest::Algorithm::kCrc64Nvme;
    case ChecksumAlgorithm::kSha1: return Digest::Algorithm::kSha1;
    case ChecksumAlgorithm::kSha256: return Digest::Algorithm::kSha256;
  }
  return Digest::Algorithm::kCrc32;
}

bool is_crc(ChecksumAlgorithm a) {
  return a == ChecksumAlgorithm::kCrc32 || a == ChecksumAlgorithm::kCrc32c || a == ChecksumAlgorithm::kCrc64Nvme;
}

void check_checksum_format(ChecksumAlgorithm a, std::string_view value) {
  auto raw = base64_decode(value);
  if (!raw || raw->size() != checksum_raw_size(a))
    throw invalid_request("Value for " + std::string(checksum_header(a)) + " header is invalid.");
}

std::optional<DeclaredChecksum> declared_checksum(const http::Headers& headers) {
  std::optional<DeclaredChecksum> found;
  for (auto a : kAllChecksums) {
    if (auto v = headers.get(checksum_header(a))) {
      if (found) throw invalid_request("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
      check_checksum_format(a, *v);
      found = DeclaredChecksum{a, std::string(*v), false};
    }
  }
  if (auto trailer = headers.get("x-amz-trailer")) {
    for (auto name : split(*trailer, ',')) {
      name = trim(name);
      for (auto a : kAllChecksums) {
        if (iequals(name, checksum_header(a))) {
          if (found && found->algorithm != a)
            throw invalid_request("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
          found = DeclaredChecksum{a, "", true};
        }
      }
    }
  }
  if (!found) {
    if (auto sdk = headers.get("x-amz-sdk-checksum-algorithm")) {
      auto a = parse_checksum_name(*sdk);
      if (!a) throw invalid_request("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
      found = DeclaredChecksum{*a, "", false};
    }
  }
  return found;
}

std::string composite_checksum(ChecksumAlgorithm a, const std::vector<std::string>& raw_parts) {
  Digest d(digest_algorithm(a));
  for (const auto& p : raw_parts) d.update(p);
  return base64_encode(d.finish()) + "-" + std::to_string(raw_parts.size());
}

namespace {

// CRC combination in GF(2), as zlib's crc32_combine does it, generalised to any reflected
// CRC of up to 64 bits with all-ones init and final xor (CRC32, CRC32C, CRC64NVME): the
// CRC of A||B is (CRC(A) shifted through len(B) zero bytes) xor CRC(B).
using Matrix = std::array<uint64_t, 64>;

uint64_t times(const Matrix& m, uint64_t vec) {
  uint64_t sum = 0;
  for (int i = 0; vec; ++i, vec >>= 1)
    if (vec & 1) sum ^= m[i];
  return sum;
}

void square(Matrix& out, const Matrix& m, int width) {
  for (int i = 0; i < width; ++i) out[i] = times(m, m[i]);
}

uint64_t combine(uint64_t crc1, uint64_t crc2, uint64_t len2, uint64_t poly, int width) {
  if (len2 == 0) return crc1;
  Matrix even{}, odd{};
  odd[0] = poly;  // the operator for one zero bit
  uint64_t row = 1;
  for (int i = 1; i < width; ++i) {
    odd[i] = row;
    row <<= 1;
  }
  square(even, odd, width);  // two zero bits
  square(odd, even, width);  // four zero bits
  do {
    square(even, odd, width);
    if (len2 & 1) crc1 = times(even, crc1);
    len2 >>= 1;
    if (!len2) break;
    square(odd, even, width);
    if (len2 & 1) crc1 = times(odd, crc1);
    len2 >>= 1;
  } while (len2);
  return crc1 ^ crc2;
}

uint64_t from_bytes(std::string_view raw) {
  uint64_t v = 0;
  for (unsigned char c : raw) v = (v << 8) | c;
  return v;
}

}  // namespace

std::string combined_crc(ChecksumAlgorithm a, const std::vector<std::string>& raw_parts,
                         const std::vector<uint64_t>& sizes) {
  uint64_t poly = 0;
  int width = 32;
  switch (a) {
    case ChecksumAlgorithm::kCrc32: poly = 0xEDB88320u; break;
    case ChecksumAlgorithm::kCrc32c: poly = 0x82F63B78u; break;
    case ChecksumAlgorithm::kCrc64Nvme: poly = 0x9A6C9329AC4BC9B5ull; width = 64; break;
    default: return {};
  }
  uint64_t crc = 0;
  for (size_t i = 0; i < raw_parts.size(); ++i) crc = combine(crc, from_bytes(raw_parts[i]), sizes[i], poly, width);
  return width == 32 ? checksum_bytes(static_cast<uint32_t>(crc)) : checksum_bytes(crc);
}

}  // namespace bunker::s3
