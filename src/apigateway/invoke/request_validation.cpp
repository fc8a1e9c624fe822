#include "apigateway/invoke/request_validation.h"

#include <cmath>

#include "bunker/core/strings.h"
#include "vtl/error.h"
#include "vtl/java_regex.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

bool is_type(const json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  if (type == "integer") return v.is_number_integer() || (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
  if (type == "number") return v.is_number();
  return true;
}

// A model's schema by $ref ("…/models/<name>" or "#/definitions/<name>").
const json* resolve_ref(const std::string& ref, const json& models, json& holder) {
  auto slash = ref.rfind('/');
  const std::string name = slash == std::string::npos ? ref : ref.substr(slash + 1);
  auto it = models.find(name);
  if (it == models.end()) return nullptr;
  holder = json::parse(it->value("schema", "{}"), nullptr, false);
  return holder.is_discarded() ? nullptr : &holder;
}

}  // namespace

bool json_schema_valid(const json& schema, const json& v, const json& models, int depth) {
  if (depth > 64 || !schema.is_object()) return true;
  if (auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
    json holder;
    const json* target = resolve_ref(ref->get<std::string>(), models, holder);
    return !target || json_schema_valid(*target, v, models, depth + 1);
  }
  if (auto t = schema.find("type"); t != schema.end()) {
    bool ok = false;
    if (t->is_string()) ok = is_type(v, t->get<std::string>());
    else if (t->is_array())
      for (const auto& one : *t) ok = ok || (one.is_string() && is_type(v, one.get<std::string>()));
    else ok = true;
    if (!ok) return false;
  }
  if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
    bool found = false;
    for (const auto& x : *e) found = found || x == v;
    if (!found) return false;
  }
  if (v.is_number()) {
    const double d = v.get<double>();
    if (auto m = schema.find("minimum"); m != schema.end() && m->is_number()) {
      const bool excl = schema.value("exclusiveMinimum", false);
      if (excl ? d <= m->get<double>() : d < m->get<double>()) return false;
    }
    if (auto m = schema.find("maximum"); m != schema.end() && m->is_number()) {
      const bool excl = schema.value("exclusiveMaximum", false);
      if (excl ? d >= m->get<double>() : d > m->get<double>()) return false;
    }
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (schema.contains("minLength") && s.size() < schema["minLength"].get<size_t>()) return false;
    if (schema.contains("maxLength") && s.size() > schema["maxLength"].get<size_t>()) return false;
    if (auto p = schema.find("pattern"); p != schema.end() && p->is_string()) {
      try {
        if (!vtl::JavaRegex::get(p->get<std::string>())->find(s)) return false;
      } catch (const vtl::TemplateError&) {
      }
    }
  }
  if (v.is_array()) {
    if (schema.contains("minItems") && v.size() < schema["minItems"].get<size_t>()) return false;
    if (schema.contains("maxItems") && v.size() > schema["maxItems"].get<size_t>()) return false;
    if (auto items = schema.find("items"); items != schema.end() && items->is_object())
      for (const auto& x : v)
        if (!json_schema_valid(*items, x, models, depth + 1)) return false;
  }
  if (v.is_object()) {
    if (auto req = schema.find("required"); req != schema.end() && req->is_array())
      for (const auto& name : *req)
        if (name.is_string() && !v.contains(name.get<std::string>())) return false;
    const json props = schema.value("properties", json::object());
    for (const auto& [k, x] : v.items()) {
      if (props.contains(k)) {
        if (!json_schema_valid(props[k], x, models, depth + 1)) return false;
      } else if (auto ap = schema.find("additionalProperties"); ap != schema.end()) {
        if (ap->is_boolean() && !ap->get<bool>()) return false;
        if (ap->is_object() && !json_schema_valid(*ap, x, models, depth + 1)) return false;
      }
    }
  }
  if (auto all = schema.find("allOf"); all != schema.end() && all->is_array())
    for (const auto& s : *all)
      if (!json_schema_valid(s, v, models, depth + 1)) return false;
  if (auto any = schema.find("anyOf"); any != schema.end() && any->is_array()) {
    bool ok = false;
    for (const auto& s : *any) ok = ok || json_schema_valid(s, v, models, depth + 1);
    if (!ok) return false;
  }
  if (auto one = schema.find("oneOf"); one != schema.end() && one->is_array()) {
    int n = 0;
    for (const auto& s : *one) n += json_schema_valid(s, v, models, depth + 1) ? 1 : 0;
    if (n != 1) return false;
  }
  if (auto no = schema.find("not"); no != schema.end() && no->is_object())
    if (json_schema_valid(*no, v, models, depth + 1)) return false;
  return true;
}

std::optional<GatewayError> validate_request(const Invocation& inv, const RestSnapshot& api, const Method& method) {
  if (method.request_validator_id.empty()) return std::nullopt;
  auto vit = api.validators.find(method.request_validator_id);
  if (vit == api.validators.end()) return std::nullopt;
  const json& validator = *vit;
  if (validator.value("validateRequestParameters", false)) {
    std::vector<std::string> missing;
    for (const auto& [key, required] : method.request_parameters.items()) {
      if (!required.is_boolean() || !required.get<bool>()) continue;
      std::string_view k = key;
      if (!k.starts_with("method.request.")) continue;
      k.remove_prefix(15);
      const auto dot = k.find('.');
      const std::string_view where = k.substr(0, dot);
      const std::string name(k.substr(dot + 1));
      bool present = true;
      if (where == "path") present = inv.path_param(name).has_value() && !inv.path_param(name)->empty();
      else if (where == "querystring" || where == "multivaluequerystring") present = inv.query_value(name).has_value();
      else if (where == "header" || where == "multivalueheader") present = inv.header(name).has_value();
      if (!present) missing.push_back(name);
    }
    if (!missing.empty()) {
      std::string list;
      for (size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + missing[i];
      return bad_request_parameters("Missing required request parameters: [" + list + "]");
    }
  }
  if (validator.value("validateRequestBody", false) && !method.request_models.empty()) {
    const std::string ct = base_media_type(inv.header("Content-Type").value_or("application/json"));
    std::string model_name;
    if (method.request_models.contains(ct)) model_name = method.request_models[ct].get<std::string>();
    else if (method.request_models.contains("$default")) model_name = method.request_models["$default"].get<std::string>();
    if (!model_name.empty() && api.models.contains(model_name)) {
      const json schema = json::parse(api.models[model_name].value("schema", "{}"), nullptr, false);
      const json body = json::parse(inv.body.empty() ? std::string("{}") : inv.body, nullptr, false);
      if (body.is_discarded() || (!schema.is_discarded() && !json_schema_valid(schema, body, api.models)))
        return bad_request_body("Invalid request body");
    }
  }
  return std::nullopt;
}

}  // namespace bunker::apigateway
