// Put/Get/DeletePublicAccessBlock and GetBucketPolicyStatus. The Block Public Access
// settings are stored and applied where S3 applies them to writes (BlockPublicAcls to
// ACLs a PUT carries, BlockPublicPolicy to PutBucketPolicy); IgnorePublicAcls and
// RestrictPublicBuckets are stored only, since Bunker enforces neither ACLs nor policies.
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/errors.h"
#include "s3/operations.h"
#include "s3/public_policy.h"
#include "s3/upload_body.h"
#include "s3/xml_input.h"

namespace bunker::s3 {
namespace {

constexpr const char* kXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

// One optional boolean element; returns whether it was there.
bool read_setting(const pugi::xml_node& root, const char* name, bool& out) {
  auto node = root.child(name);
  if (!node) return false;
  std::string v = to_lower(trim(std::string_view(node.child_value())));
  if (v != "true" && v != "false") throw malformed_xml();
  out = v == "true";
  return true;
}

const char* text(bool b) { return b ? "true" : "false"; }

}  // namespace

awaitable<http::Response> put_public_access_block(Call& call) {
  call.bucket_record();
  std::string body = co_await read_small_body(call, 64 * 1024);
  XmlDocument doc(body);
  auto root = doc.root("PublicAccessBlockConfiguration");
  PublicAccessBlock p;
  int given = 0;
  given += read_setting(root, "BlockPublicAcls", p.block_public_acls);
  given += read_setting(root, "IgnorePublicAcls", p.ignore_public_acls);
  given += read_setting(root, "BlockPublicPolicy", p.block_public_policy);
  given += read_setting(root, "RestrictPublicBuckets", p.restrict_public_buckets);
  // Assumed from SDK reports (a configuration serialised with no element is refused).
  if (given == 0) throw invalid_request("Must specify at least one configuration.");
  call.engine.buckets.update(call.bucket, [&](BucketRecord& b) { b.public_access_block = p; });
  co_return call.empty(200);
}

awaitable<http::Response> get_public_access_block(Call& call) {
  auto b = call.bucket_record();
  if (!b->public_access_block)
    throw AwsError(404, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
        .field("BucketName", call.bucket);
  const auto& p = *b->public_access_block;
  XmlWriter w;
  w.open("PublicAccessBlockConfiguration", kXmlns)
      .element("BlockPublicAcls", text(p.block_public_acls))
      .element("IgnorePublicAcls", text(p.ignore_public_acls))
      .element("BlockPublicPolicy", text(p.block_public_policy))
      .element("RestrictPublicBuckets", text(p.restrict_public_buckets));
  co_return call.xml(200, w.finish());
}

awaitable<http::Response> delete_public_access_block(Call& call) {
  call.bucket_record();
  call.engine.buckets.update(call.bucket, [](BucketRecord& b) { b.public_access_block.reset(); });
  co_return call.empty(204);
}

awaitable<http::Response> get_bucket_policy_status(Call& call) {
  auto b = call.bucket_record();
  if (b->policy.empty())
    throw AwsError(404, "NoSuchBucketPolicy", "The bucket policy does not exist").field("BucketName", call.bucket);
  XmlWriter w;
  w.open("PolicyStatus", kXmlns).element("IsPublic", text(is_public_policy(b->policy)));
  co_return call.xml(200, w.finish());
}

}  // namespace bunker::s3
