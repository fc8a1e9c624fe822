#include "apigateway/json_fields.h"

#include "apigateway/errors.h"
#include "bunker/core/clock.h"
#include "bunker/core/ids.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

[[noreturn]] void wrong_type(const json& v, std::string_view target) {
  throw serialization(java_class_of(v) + " can not be converted to an " + std::string(target));
}

const json* member(const json& body, std::string_view name) {
  if (!body.is_object()) return nullptr;
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

std::string java_class_of(const json& v) {
  // Recorded: booleans are java.lang.Boolean, numbers Coral's TruncatingBigNumber.
  // The collection class names are Coral's usual ones (assumed, not recorded).
  if (v.is_boolean()) return "class java.lang.Boolean";
  if (v.is_number()) return "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
  if (v.is_array()) return "class java.util.ArrayList";
  if (v.is_object()) return "class java.util.LinkedHashMap";
  return "class java.lang.String";
}

std::optional<std::string> opt_string(const json& body, std::string_view name) {
  const json* v = member(body, name);
  if (!v) return std::nullopt;
  if (!v->is_string()) wrong_type(*v, "String");
  return v->get<std::string>();
}

std::optional<bool> opt_bool(const json& body, std::string_view name) {
  const json* v = member(body, name);
  if (!v) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) {
    // Coral accepts the text forms of booleans.
    if (iequals(v->get<std::string>(), "true")) return true;
    if (iequals(v->get<std::string>(), "false")) return false;
  }
  wrong_type(*v, "Boolean");
}

std::optional<long long> opt_int(const json& body, std::string_view name) {
  const json* v = member(body, name);
  if (!v) return std::nullopt;
  if (v->is_number_integer()) return v->get<long long>();
  if (v->is_number_float()) return static_cast<long long>(v->get<double>());
  wrong_type(*v, "Integer");
}

std::optional<double> opt_double(const json& body, std::string_view name) {
  const json* v = member(body, name);
  if (!v) return std::nullopt;
  if (v->is_number()) return v->get<double>();
  wrong_type(*v, "Double");
}

std::optional<std::vector<std::string>> opt_string_list(const json& body, std::string_view name) {
  const json* v = member(body, name);
  if (!v) return std::nullopt;
  if (!v->is_array()) wrong_type(*v, "List");
  std::vector<std::string> out;
  for (const auto& e : *v) {
    if (!e.is_string()) wrong_type(e, "String");
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::optional<json> opt_string_map(const json& body, std::string_view name, bool allow_null_values) {
  const json* v = member(body, name);
  if (!v) return std::nullopt;
  if (!v->is_object()) wrong_type(*v, "Map");
  json out = json::object();
  for (const auto& [k, e] : v->items()) {
    if (e.is_null() && allow_null_values) {
      out[k] = nullptr;
      continue;
    }
    if (!e.is_string()) wrong_type(e, "String");
    out[k] = e;
  }
  return out;
}

std::optional<json> opt_bool_map(const json& body, std::string_view name) {
  const json* v = member(body, name);
  if (!v) return std::nullopt;
  if (!v->is_object()) wrong_type(*v, "Map");
  json out = json::object();
  for (const auto& [k, e] : v->items()) {
    if (e.is_boolean()) {
      out[k] = e;
    } else if (e.is_string() && (iequals(e.get<std::string>(), "true") || iequals(e.get<std::string>(), "false"))) {
      out[k] = iequals(e.get<std::string>(), "true");
    } else if (e.is_null()) {
      out[k] = false;
    } else {
      wrong_type(e, "Boolean");
    }
  }
  return out;
}

const json& object_member(const json& obj, std::string_view name) {
  static const json empty = json::object();
  if (!obj.is_object()) return empty;
  auto it = obj.find(name);
  return it != obj.end() && it->is_object() ? *it : empty;
}

json tags_or_empty(const json& body) { return opt_string_map(body, "tags", false).value_or(json::object()); }

long long epoch_seconds() { return now_millis() / 1000; }

std::string new_id(size_t length) { return to_lower(random_alnum(length, true)); }

}  // namespace bunker::apigateway
