#pragma once
// S3's bucket naming rules (general purpose buckets):
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
#include <string_view>

namespace bunker::s3 {

bool is_valid_bucket_name(std::string_view name);

}  // namespace bunker::s3
