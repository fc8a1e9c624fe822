#pragma once
// ExpressionAttributeNames / ExpressionAttributeValues of one request. Every
// expression of the request is parsed against the same context, which records which
// placeholders were used so that the request can be refused for unused ones, as
// DynamoDB does.
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "dynamodb/attribute_value.h"

namespace bunker::dynamodb {

class ExpressionContext {
 public:
  ExpressionContext() = default;
  ExpressionContext(std::map<std::string, std::string> names, std::map<std::string, AttributeValue> values)
      : names_(std::move(names)), values_(std::move(values)) {}

  // From the request members (either may be null/absent). Validates DynamoDB's rules
  // for the maps themselves: non-empty, keys starting with '#' / ':', values valid.
  static ExpressionContext from_request(const nlohmann::json* names, const nlohmann::json* values);

  bool has_names() const { return !names_.empty(); }
  bool has_values() const { return !values_.empty(); }

  // Resolve a placeholder and mark it used; nullptr when it is not defined.
  const std::string* name(std::string_view placeholder);
  const AttributeValue* value(std::string_view placeholder);

  // Throws DynamoDB's "Value provided in ExpressionAttribute{Names,Values} unused in
  // expressions: keys: {…}" when a defined placeholder was never used.
  void check_all_used() const;

 private:
  std::map<std::string, std::string> names_;
  std::map<std::string, AttributeValue> values_;
  std::set<std::string, std::less<>> used_names_, used_values_;
};

}  // namespace bunker::dynamodb
