#pragma once
// Access control lists as S3 takes and reports them: canned ACLs (x-amz-acl), grant
// headers (x-amz-grant-*), AccessControlPolicy documents, their expansion into grants,
// and the rules Object Ownership and Block Public Access put on them. Bunker stores ACLs
// and reports them; it does not enforce them for access.
#include <optional>
#include <string>
#include <string_view>

#include "bunker/http/headers.h"
#include "s3/bucket_config.h"
#include "s3/owners.h"

namespace bunker::s3 {

inline constexpr std::string_view kAllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
inline constexpr std::string_view kAuthenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
inline constexpr std::string_view kLogDelivery = "http://acs.amazonaws.com/groups/s3/LogDelivery";

// What a request asked for: a canned ACL, or explicit grants (headers or a document).
struct RequestedAcl {
  std::string canned;  // empty when grants are explicit
  Grants grants;
};

// True when the request carries x-amz-acl or any x-amz-grant-* header (one pass over the
// headers: PutObject asks this on every request).
bool has_acl_headers(const http::Headers& headers);

// The ACL in x-amz-acl / x-amz-grant-* (nullopt when none). `bucket_acl`: the canned ACLs
// a bucket takes. Throws InvalidRequest (canned and grants together), InvalidArgument
// (unknown canned ACL, unreadable grant), UnresolvableGrantByEmailAddress.
std::optional<RequestedAcl> acl_from_headers(const http::Headers& headers, bool bucket_acl);

// An AccessControlPolicy document (PutBucketAcl / PutObjectAcl body); MalformedACLError
// when it does not read as one.
RequestedAcl acl_from_document(std::string_view xml);

// The grants a requested ACL amounts to. Canned ACLs expand as S3 documents them:
// `owner_id` owns the resource; bucket-owner-read / -full-control name `bucket_owner_id`
// (and are ignored on buckets, where `for_bucket`).
Grants expand(const RequestedAcl& acl, std::string_view owner_id, std::string_view bucket_owner_id, bool for_bucket);

// Public: grants anything to AllUsers or AuthenticatedUsers.
bool is_public(const Grants& grants);
// What a bucket with ACLs disabled still accepts: no grants beyond the bucket owner's
// FULL_CONTROL (bucket-owner-full-control, or the same spelled out).
bool only_bucket_owner_full_control(const Grants& grants, std::string_view bucket_owner_id);
// Grants nothing to anyone but `owner_id` (what a bucket ACL must be for BucketOwnerEnforced).
bool only_owner(const Grants& grants, std::string_view owner_id);

// The ACL checks of a PUT that carries an ACL on a bucket with `bucket`'s settings:
// AccessControlListNotSupported (400) when ACLs are disabled and the ACL is more than the
// bucket owner's full control; AccessDenied (403) when BlockPublicAcls is on and the ACL
// is public. Returns the grants to store (empty with ACLs disabled).
Grants check_acl_for_put(const BucketRecord& bucket, const RequestedAcl& acl, std::string_view owner_id, bool for_bucket);

// The owner and stored ACL of an object a PUT / POST / copy / multipart upload creates,
// from the request's ACL headers (or `form_acl`, a POST form's acl field) and the bucket's
// Object Ownership. Throws as check_acl_for_put.
struct NewObjectAcl {
  std::string owner_id;
  Grants acl;
};
NewObjectAcl acl_for_new_object(const BucketRecord& bucket, const http::Headers& headers, const Owner& writer,
                                const std::string* form_acl = nullptr);

// <AccessControlPolicy> as GetBucketAcl / GetObjectAcl answer it; empty `grants`: the
// owner's FULL_CONTROL.
std::string access_control_policy(const Owner& owner, const Grants& grants, const Owners& owners);

}  // namespace bunker::s3
