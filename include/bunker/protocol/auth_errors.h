#pragma once
// The error each service answers when authentication fails, in that service's words.
#include <string_view>

#include "bunker/core/aws_error.h"

namespace bunker::protocol {

enum class AuthFailure {
  kMissing,              // no credentials where they are required
  kMalformed,            // an Authorization header or presign that cannot be parsed
  kUnknownKey,           // access key not known
  kSignatureMismatch,    // signature differs from the one computed
  kExpired,              // presigned URL past X-Amz-Expires
  kTimeSkew,             // X-Amz-Date too far from now
  kPayloadHashMismatch,  // body differs from x-amz-content-sha256
};

// `service` is the router key ("s3", "dynamodb", "lambda", …); `detail` completes the
// messages that quote the request (malformed header text, the key id, …).
AwsError auth_error(std::string_view service, AuthFailure failure, std::string_view detail = {});

}  // namespace bunker::protocol
