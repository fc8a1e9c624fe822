// Put/Get/DeleteBucketOwnershipControls: S3 Object Ownership, which decides who owns the
// objects written to a bucket and whether the bucket takes ACLs.
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/acl.h"
#include "s3/errors.h"
#include "s3/operations.h"
#include "s3/upload_body.h"
#include "s3/xml_input.h"

namespace bunker::s3 {

std::optional<std::string_view> parse_object_ownership(std::string_view v) {
  for (auto known : {kBucketOwnerEnforced, kBucketOwnerPreferred, kObjectWriter})
    if (v == known) return known;
  return std::nullopt;
}

AwsError invalid_bucket_acl_with_ownership() {
  return AwsError(400, "InvalidBucketAclWithObjectOwnership",
                  "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
}

awaitable<http::Response> put_bucket_ownership_controls(Call& call) {
  auto b = call.bucket_record();
  std::string body = co_await read_small_body(call, 64 * 1024);
  XmlDocument doc(body);
  auto root = doc.root("OwnershipControls");
  auto rules = root.children("Rule");
  auto count = std::distance(rules.begin(), rules.end());
  if (count != 1) throw malformed_xml();
  auto value = parse_object_ownership(trim(std::string_view(root.child("Rule").child_value("ObjectOwnership"))));
  if (!value) throw malformed_xml();
  // Disabling ACLs needs a bucket ACL that gives nothing to anyone but the owner.
  if (*value == kBucketOwnerEnforced && !only_owner(b->acl, b->owner_id)) throw invalid_bucket_acl_with_ownership();
  call.engine.buckets.update(call.bucket, [&](BucketRecord& r) { r.object_ownership = std::string(*value); });
  co_return call.empty(200);
}

awaitable<http::Response> get_bucket_ownership_controls(Call& call) {
  auto b = call.bucket_record();
  if (b->object_ownership.empty())
    throw AwsError(404, "OwnershipControlsNotFoundError", "The bucket ownership controls were not found")
        .field("BucketName", call.bucket);
  XmlWriter w;
  w.open("OwnershipControls", "http://s3.amazonaws.com/doc/2006-03-01/")
      .open("Rule")
      .element("ObjectOwnership", b->object_ownership);
  co_return call.xml(200, w.finish());
}

awaitable<http::Response> delete_bucket_ownership_controls(Call& call) {
  call.bucket_record();
  call.engine.buckets.update(call.bucket, [](BucketRecord& r) { r.object_ownership.clear(); });
  co_return call.empty(204);
}

}  // namespace bunker::s3
