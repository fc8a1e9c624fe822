#pragma once
// IAM's and STS's error codes with their HTTP statuses (botocore's iam/sts models).
#include <string>

#include "bunker/core/aws_error.h"

namespace bunker::iam {

inline AwsError no_such_entity(std::string message) { return AwsError(404, "NoSuchEntity", std::move(message)); }
inline AwsError already_exists(std::string message) { return AwsError(409, "EntityAlreadyExists", std::move(message)); }
inline AwsError delete_conflict(std::string message) { return AwsError(409, "DeleteConflict", std::move(message)); }
inline AwsError limit_exceeded(std::string message) { return AwsError(409, "LimitExceeded", std::move(message)); }
inline AwsError invalid_input(std::string message) { return AwsError(400, "InvalidInput", std::move(message)); }
inline AwsError malformed_policy(std::string message) {
  return AwsError(400, "MalformedPolicyDocument", std::move(message));
}
// The generic constraint failure of AWS's request validation (length, pattern, range).
inline AwsError validation_error(std::string message) { return AwsError(400, "ValidationError", std::move(message)); }

}  // namespace bunker::iam
