// S3 dispatches on the method, the path (service, bucket or key) and the sub-resource: the
// one query parameter from a fixed set (?acl, ?cors, ?uploads…) that selects an operation.
// Every sub-resource botocore's model names is in the tables below, so a request carrying
// one is answered as that sub-resource (its operation, NotImplemented, or MethodNotAllowed)
// and never falls through to CreateBucket, DeleteBucket, PutObject or DeleteObject.
//
// What S3 answers, as measured against S3 by others' probes (general purpose buckets):
// - a method the sub-resource has no operation for: 405 MethodNotAllowed naming the method
//   and the sub-resource's resource type (ACL, LOCATION, VERSIONING, MULTI_OBJECT_DELETE,
//   OBJECT_TAGGING, OBJECT_ENCRYPTION, RESTORE, SELECT, TORRENT, UPLOAD, PART were seen),
//   before the bucket is looked up. The other types below are assumed: the parameter's
//   name in upper case, words split by '_'.
// - a bucket's sub-resource at a key's path is the bucket's operation (the key is ignored),
//   except ?logging and ?versions, which a key's path refuses.
// - two sub-resources at once: 400 InvalidArgument "Conflicting query string parameters:"
//   naming them in alphabetical order, the first as the ArgumentValue.
// - a HEAD with a sub-resource: 405 too (no sub-resource has a HEAD operation), which as
//   any HEAD answer has no body.
#include "s3/routing.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "bunker/core/strings.h"
#include "s3/errors.h"
#include "s3/operations.h"

namespace bunker::s3 {
namespace {

// One method of a sub-resource: `name` empty when the sub-resource has no operation for the
// method (MethodNotAllowed); `op` null when Bunker does not implement it (NotImplemented).
struct Method {
  const char* name = nullptr;
  Operation op = nullptr;
  bool notification = false;
};

constexpr Method none{};
constexpr Method unimplemented(const char* name) { return {name, nullptr, false}; }

struct SubResource {
  std::string_view param;
  std::string_view resource_type;
  Method get, put, del, post;
};

const Method& method_of(const SubResource& s, std::string_view m) {
  if (m == "GET") return s.get;
  if (m == "PUT") return s.put;
  if (m == "DELETE") return s.del;
  if (m == "POST") return s.post;
  return none;
}

// A bucket's sub-resources, as botocore's s3 model routes them.
const std::array kBucketSubResources = {
    SubResource{"abac", "ABAC", unimplemented("GetBucketAbac"), unimplemented("PutBucketAbac"), none, none},
    SubResource{"accelerate", "ACCELERATE", {"GetBucketAccelerateConfiguration", get_bucket_accelerate_configuration},
                unimplemented("PutBucketAccelerateConfiguration"), none, none},
    SubResource{"acl", "ACL", {"GetBucketAcl", get_bucket_acl}, {"PutBucketAcl", put_bucket_acl}, none, none},
    SubResource{"analytics", "ANALYTICS", unimplemented("GetBucketAnalyticsConfiguration"),
                unimplemented("PutBucketAnalyticsConfiguration"), unimplemented("DeleteBucketAnalyticsConfiguration"),
                none},
    SubResource{"cors", "CORS", {"GetBucketCors", get_bucket_cors}, {"PutBucketCors", put_bucket_cors},
                {"DeleteBucketCors", delete_bucket_cors}, none},
    SubResource{"delete", "MULTI_OBJECT_DELETE", none, none, none, {"DeleteObjects", delete_objects}},
    SubResource{"encryption", "ENCRYPTION", {"GetBucketEncryption", get_bucket_encryption},
                unimplemented("PutBucketEncryption"), unimplemented("DeleteBucketEncryption"), none},
    SubResource{"intelligent-tiering", "INTELLIGENT_TIERING",
                unimplemented("GetBucketIntelligentTieringConfiguration"),
                unimplemented("PutBucketIntelligentTieringConfiguration"),
                unimplemented("DeleteBucketIntelligentTieringConfiguration"), none},
    SubResource{"inventory", "INVENTORY", unimplemented("GetBucketInventoryConfiguration"),
                unimplemented("PutBucketInventoryConfiguration"), unimplemented("DeleteBucketInventoryConfiguration"),
                none},
    SubResource{"lifecycle", "LIFECYCLE", {"GetBucketLifecycleConfiguration", get_bucket_lifecycle_configuration},
                {"PutBucketLifecycleConfiguration", put_bucket_lifecycle_configuration},
                {"DeleteBucketLifecycle", delete_bucket_lifecycle},
                none},
    SubResource{"location", "LOCATION", {"GetBucketLocation", get_bucket_location}, none, none, none},
    SubResource{"logging", "LOGGING", {"GetBucketLogging", get_bucket_logging}, unimplemented("PutBucketLogging"),
                none, none},
    SubResource{"metadataConfiguration", "METADATA_CONFIGURATION", unimplemented("GetBucketMetadataConfiguration"),
                none, unimplemented("DeleteBucketMetadataConfiguration"),
                unimplemented("CreateBucketMetadataConfiguration")},
    SubResource{"metadataInventoryTable", "METADATA_INVENTORY_TABLE", none,
                unimplemented("UpdateBucketMetadataInventoryTableConfiguration"), none, none},
    SubResource{"metadataJournalTable", "METADATA_JOURNAL_TABLE", none,
                unimplemented("UpdateBucketMetadataJournalTableConfiguration"), none, none},
    SubResource{"metadataTable", "METADATA_TABLE", unimplemented("GetBucketMetadataTableConfiguration"), none,
                unimplemented("DeleteBucketMetadataTableConfiguration"),
                unimplemented("CreateBucketMetadataTableConfiguration")},
    SubResource{"metrics", "METRICS", unimplemented("GetBucketMetricsConfiguration"),
                unimplemented("PutBucketMetricsConfiguration"), unimplemented("DeleteBucketMetricsConfiguration"), none},
    SubResource{"notification", "NOTIFICATION", {"GetBucketNotificationConfiguration", nullptr, true},
                {"PutBucketNotificationConfiguration", nullptr, true}, none, none},
    SubResource{"object-lock", "OBJECT_LOCK", {"GetObjectLockConfiguration", get_object_lock_configuration},
                unimplemented("PutObjectLockConfiguration"), none, none},
    SubResource{"ownershipControls", "OWNERSHIP_CONTROLS",
                {"GetBucketOwnershipControls", get_bucket_ownership_controls},
                {"PutBucketOwnershipControls", put_bucket_ownership_controls},
                {"DeleteBucketOwnershipControls", delete_bucket_ownership_controls}, none},
    SubResource{"policy", "POLICY", {"GetBucketPolicy", get_bucket_policy}, {"PutBucketPolicy", put_bucket_policy},
                {"DeleteBucketPolicy", delete_bucket_policy}, none},
    SubResource{"policyStatus", "POLICY_STATUS", {"GetBucketPolicyStatus", get_bucket_policy_status}, none, none,
                none},
    SubResource{"publicAccessBlock", "PUBLIC_ACCESS_BLOCK", {"GetPublicAccessBlock", get_public_access_block},
                {"PutPublicAccessBlock", put_public_access_block},
                {"DeletePublicAccessBlock", delete_public_access_block}, none},
    SubResource{"replication", "REPLICATION", {"GetBucketReplication", get_bucket_replication},
                unimplemented("PutBucketReplication"), {"DeleteBucketReplication", delete_bucket_replication}, none},
    SubResource{"requestPayment", "REQUEST_PAYMENT", {"GetBucketRequestPayment", get_bucket_request_payment},
                {"PutBucketRequestPayment", put_bucket_request_payment}, none, none},
    SubResource{"session", "SESSION", unimplemented("CreateSession"), none, none, none},
    SubResource{"tagging", "TAGGING", {"GetBucketTagging", get_bucket_tagging}, {"PutBucketTagging", put_bucket_tagging},
                {"DeleteBucketTagging", delete_bucket_tagging}, none},
    SubResource{"uploads", "UPLOADS", {"ListMultipartUploads", list_multipart_uploads}, none, none, none},
    SubResource{"versioning", "VERSIONING", {"GetBucketVersioning", get_bucket_versioning},
                unimplemented("PutBucketVersioning"), none, none},
    SubResource{"versions", "VERSIONS", {"ListObjectVersions", list_object_versions}, none, none, none},
    SubResource{"website", "WEBSITE", {"GetBucketWebsite", get_bucket_website}, {"PutBucketWebsite", put_bucket_website},
                {"DeleteBucketWebsite", delete_bucket_website}, none},
};

// An object's sub-resources. ?uploadId (a multipart upload's operations) is routed apart.
const std::array kObjectSubResources = {
    SubResource{"acl", "ACL", {"GetObjectAcl", get_object_acl}, {"PutObjectAcl", put_object_acl}, none, none},
    SubResource{"attributes", "ATTRIBUTES", {"GetObjectAttributes", get_object_attributes}, none, none, none},
    SubResource{"encryption", "OBJECT_ENCRYPTION", none, unimplemented("UpdateObjectEncryption"), none, none},
    SubResource{"legal-hold", "LEGAL_HOLD", unimplemented("GetObjectLegalHold"), unimplemented("PutObjectLegalHold"),
                none, none},
    SubResource{"renameObject", "RENAME_OBJECT", none, unimplemented("RenameObject"), none, none},
    SubResource{"restore", "RESTORE", none, none, none, unimplemented("RestoreObject")},
    SubResource{"retention", "RETENTION", unimplemented("GetObjectRetention"), unimplemented("PutObjectRetention"),
                none, none},
    SubResource{"select", "SELECT", none, none, none, unimplemented("SelectObjectContent")},
    SubResource{"tagging", "OBJECT_TAGGING", {"GetObjectTagging", get_object_tagging},
                {"PutObjectTagging", put_object_tagging}, {"DeleteObjectTagging", delete_object_tagging}, none},
    SubResource{"torrent", "TORRENT", unimplemented("GetObjectTorrent"), none, none, none},
    SubResource{"uploads", "UPLOADS", none, none, none, {"CreateMultipartUpload", create_multipart_upload}},
};

template <size_t N>
const SubResource* find(const std::array<SubResource, N>& table, std::string_view param) {
  for (const auto& s : table)
    if (s.param == param) return &s;
  return nullptr;
}

// The request's sub-resource, if any; two distinct ones conflict as on S3.
std::optional<std::string_view> sub_resource_of(const Call& call) {
  std::optional<std::string_view> found;
  std::vector<std::string_view> all;
  for (const auto& [name, value] : call.req.params) {
    (void)value;
    if (!find(kBucketSubResources, name) && !find(kObjectSubResources, name)) continue;
    if (found && *found == name) continue;
    if (found) all.push_back(name);
    else found = name;
  }
  if (all.empty()) return found;
  all.push_back(*found);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  std::string names;
  for (auto n : all) names += (names.empty() ? "" : ", ") + std::string(n);
  throw invalid_argument("Conflicting query string parameters: " + names, "ResourceType", all.front());
}

Route answer(const Method& m, std::string_view method, std::string_view resource_type) {
  if (!m.name) throw method_not_allowed(method, resource_type);
  if (!m.op && !m.notification) throw not_implemented();
  return {m.name, m.op, m.notification};
}

Route route_service(const Call& call) {
  if (call.req.method == "GET") return {"ListBuckets", list_buckets};
  throw method_not_allowed(call.req.method, "SERVICE");
}

Route route_bucket(const Call& call, std::optional<std::string_view> sub) {
  const std::string& m = call.req.method;
  if (sub) {
    if (const auto* s = find(kBucketSubResources, *sub)) return answer(method_of(*s, m), m, s->resource_type);
    throw method_not_allowed(m, find(kObjectSubResources, *sub)->resource_type);
  }
  if (m == "HEAD") return {"HeadBucket", head_bucket};
  if (call.has_param("uploadId")) throw method_not_allowed(m, "UPLOAD");
  if (m == "GET") {
    if (call.param("list-type") == "2") return {"ListObjectsV2", list_objects_v2};
    return {"ListObjects", list_objects};
  }
  if (m == "PUT") return {"CreateBucket", create_bucket};
  if (m == "DELETE") return {"DeleteBucket", delete_bucket};
  if (m == "POST" && to_lower(call.header_or("content-type")).starts_with("multipart/form-data"))
    return {"PostObject", post_object};
  throw method_not_allowed(m, "BUCKET");
}

Route route_object(const Call& call, std::optional<std::string_view> sub) {
  const std::string& m = call.req.method;
  if (sub) {
    if (const auto* s = find(kObjectSubResources, *sub)) return answer(method_of(*s, m), m, s->resource_type);
    const auto* s = find(kBucketSubResources, *sub);
    if (*sub == "logging" || *sub == "versions") throw method_not_allowed(m, s->resource_type);
    return answer(method_of(*s, m), m, s->resource_type);
  }
  if (m == "HEAD") return {"HeadObject", head_object};
  if (call.has_param("uploadId")) {
    if (m == "GET") return {"ListParts", list_parts};
    if (m == "PUT") {
      if (call.header("x-amz-copy-source")) return {"UploadPartCopy", upload_part_copy};
      return {"UploadPart", upload_part};
    }
    if (m == "DELETE") return {"AbortMultipartUpload", abort_multipart_upload};
    if (m == "POST") return {"CompleteMultipartUpload", complete_multipart_upload};
    throw method_not_allowed(m, call.has_param("partNumber") ? "PART" : "UPLOAD");
  }
  if (m == "GET") return {"GetObject", get_object};
  if (m == "PUT") {
    // UploadPart without its uploadId is refused by upload_part itself, as before.
    if (call.has_param("partNumber")) {
      if (call.header("x-amz-copy-source")) return {"UploadPartCopy", upload_part_copy};
      return {"UploadPart", upload_part};
    }
    if (call.header("x-amz-copy-source")) return {"CopyObject", copy_object};
    return {"PutObject", put_object};
  }
  if (m == "DELETE") return {"DeleteObject", delete_object};
  throw method_not_allowed(m, "OBJECT");
}

}  // namespace

Route route(const Call& call) {
  if (call.bucket.empty()) return route_service(call);
  if (call.req.method == "OPTIONS") return {"PreflightRequest", cors_preflight};
  auto sub = call.req.params.empty() ? std::nullopt : sub_resource_of(call);
  return call.has_key ? route_object(call, sub) : route_bucket(call, sub);
}

}  // namespace bunker::s3
