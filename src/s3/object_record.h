#pragma once
// What S3 remembers about an object, an in-progress multipart upload and its parts, and
// their compact binary encodings (listings decode thousands of records per request, so
// the fields a listing needs come first and decode_listing stops after them).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bunker::s3 {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// A run of object bytes in the data store: chunks 0..n of one data id.
struct Segment {
  uint64_t data_id = 0;
  uint64_t size = 0;
};

// One entry of an access control list: a grantee (a canonical user id, or a group URI)
// and one permission (FULL_CONTROL, READ, WRITE, READ_ACP, WRITE_ACP).
struct Grant {
  std::string grantee_type;  // CanonicalUser or Group
  std::string grantee;       // the canonical id or the group URI
  std::string permission;
  bool operator==(const Grant&) const = default;
};
using Grants = std::vector<Grant>;

// One part of an object that was completed from a multipart upload.
struct ObjectPart {
  uint64_t size = 0;
  std::string checksum;  // base64, of the upload's checksum algorithm (may be empty)
};

struct ObjectRecord {
  // Listing fields.
  uint64_t size = 0;
  std::string etag;  // without quotes: hex MD5, or hex-N for multipart objects
  int64_t last_modified_ms = 0;
  std::string storage_class = "STANDARD";
  std::string owner_id;
  std::string checksum_algorithm;  // CRC32, CRC32C, CRC64NVME, SHA1, SHA256 or empty
  std::string checksum_type;       // FULL_OBJECT or COMPOSITE
  // Everything else.
  std::string checksum_value;      // base64 (with -N for composite checksums)
  std::string content_type;
  std::string content_encoding;
  std::string content_disposition;
  std::string content_language;
  std::string cache_control;
  std::string expires;
  std::string website_redirect;
  Pairs metadata;  // x-amz-meta-* names without the prefix, lower case as S3 keeps them
  Pairs tags;
  std::vector<Segment> segments;
  std::vector<ObjectPart> parts;  // non-empty for objects completed from a multipart upload
  // The ACL a write set, on a bucket with ACLs enabled; empty: the owner's FULL_CONTROL.
  // Kept last and only when present, so records without one keep their old bytes.
  Grants acl;

  std::string quoted_etag() const { return "\"" + etag + "\""; }
};

std::string encode(const ObjectRecord& r);
// nullopt on a corrupt record.
std::optional<ObjectRecord> decode_object(std::string_view bytes);
// Only the listing fields; the rest stay empty.
std::optional<ObjectRecord> decode_listing(std::string_view bytes);
// The same into a fresh record (no moves of the record: listings decode a thousand).
bool decode_listing(std::string_view bytes, ObjectRecord& out);

// An in-progress multipart upload: the object it will become (headers, metadata, tags,
// checksum algorithm) plus who started it and when.
struct UploadRecord {
  std::string bucket;
  std::string key;
  std::string upload_id;
  int64_t initiated_ms = 0;
  std::string initiator_id;
  bool checksum_declared = false;  // the client chose object.checksum_algorithm
  ObjectRecord object;  // headers of the object to be; no data yet
};

std::string encode(const UploadRecord& r);
std::optional<UploadRecord> decode_upload(std::string_view bytes);

struct PartRecord {
  uint32_t number = 0;
  uint64_t size = 0;
  std::string etag;  // hex MD5, no quotes
  int64_t last_modified_ms = 0;
  Segment data;
  std::string checksum_algorithm;
  std::string checksum_value;  // base64
};

std::string encode(const PartRecord& r);
std::optional<PartRecord> decode_part(std::string_view bytes);

}  // namespace bunker::s3
