#pragma once
// Conditional requests and byte ranges as S3 evaluates them.
//
// Precedence (S3 follows RFC 7232 §6): If-Match, else If-Unmodified-Since → 412; then
// If-None-Match, else If-Modified-Since → 304 for GET/HEAD (412 for writes). So If-Match
// true with If-Unmodified-Since false answers 200, and If-None-Match false (the ETag
// matches) with If-Modified-Since true answers 304.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bunker/http/headers.h"
#include "s3/object_record.h"

namespace bunker::s3 {

enum class Precondition { kProceed, kNotModified, kFailed };

struct ConditionResult {
  Precondition outcome = Precondition::kProceed;
  std::string failed_header;  // for PreconditionFailed's <Condition>
};

// `prefix` is "" for If-* headers and "x-amz-copy-source-" for CopyObject's source.
ConditionResult evaluate_conditions(const http::Headers& headers, const ObjectRecord& object,
                                    std::string_view prefix = {});
// Conditional writes (PutObject/CompleteMultipartUpload If-None-Match: * and If-Match);
// `existing` is the current object, if any. Throws PreconditionFailed / NoSuchKey.
void check_write_conditions(const http::Headers& headers, const std::optional<ObjectRecord>& existing,
                            std::string_view key);

struct ByteRange {
  uint64_t begin = 0;
  uint64_t end = 0;  // exclusive
};

// nullopt: no usable Range header (absent or not of S3's single "bytes=" forms, which S3
// ignores and answers with the whole object). Throws InvalidRange when unsatisfiable.
std::optional<ByteRange> parse_range(std::string_view header, uint64_t size);
// x-amz-copy-source-range: bytes=first-last (both required), InvalidArgument otherwise.
ByteRange parse_copy_range(std::string_view header, uint64_t size);

}  // namespace bunker::s3
