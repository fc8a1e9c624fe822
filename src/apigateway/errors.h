#pragma once
// API Gateway's management-API errors. Most are {"message": "..."} bodies; the
// validation layer in front of the service (ValidationException, SerializationException)
// answers {"Message": "..."} instead (recorded on AWS), which render_error reproduces.
#include <string>

#include "bunker/core/aws_error.h"

namespace bunker::apigateway {

inline AwsError bad_request(std::string message) { return AwsError(400, "BadRequestException", std::move(message)); }
inline AwsError not_found(std::string message) { return AwsError(404, "NotFoundException", std::move(message)); }
inline AwsError conflict(std::string message) { return AwsError(409, "ConflictException", std::move(message)); }
inline AwsError too_many(std::string message) { return AwsError(429, "TooManyRequestsException", std::move(message)); }
inline AwsError validation(std::string message) { return AwsError(400, "ValidationException", std::move(message)); }
inline AwsError serialization(std::string message) {
  return AwsError(400, "SerializationException", std::move(message));
}

// True for the errors whose body member is "Message".
inline bool capitalized_message(const AwsError& e) {
  return e.code() == "ValidationException" || e.code() == "SerializationException";
}

}  // namespace bunker::apigateway
