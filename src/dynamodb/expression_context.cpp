#include "dynamodb/expression_context.h"

#include <nlohmann/json.hpp>

#include "bunker/core/aws_error.h"
#include "dynamodb/errors.h"

namespace bunker::dynamodb {

ExpressionContext ExpressionContext::from_request(const nlohmann::json* names, const nlohmann::json* values) {
  std::map<std::string, std::string> n;
  std::map<std::string, AttributeValue> v;
  if (names && !names->is_null()) {
    if (!names->is_object()) throw serialization_error("Unexpected value type in payload");
    if (names->empty()) throw validation_error("ExpressionAttributeNames must not be empty");
    for (auto it = names->begin(); it != names->end(); ++it) {
      if (it.key().size() < 2 || it.key()[0] != '#')
        throw validation_error("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + it.key() + "\"");
      if (!it.value().is_string()) throw serialization_error("Unexpected value type in payload");
      if (it.value().get_ref<const std::string&>().empty())
        throw validation_error("ExpressionAttributeNames contains invalid value: Empty attribute name; key: \"" +
                               it.key() + "\"");
      n.emplace(it.key(), it.value().get<std::string>());
    }
  }
  if (values && !values->is_null()) {
    if (!values->is_object()) throw serialization_error("Unexpected value type in payload");
    if (values->empty()) throw validation_error("ExpressionAttributeValues must not be empty");
    for (auto it = values->begin(); it != values->end(); ++it) {
      if (it.key().size() < 2 || it.key()[0] != ':')
        throw validation_error("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + it.key() +
                               "\"");
      v.emplace(it.key(), AttributeValue::from_json(it.value()));
    }
  }
  return ExpressionContext(std::move(n), std::move(v));
}

const std::string* ExpressionContext::name(std::string_view placeholder) {
  auto it = names_.find(std::string(placeholder));
  if (it == names_.end()) return nullptr;
  used_names_.insert(it->first);
  return &it->second;
}

const AttributeValue* ExpressionContext::value(std::string_view placeholder) {
  auto it = values_.find(std::string(placeholder));
  if (it == values_.end()) return nullptr;
  used_values_.insert(it->first);
  return &it->second;
}

namespace {

template <typename M, typename S>
std::string unused_keys(const M& defined, const S& used) {
  std::string out;
  for (const auto& [k, v] : defined) {
    if (used.count(k)) continue;
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

}  // namespace

void ExpressionContext::check_all_used() const {
  if (auto keys = unused_keys(names_, used_names_); !keys.empty())
    throw validation_error("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + keys + "}");
  if (auto keys = unused_keys(values_, used_values_); !keys.empty())
    throw validation_error("Value provided in ExpressionAttributeValues unused in expressions: keys: {" + keys + "}");
}

}  // namespace bunker::dynamodb
