#pragma once
// S3's public engine interface for other services in the same process (Lambda code
// from S3, later bucket notifications). Found through Engines: engines.find<s3::Objects>().
// Calls are synchronous and meant for modest objects (deployment packages): they hold the
// bytes in memory.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bunker::s3 {

struct ObjectInfo {
  uint64_t size = 0;
  std::string etag;  // quoted, as S3 returns it
  int64_t last_modified_ms = 0;
  std::string content_type;
};

class Objects {
 public:
  virtual ~Objects() = default;
  // nullopt when the bucket or the key does not exist.
  virtual std::optional<ObjectInfo> head(std::string_view bucket, std::string_view key) const = 0;
  // The object's bytes; throws AwsError (NoSuchBucket, NoSuchKey, or EntityTooLarge when
  // the object is larger than max_bytes).
  virtual std::string read(std::string_view bucket, std::string_view key, uint64_t max_bytes) const = 0;
  // Stores an object as PutObject would (no checksum headers); returns its quoted ETag.
  // Throws NoSuchBucket.
  virtual std::string write(std::string_view bucket, std::string_view key, std::string_view bytes,
                            std::string_view content_type) = 0;
};

}  // namespace bunker::s3
