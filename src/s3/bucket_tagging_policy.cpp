// Put/Get/DeleteBucketTagging and Put/Get/DeleteBucketPolicy. Policies are stored and
// returned verbatim; they are not enforced, but BlockPublicPolicy refuses public ones as
// S3 does.
#include <nlohmann/json.hpp>

#include "bunker/core/strings.h"
#include "s3/errors.h"
#include "s3/operations.h"
#include "s3/public_policy.h"
#include "s3/tags.h"
#include "s3/upload_body.h"

namespace bunker::s3 {

awaitable<http::Response> put_bucket_tagging(Call& call) {
  call.bucket_record();
  std::string body = co_await read_small_body(call);
  Pairs tags = parse_tagging_xml(body, 50, false);
  call.engine.buckets.update(call.bucket, [&](BucketRecord& b) {
    b.tags = tags;
    b.has_tags = true;
  });
  co_return call.empty(204);
}

awaitable<http::Response> get_bucket_tagging(Call& call) {
  auto b = call.bucket_record();
  if (!b->has_tags) throw AwsError(404, "NoSuchTagSet", "The TagSet does not exist").field("BucketName", call.bucket);
  co_return call.xml(200, tagging_xml(b->tags));
}

awaitable<http::Response> delete_bucket_tagging(Call& call) {
  call.bucket_record();
  call.engine.buckets.update(call.bucket, [](BucketRecord& b) {
    b.tags.clear();
    b.has_tags = false;
  });
  co_return call.empty(204);
}

awaitable<http::Response> put_bucket_policy(Call& call) {
  auto bucket = call.bucket_record();
  std::string body = co_await read_small_body(call, 20 * 1024 + 1);
  if (body.size() > 20 * 1024)
    throw AwsError(400, "PolicyTooLarge", "Policy exceeds the maximum allowed document size.");
  auto text = trim(body);
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (text.empty() || text.front() != '{' || parsed.is_discarded())
    throw AwsError(400, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'");
  if (!parsed.contains("Statement"))
    throw AwsError(400, "MalformedPolicy", "Missing required field Statement");
  if (bucket->blocks_public_policy() && is_public_policy(text)) throw access_denied();
  call.engine.buckets.update(call.bucket, [&](BucketRecord& b) { b.policy = body; });
  co_return call.empty(204);
}

awaitable<http::Response> get_bucket_policy(Call& call) {
  auto b = call.bucket_record();
  if (b->policy.empty())
    throw AwsError(404, "NoSuchBucketPolicy", "The bucket policy does not exist").field("BucketName", call.bucket);
  http::Response res = call.empty(200);
  res.headers.add("Content-Type", "application/json");
  res.body = b->policy;
  co_return res;
}

awaitable<http::Response> delete_bucket_policy(Call& call) {
  call.bucket_record();
  call.engine.buckets.update(call.bucket, [](BucketRecord& b) { b.policy.clear(); });
  co_return call.empty(204);
}

}  // namespace bunker::s3
