#pragma once
// Request ids in each service's own shape.
#include <string>

namespace bunker::protocol {

std::string dynamodb_request_id();  // 52 characters [A-Z0-9]
std::string s3_request_id();        // 16 uppercase hex digits
std::string s3_host_id();           // x-amz-id-2: base64 of random bytes
std::string uuid_request_id();      // Lambda, API Gateway, IAM, STS, Logs

}  // namespace bunker::protocol
