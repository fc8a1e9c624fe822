// GetBucketLifecycleConfiguration and DeleteBucketLifecycle for buckets without lifecycle
// rules, which every bucket is: PutBucketLifecycleConfiguration is not implemented
// (routing.cpp), so no rule is ever stored and none is ever applied.
#include "s3/errors.h"
#include "s3/operations.h"

namespace bunker::s3 {

awaitable<http::Response> get_bucket_lifecycle_configuration(Call& call) {
  call.bucket_record();
  // S3's words, without a final period (as recorded from S3).
  throw AwsError(404, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist")
      .field("BucketName", call.bucket);
}

// S3 answers 204 whether or not the bucket had a configuration.
awaitable<http::Response> delete_bucket_lifecycle(Call& call) {
  call.bucket_record();
  co_return call.empty(204);
}

}  // namespace bunker::s3
