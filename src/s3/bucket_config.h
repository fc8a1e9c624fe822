#pragma once
// Per-bucket configuration documents S3 stores and returns (CORS, website), in parsed form.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3/lifecycle_rules.h"
#include "s3/object_record.h"

namespace bunker::s3 {

struct CorsRule {
  std::string id;
  std::vector<std::string> allowed_origins;
  std::vector<std::string> allowed_methods;
  std::vector<std::string> allowed_headers;
  std::vector<std::string> expose_headers;
  std::optional<long long> max_age_seconds;
};

struct RoutingRule {
  std::optional<std::string> key_prefix_equals;
  std::optional<std::string> http_error_code_equals;
  std::string protocol;
  std::string host_name;
  std::optional<std::string> replace_key_prefix_with;
  std::optional<std::string> replace_key_with;
  std::string http_redirect_code;
};

struct WebsiteConfig {
  std::string index_suffix;
  std::string error_key;
  std::string redirect_all_host;
  std::string redirect_all_protocol;
  std::vector<RoutingRule> routing_rules;
};

// The four S3 Block Public Access settings of a bucket.
struct PublicAccessBlock {
  bool block_public_acls = false;
  bool ignore_public_acls = false;
  bool block_public_policy = false;
  bool restrict_public_buckets = false;
};

// S3 Object Ownership settings (OwnershipControls' ObjectOwnership).
inline constexpr std::string_view kBucketOwnerEnforced = "BucketOwnerEnforced";
inline constexpr std::string_view kBucketOwnerPreferred = "BucketOwnerPreferred";
inline constexpr std::string_view kObjectWriter = "ObjectWriter";

struct BucketRecord {
  std::string name;
  std::string owner_id;
  std::string account_id;
  std::string region;
  int64_t created_ms = 0;
  Pairs tags;
  bool has_tags = false;
  std::string policy;
  std::optional<std::vector<CorsRule>> cors;
  std::optional<WebsiteConfig> website;
  // Object Ownership; empty when the bucket has no ownership controls (ACLs enabled, the
  // writer owns what it writes), as buckets made before Bunker kept the setting.
  std::string object_ownership;
  std::optional<PublicAccessBlock> public_access_block;
  Grants acl;  // the bucket's ACL as set; empty: the owner's FULL_CONTROL
  // Lifecycle rules; shared because the lifecycle sweep reads them while requests replace them.
  std::shared_ptr<const LifecycleConfiguration> lifecycle;

  bool acls_disabled() const { return object_ownership == kBucketOwnerEnforced; }
  bool blocks_public_acls() const { return public_access_block && public_access_block->block_public_acls; }
  bool blocks_public_policy() const { return public_access_block && public_access_block->block_public_policy; }
};

std::string encode(const BucketRecord& b);
std::optional<BucketRecord> decode_bucket(std::string_view json_text);

}  // namespace bunker::s3
