#pragma once
// Receiving an object body: decodes aws-chunked bodies, streams the bytes into the data
// store, and checks Content-MD5 and the declared x-amz-checksum-* (header or trailer)
// against what actually arrived. S3 always computes a checksum: the declared algorithm, or
// CRC64NVME when the client names none (what S3 does since its default-integrity change).
#include <optional>
#include <string>

#include "s3/call.h"
#include "s3/checksums.h"
#include "s3/data_store.h"

namespace bunker::s3 {

struct ReceivedBody {
  uint64_t size = 0;
  std::string md5;  // raw
  // The checksum kept with the data: the required algorithm, else the declared one, else
  // CRC64NVME.
  ChecksumAlgorithm algorithm = ChecksumAlgorithm::kCrc64Nvme;
  std::string checksum;  // raw bytes of `algorithm` over the body
  std::optional<ChecksumAlgorithm> declared;  // what the client named (and was verified)
  std::string declared_checksum;  // raw bytes of the declared algorithm
};

// Validates the Content-MD5 and checksum headers before any byte is read.
void check_body_headers(const Call& call);

// Reads the whole request body into `writer`. `required_algorithm`: an algorithm the
// upload must be checked with (a multipart upload's). Throws BadDigest and friends; the
// writer then discards what it stored. Returns when RocksDB takes writes (DataStore::
// writable()), so that the caller's batch does not block the thread.
awaitable<ReceivedBody> receive_body(Call& call, DataWriter& writer,
                                     std::optional<ChecksumAlgorithm> required_algorithm = std::nullopt);

// The same for bodies that operations parse themselves (XML documents): returns the bytes.
// `checksum_headers_describe_body`: false where x-amz-checksum-* describe the object
// instead (CompleteMultipartUpload).
awaitable<std::string> read_small_body(Call& call, size_t limit = 1 << 20, bool checksum_headers_describe_body = true);

// Operations S3 requires an integrity check for (DeleteObjects, PutBucketLifecycleConfiguration)
// refuse a request without Content-MD5 or an x-amz-checksum-* header / trailer.
void require_integrity_header(const Call& call);

}  // namespace bunker::s3
