// CreateModel, GetModel(s), UpdateModel, DeleteModel and the request validators
// (Create/Get/Update/DeleteRequestValidator).
#include "apigateway/json_fields.h"
#include "apigateway/patch.h"
#include "apigateway/rest_common.h"

namespace bunker::apigateway {
namespace {

void validate_schema(const std::optional<std::string>& schema) {
  // AWS only refuses schemas that say nothing at all.
  bool empty = !schema || schema->empty();
  if (!empty) {
    auto parsed = json::parse(*schema, nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object() && parsed.empty()) empty = true;
  }
  if (empty) throw bad_request("Model schema must have at least 1 property or array items defined");
}

bool alphanumeric(const std::string& s) {
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

// The first method that uses the model as a request model, as "<path>/<METHOD>".
std::optional<std::string> model_user(const RestApi& api, const std::string& name) {
  for (const auto& [rid, r] : api.resources.items()) {
    auto methods = r.find("resourceMethods");
    if (methods == r.end()) continue;
    for (const auto& [m, method] : methods->items()) {
      auto models = method.find("requestModels");
      if (models == method.end()) continue;
      for (const auto& [ct, used] : models->items())
        if (used == name) return resource_path(api, rid) + "/" + m;
    }
  }
  return std::nullopt;
}

json& find_validator(Call& call, RestApi& api) {
  auto it = api.validators.find(call.param("requestvalidator_id"));
  if (it == api.validators.end()) throw not_found("Invalid Request Validator identifier specified");
  return *it;
}

}  // namespace

Reply create_model(Call& call) {
  RestApi& api = find_rest_api(call);
  const json& b = call.body;
  const std::string name = opt_string(b, "name").value_or("");
  if (name.empty()) throw bad_request("Model name must be non-empty");
  if (!alphanumeric(name)) throw bad_request("Model name must be alphanumeric: " + name);
  if (api.models.contains(name)) throw conflict("Model name already exists for this REST API");
  auto schema = opt_string(b, "schema");
  validate_schema(schema);
  json m = {{"id", new_id(6)}, {"name", name}, {"contentType", opt_string(b, "contentType").value_or("application/json")},
            {"schema", *schema}};
  if (auto d = opt_string(b, "description")) m["description"] = *d;
  api.models[name] = m;
  save(call, api);
  return {201, m};
}

Reply get_model(Call& call) {
  RestApi& api = find_rest_api(call);
  auto it = api.models.find(call.param("model_name"));
  if (it == api.models.end()) throw not_found("Invalid model name specified: " + call.param("model_name"));
  return {200, *it};
}

Reply get_models(Call& call) {
  RestApi& api = find_rest_api(call);
  json items = json::array();
  for (const auto& [n, m] : api.models.items()) items.push_back(m);
  return {200, paginate(call, std::move(items))};
}

Reply update_model(Call& call) {
  auto ops = parse_patch_operations(call.body, "updateModelInput");
  RestApi& api = find_rest_api(call);
  auto it = api.models.find(call.param("model_name"));
  if (it == api.models.end()) throw not_found("Invalid model name specified: " + call.param("model_name"));
  json m = *it;
  for (const auto& op : ops) {
    const bool known = op.path == "/description" || op.path == "/schema";
    if (op.op != "replace") op_not_supported_for_path(op);
    if (!known) invalid_path_for_op(op, "/description, /schema");
    if (op.path == "/schema") {
      validate_schema(op.value);
      m["schema"] = *op.value;
    } else if (op.value) {
      m["description"] = *op.value;
    } else {
      m.erase("description");
    }
  }
  *it = m;
  save(call, api);
  return {200, m};
}

Reply delete_model(Call& call) {
  RestApi& api = find_rest_api(call);
  const std::string name = call.param("model_name");
  if (!api.models.contains(name)) throw not_found("Invalid model name specified: " + name);
  if (auto user = model_user(api, name))
    throw conflict("Cannot delete model '" + name + "', is referenced in method request: " + *user);
  api.models.erase(name);
  save(call, api);
  return {202, json()};
}

// ---- Request validators ----

Reply create_request_validator(Call& call) {
  RestApi& api = find_rest_api(call, Missing::kRestApi);
  json v = {{"id", new_id(6)},
            {"name", opt_string(call.body, "name").value_or("")},
            {"validateRequestBody", opt_bool(call.body, "validateRequestBody").value_or(false)},
            {"validateRequestParameters", opt_bool(call.body, "validateRequestParameters").value_or(false)}};
  api.validators[v["id"].get<std::string>()] = v;
  save(call, api);
  return {201, v};
}

Reply get_request_validator(Call& call) {
  RestApi& api = find_rest_api(call, Missing::kValidator);
  return {200, find_validator(call, api)};
}

Reply get_request_validators(Call& call) {
  RestApi& api = find_rest_api(call);
  json items = json::array();
  for (const auto& [id, v] : api.validators.items()) items.push_back(v);
  return {200, paginate(call, std::move(items))};
}

Reply update_request_validator(Call& call) {
  auto ops = parse_patch_operations(call.body, "updateRequestValidatorInput");
  RestApi& api = find_rest_api(call, Missing::kValidator);
  json v = find_validator(call, api);
  for (const auto& op : ops) {
    const bool known = op.path == "/name" || op.path == "/validateRequestParameters" ||
                       op.path == "/validateRequestBody";
    if (op.op != "replace") op_not_supported_for_path(op);
    if (!known) invalid_path_for_op(op, "/name, /validateRequestParameters, /validateRequestBody");
    if (op.path == "/name") {
      if (!op.value || op.value->empty()) throw bad_request("Request Validator name cannot be blank");
      v["name"] = *op.value;
    } else {
      v[op.path.substr(1)] = patch_bool(op);
    }
  }
  api.validators[call.param("requestvalidator_id")] = v;
  save(call, api);
  return {200, v};
}

Reply delete_request_validator(Call& call) {
  RestApi& api = find_rest_api(call, Missing::kValidator);
  find_validator(call, api);
  api.validators.erase(call.param("requestvalidator_id"));
  save(call, api);
  return {202, json()};
}

}  // namespace bunker::apigateway
