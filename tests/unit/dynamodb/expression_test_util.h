#pragma once
#include <nlohmann/json.hpp>

#include "bunker/core/aws_error.h"
#include "dynamodb/expression_context.h"

namespace test_util {

inline bunker::dynamodb::ExpressionContext context(const char* names, const char* values) {
  nlohmann::json n = names ? nlohmann::json::parse(names) : nlohmann::json();
  nlohmann::json v = values ? nlohmann::json::parse(values) : nlohmann::json();
  return bunker::dynamodb::ExpressionContext::from_request(names ? &n : nullptr, values ? &v : nullptr);
}

inline bunker::dynamodb::Item item(const char* text) {
  return bunker::dynamodb::item_from_json(nlohmann::json::parse(text));
}

// The message of the AwsError fn throws, or "(no error)".
template <typename F>
std::string error_of(F&& fn) {
  try {
    fn();
  } catch (const bunker::AwsError& e) {
    return e.message();
  }
  return "(no error)";
}

}  // namespace test_util
