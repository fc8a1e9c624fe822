// Put/Get/DeleteBucketLifecycleConfiguration. The rules are validated as S3 validates them
// (s3/lifecycle_rules.h) and applied by the lifecycle sweep (s3/lifecycle_sweeper.h):
// Expiration of current objects and AbortIncompleteMultipartUpload. Transitions and the
// noncurrent-version actions are stored and returned but change nothing (every object stays
// in its storage class; buckets are unversioned).
#include "bunker/core/strings.h"
#include "s3/errors.h"
#include "s3/operations.h"
#include "s3/upload_body.h"

namespace bunker::s3 {
namespace {

constexpr std::string_view kMinSizeHeader = "x-amz-transition-default-minimum-object-size";

}  // namespace

awaitable<http::Response> put_bucket_lifecycle_configuration(Call& call) {
  call.bucket_record();
  require_integrity_header(call);
  std::string min_size = "all_storage_classes_128K";
  if (auto h = call.header(kMinSizeHeader)) {
    min_size = std::string(trim(*h));
    // Assumed wording: the enum's two values, anything else an invalid argument.
    if (min_size != "all_storage_classes_128K" && min_size != "varies_by_storage_class")
      throw invalid_argument("Invalid value for header " + std::string(kMinSizeHeader), std::string(kMinSizeHeader),
                             min_size);
  }
  std::string body = co_await read_small_body(call, 4 << 20);
  auto config = std::make_shared<LifecycleConfiguration>(parse_lifecycle(body));
  config->transition_default_minimum_object_size = min_size;
  call.engine.buckets.update(call.bucket, [&](BucketRecord& r) { r.lifecycle = config; });
  if (call.engine.lifecycle_changed) call.engine.lifecycle_changed();
  auto response = call.empty(200);
  response.headers.set(std::string(kMinSizeHeader), min_size);
  co_return response;
}

awaitable<http::Response> get_bucket_lifecycle_configuration(Call& call) {
  auto bucket = call.bucket_record();
  if (!bucket->lifecycle)
    // S3's words, without a final period (as recorded from S3).
    throw AwsError(404, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist")
        .field("BucketName", call.bucket);
  auto response = call.xml(200, render_lifecycle(*bucket->lifecycle));
  response.headers.set(std::string(kMinSizeHeader), bucket->lifecycle->transition_default_minimum_object_size);
  co_return response;
}

// S3 answers 204 whether or not the bucket had a configuration.
awaitable<http::Response> delete_bucket_lifecycle(Call& call) {
  call.bucket_record();
  call.engine.buckets.update(call.bucket, [](BucketRecord& r) { r.lifecycle.reset(); });
  co_return call.empty(204);
}

}  // namespace bunker::s3
