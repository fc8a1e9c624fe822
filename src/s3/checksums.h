#pragma once
// S3's additional checksums (x-amz-checksum-*): the algorithms, their header and XML
// names, verification of what a client sent, and the whole-object value of a multipart
// upload (COMPOSITE: a checksum of the parts' checksums, "-N"; FULL_OBJECT: the CRC of
// all bytes, combined from the parts' CRCs without re-reading them).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bunker/core/hash.h"
#include "bunker/http/headers.h"

namespace bunker::s3 {

enum class ChecksumAlgorithm { kCrc32, kCrc32c, kCrc64Nvme, kSha1, kSha256 };

inline constexpr ChecksumAlgorithm kAllChecksums[] = {ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c,
                                                       ChecksumAlgorithm::kCrc64Nvme, ChecksumAlgorithm::kSha1,
                                                       ChecksumAlgorithm::kSha256};

std::string_view checksum_name(ChecksumAlgorithm a);         // CRC32, CRC32C, CRC64NVME, SHA1, SHA256
std::string_view checksum_header(ChecksumAlgorithm a);       // x-amz-checksum-crc32 …
std::string_view checksum_xml_member(ChecksumAlgorithm a);   // ChecksumCRC32 …
std::optional<ChecksumAlgorithm> parse_checksum_name(std::string_view name);  // case-insensitive
size_t checksum_raw_size(ChecksumAlgorithm a);
Digest::Algorithm digest_algorithm(ChecksumAlgorithm a);
bool is_crc(ChecksumAlgorithm a);

// The checksum a request declares: its header value (base64), or a trailer named by
// x-amz-trailer, or an algorithm named by x-amz-sdk-checksum-algorithm without a value.
struct DeclaredChecksum {
  ChecksumAlgorithm algorithm;
  std::string value;  // base64; empty when only the algorithm is known (or it comes in a trailer)
  bool in_trailer = false;
};
// Throws InvalidRequest for several checksum headers or a malformed value.
std::optional<DeclaredChecksum> declared_checksum(const http::Headers& headers);
// Throws InvalidRequest when `value` is not base64 of the algorithm's size.
void check_checksum_format(ChecksumAlgorithm a, std::string_view value);

// Whole-object checksum of a multipart upload from its parts' raw checksums.
std::string composite_checksum(ChecksumAlgorithm a, const std::vector<std::string>& raw_part_checksums);
// CRC of the concatenation, from each part's raw CRC and size.
std::string combined_crc(ChecksumAlgorithm a, const std::vector<std::string>& raw_part_crcs,
                         const std::vector<uint64_t>& part_sizes);

}  // namespace bunker::s3
