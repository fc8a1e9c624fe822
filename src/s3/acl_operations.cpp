// GetBucketAcl, PutBucketAcl, GetObjectAcl, PutObjectAcl. ACLs are stored and reported,
// not enforced; Object Ownership decides whether a bucket takes them at all.
#include "bunker/core/strings.h"
#include "s3/acl.h"
#include "s3/errors.h"
#include "s3/operations.h"
#include "s3/upload_body.h"

namespace bunker::s3 {
namespace {

// The ACL of a PutBucketAcl / PutObjectAcl: headers or an AccessControlPolicy body, not both.
awaitable<RequestedAcl> requested_acl(Call& call, bool for_bucket) {
  std::string body = co_await read_small_body(call, 1 << 20);
  auto from_headers = acl_from_headers(call.req.headers, for_bucket);
  if (from_headers) {
    if (!trim(body).empty()) throw AwsError(400, "UnexpectedContent", "This request does not support content");
    co_return *from_headers;
  }
  if (trim(body).empty())
    throw AwsError(400, "MissingSecurityHeader", "Your request was missing a required header")
        .field("MissingHeaderName", "x-amz-acl");
  co_return acl_from_document(body);
}

}  // namespace

awaitable<http::Response> get_bucket_acl(Call& call) {
  auto b = call.bucket_record();
  co_return call.xml(200, access_control_policy(call.engine.owners.by_id(b->owner_id), b->acl, call.engine.owners));
}

awaitable<http::Response> put_bucket_acl(Call& call) {
  auto b = call.bucket_record();
  RequestedAcl acl = co_await requested_acl(call, true);
  Grants grants = check_acl_for_put(*b, acl, b->owner_id, true);
  if (!b->acls_disabled()) {
    if (only_owner(grants, b->owner_id) && grants.size() == 1 && grants[0].permission == "FULL_CONTROL") grants.clear();
    call.engine.buckets.update(call.bucket, [&](BucketRecord& r) { r.acl = grants; });
  }
  co_return call.empty(200);
}

awaitable<http::Response> get_object_acl(Call& call) {
  auto b = call.bucket_record();
  auto rec = call.engine.objects.get(call.bucket, call.key);
  if (!rec) throw no_such_key(call.key);
  // With ACLs disabled S3 reports the bucket owner's full control, whatever was set before.
  if (b->acls_disabled())
    co_return call.xml(200, access_control_policy(call.engine.owners.by_id(b->owner_id), {}, call.engine.owners));
  co_return call.xml(200, access_control_policy(call.engine.owners.by_id(rec->owner_id), rec->acl, call.engine.owners));
}

awaitable<http::Response> put_object_acl(Call& call) {
  auto b = call.bucket_record();
  auto rec = call.engine.objects.get(call.bucket, call.key);
  if (!rec) throw no_such_key(call.key);
  RequestedAcl acl = co_await requested_acl(call, false);
  Grants grants = check_acl_for_put(*b, acl, rec->owner_id, false);
  if (!b->acls_disabled()) {
    if (grants.size() == 1 && grants[0] == Grant{"CanonicalUser", rec->owner_id, "FULL_CONTROL"}) grants.clear();
    if (!call.engine.objects.update(call.bucket, call.key, [&](ObjectRecord& r) { r.acl = grants; }))
      throw no_such_key(call.key);
  }
  co_return call.empty(200);
}

}  // namespace bunker::s3
