#pragma once
// EventBridge's request validation errors, in the forms its API answers with.
#include <string>

#include "bunker/core/aws_error.h"

namespace bunker::events {

inline AwsError validation(std::string message) { return AwsError(400, "ValidationException", std::move(message)); }

// "1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: rule"
[[noreturn]] inline void constraint(const std::string& value, const std::string& field, const std::string& rule) {
  throw validation("1 validation error detected: Value '" + value + "' at '" + field + "' failed to satisfy constraint: " +
                   rule);
}

}  // namespace bunker::events
