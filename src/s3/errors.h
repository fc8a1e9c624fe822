#pragma once
// S3's errors as S3 words them (code, status, message, extra members).
#include <cstdint>
#include <string>
#include <string_view>

#include "bunker/core/aws_error.h"

namespace bunker::s3 {

AwsError no_such_bucket(std::string_view bucket);
AwsError no_such_key(std::string_view key);
AwsError no_such_upload(std::string_view upload_id);
AwsError invalid_bucket_name(std::string_view bucket);
AwsError invalid_argument(std::string_view message, std::string_view name = {}, std::string_view value = {});
AwsError invalid_request(std::string_view message);
AwsError malformed_xml();
AwsError method_not_allowed(std::string_view method, std::string_view resource_type);
AwsError not_implemented(std::string_view what = {});
AwsError precondition_failed(std::string_view condition);
AwsError invalid_range(std::string_view range, uint64_t size);
AwsError bad_digest_md5(std::string_view expected_b64, std::string_view calculated_b64);
AwsError invalid_digest(std::string_view given);
AwsError checksum_mismatch(std::string_view algorithm);
AwsError entity_too_large(uint64_t proposed, uint64_t max);
AwsError access_denied();

}  // namespace bunker::s3
