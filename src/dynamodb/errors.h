#pragma once
// DynamoDB's error codes as AwsError values. The JSON 1.0 protocol layer renders the
// code as "__type"; messages are DynamoDB's own texts, written at the throw site.
#include <string>

#include "bunker/core/aws_error.h"

namespace bunker::dynamodb {

inline AwsError validation_error(std::string message) {
  return AwsError(400, "ValidationException", std::move(message));
}
// "One or more parameter values were invalid: <detail>"
inline AwsError invalid_parameter(const std::string& detail) {
  return validation_error("One or more parameter values were invalid: " + detail);
}
inline AwsError conditional_check_failed() {
  return AwsError(400, "ConditionalCheckFailedException", "The conditional request failed");
}
inline AwsError resource_not_found(std::string message = "Requested resource not found") {
  return AwsError(400, "ResourceNotFoundException", std::move(message));
}
inline AwsError resource_in_use(std::string message) {
  return AwsError(400, "ResourceInUseException", std::move(message));
}
inline AwsError serialization_error(std::string message) {
  return AwsError(400, "SerializationException", std::move(message));
}

}  // namespace bunker::dynamodb
