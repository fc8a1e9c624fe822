// PutMethod, GetMethod, UpdateMethod, DeleteMethod and the method responses
// (Put/Get/Update/DeleteMethodResponse).
#include <regex>

#include "apigateway/json_fields.h"
#include "apigateway/patch.h"
#include "apigateway/rest_common.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

const std::regex& status_pattern() {
  static const std::regex re("[1-5]\\d\\d");
  return re;
}

std::string status_error(const std::string& code) {
  return "Value '" + code +
         "' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d";
}

bool needs_authorizer(std::string_view type) { return type == "CUSTOM" || type == "COGNITO_USER_POOLS"; }

[[noreturn]] void invalid_authorizer() {
  throw bad_request(
      "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a "
      "valid authorizer.");
}

// requestParameters keys: method.request.{path|querystring|multivaluequerystring|header|multivalueheader}.<name>,
// with each name used in one location only.
void validate_request_parameters(const json& params) {
  std::map<std::string, std::string> seen;
  for (const auto& [key, v] : params.items()) {
    static const std::regex re("method\\.request\\.(path|querystring|multivaluequerystring|header|multivalueheader)\\.(.+)");
    std::smatch m;
    if (!std::regex_match(key, m, re))
      throw bad_request("Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid "
                        "mapping expression specified: " + key + "]");
    std::string location = m[1];
    if (location.starts_with("multivalue")) location = location.substr(10);
    std::string name = location == "header" ? to_lower(m[2].str()) : m[2].str();
    auto [it, inserted] = seen.emplace(name, location);
    if (!inserted && it->second != location)
      throw bad_request("Parameter names must be unique across querystring, header and path");
  }
}

void validate_models(const RestApi& api, const json& models) {
  for (const auto& [ct, name] : models.items())
    if (name.is_string() && !api.models.contains(name.get<std::string>()))
      throw bad_request("Invalid model identifier specified: " + name.get<std::string>());
}

json method_shape(const json& method) {
  json out = method;
  // An authorizer id only shows with an authorization type that uses it.
  if (!needs_authorizer(out.value("authorizationType", "NONE"))) out.erase("authorizerId");
  return out;
}

json& method_of_call(Call& call, RestApi& api) {
  json& resource = find_resource(api, call.param("resource_id"));
  return find_method(resource, call.param("http_method"));
}

}  // namespace

Reply put_method(Call& call) {
  RestApi& api = find_rest_api(call, Missing::kResource);
  json& resource = find_resource(api, call.param("resource_id"));
  const std::string http_method = call.param("http_method");
  if (!valid_http_method(http_method))
    throw bad_request("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
  const json& b = call.body;
  json method = {{"httpMethod", http_method}};
  // AWS keeps the type as sent (the zombie workshop sends "None"); the invoke side
  // compares it case-insensitively.
  method["authorizationType"] = opt_string(b, "authorizationType").value_or("NONE");
  const std::string auth_upper = to_upper(method["authorizationType"].get<std::string>());
  if (auto id = opt_string(b, "authorizerId")) {
    if (needs_authorizer(auth_upper) && !api.authorizers.contains(*id)) invalid_authorizer();
    method["authorizerId"] = *id;
  } else if (needs_authorizer(auth_upper)) {
    invalid_authorizer();
  }
  method["apiKeyRequired"] = opt_bool(b, "apiKeyRequired").value_or(false);
  if (auto v = opt_string(b, "requestValidatorId")) {
    if (!api.validators.contains(*v)) throw bad_request("Invalid Request Validator identifier specified");
    method["requestValidatorId"] = *v;
  }
  if (auto v = opt_string(b, "operationName")) method["operationName"] = *v;
  if (auto p = opt_bool_map(b, "requestParameters"); p && !p->empty()) {
    validate_request_parameters(*p);
    method["requestParameters"] = *p;
  }
  if (auto m = opt_string_map(b, "requestModels", false); m && !m->empty()) {
    validate_models(api, *m);
    method["requestModels"] = *m;
  }
  if (auto s = opt_string_list(b, "authorizationScopes"); s && !s->empty()) method["authorizationScopes"] = *s;
  auto& methods = resource["resourceMethods"];
  if (!methods.is_object()) methods = json::object();
  if (methods.contains(http_method)) throw conflict("Method already exists for this resource");
  methods[http_method] = method;
  save(call, api);
  return {201, method_shape(method)};
}

Reply get_method(Call& call) {
  RestApi& api = find_rest_api(call, Missing::kResource);
  return {200, method_shape(method_of_call(call, api))};
}

Reply update_method(Call& call) {
  auto ops = parse_patch_operations(call.body, "updateMethodInput");
  RestApi& stored = find_rest_api(call, Missing::kResource);
  method_of_call(call, stored);
  RestApi api = stored;
  json& m = method_of_call(call, api);
  for (const auto& op : ops) {
    const auto& s = op.segments;
    const std::string head = s.empty() ? "" : s[0];
    if (head == "requestParameters") {
      if (s.size() < 2) invalid_patch_path(op);
      const std::string name = rest_of_path(op, 1);
      json params = m.value("requestParameters", json::object());
      if (op.op == "remove") params.erase(name);
      else if (op.op == "add" || op.op == "replace") params[name] = patch_bool(op);
      else unsupported_op(op, "add, remove, replace");
      validate_request_parameters(params);
      if (params.empty()) m.erase("requestParameters");
      else m["requestParameters"] = params;
      continue;
    }
    if (head == "requestModels") {
      if (s.size() != 2) invalid_patch_path(op);
      json models = m.value("requestModels", json::object());
      if (op.op == "remove") {
        models.erase(s[1]);
      } else if (op.op == "add" || op.op == "replace") {
        const std::string name = patch_string(op);
        if (!api.models.contains(name)) throw bad_request("Invalid model identifier specified: " + name);
        models[s[1]] = name;
      } else {
        unsupported_op(op, "add, remove, replace");
      }
      if (models.empty()) m.erase("requestModels");
      else m["requestModels"] = models;
      continue;
    }
    if (head == "authorizationScopes") {
      json scopes = m.value("authorizationScopes", json::array());
      if (op.op == "add" && op.value) scopes.push_back(*op.value);
      else if (op.op == "remove" && op.value) scopes.erase(std::remove(scopes.begin(), scopes.end(), *op.value), scopes.end());
      else unsupported_op(op, "add, remove");
      if (scopes.empty()) m.erase("authorizationScopes");
      else m["authorizationScopes"] = scopes;
      continue;
    }
    if (s.size() != 1) invalid_patch_path(op);
    if (head != "authorizationType" && head != "authorizerId" && head != "apiKeyRequired" &&
        head != "operationName" && head != "requestValidatorId")
      invalid_patch_path(op);
    if (op.op != "replace") unsupported_op(op, "replace");
    if (head == "apiKeyRequired") {
      m[head] = patch_bool(op);
    } else if (!op.value || op.value->empty()) {
      if (head == "authorizationType") m[head] = "NONE";
      else m.erase(head);
    } else if (head == "requestValidatorId") {
      if (!api.validators.contains(*op.value)) throw bad_request("Invalid Request Validator identifier specified");
      m[head] = *op.value;
    } else {
      m[head] = *op.value;
    }
  }
  // The authorizer must exist once the method uses one.
  if (needs_authorizer(to_upper(m.value("authorizationType", "NONE")))) {
    const std::string id = m.value("authorizerId", "");
    if (id.empty() || !api.authorizers.contains(id)) invalid_authorizer();
  }
  save(call, api);
  stored = std::move(api);
  return {200, method_shape(method_of_call(call, stored))};
}

Reply delete_method(Call& call) {
  RestApi& api = find_rest_api(call, Missing::kResource);
  json& resource = find_resource(api, call.param("resource_id"));
  find_method(resource, call.param("http_method"));
  resource["resourceMethods"].erase(call.param("http_method"));
  save(call, api);
  return {204, json()};
}

// ---- Method responses ----

Reply put_method_response(Call& call) {
  const std::string code = call.param("status_code");
  if (!std::regex_match(code, status_pattern())) throw_validation_errors({status_error(code)});
  RestApi& api = find_rest_api(call, Missing::kResource);
  json& m = method_of_call(call, api);
  json resp = {{"statusCode", code}};
  if (auto p = opt_bool_map(call.body, "responseParameters")) {
    for (const auto& [k, v] : p->items())
      if (!k.starts_with("method.response.header.")) throw bad_request("Invalid parameter name specified");
    resp["responseParameters"] = *p;
  }
  if (auto models = opt_string_map(call.body, "responseModels", false)) {
    validate_models(api, *models);
    resp["responseModels"] = *models;
  }
  m["methodResponses"][code] = resp;
  save(call, api);
  return {201, resp};
}

Reply get_method_response(Call& call) {
  const std::string code = call.param("status_code");
  if (!std::regex_match(code, status_pattern())) throw_validation_errors({status_error(code)});
  RestApi& api = find_rest_api(call, Missing::kResource);
  json& m = method_of_call(call, api);
  auto it = m.find("methodResponses");
  if (it == m.end() || !it->contains(code)) throw not_found("Invalid Response status code specified");
  return {200, (*it)[code]};
}

Reply update_method_response(Call& call) {
  const std::string code = call.param("status_code");
  std::vector<std::string> extra;
  if (!std::regex_match(code, status_pattern())) extra.push_back(status_error(code));
  auto ops = parse_patch_operations(call.body, "updateMethodResponseInput", extra);
  RestApi& stored = find_rest_api(call, Missing::kResource);
  method_of_call(call, stored);
  RestApi api = stored;
  json& m = method_of_call(call, api);
  auto it = m.find("methodResponses");
  if (it == m.end() || !it->contains(code)) throw not_found("Invalid Response status code specified");
  json& resp = (*it)[code];
  for (const auto& op : ops) {
    const auto& s = op.segments;
    const std::string head = s.empty() ? "" : s[0];
    if (head == "responseParameters" && s.size() >= 2) {
      const std::string name = rest_of_path(op, 1);
      if (!name.starts_with("method.response.header.")) throw bad_request("Invalid parameter name specified");
      json params = resp.value("responseParameters", json::object());
      if (op.op == "remove") {
        if (!params.contains(name)) throw bad_request("Invalid parameter name specified");
        params.erase(name);
      } else if (op.op == "add" || op.op == "replace") {
        params[name] = patch_bool(op);
      } else {
        unsupported_op(op, "add, remove, replace");
      }
      if (params.empty()) resp.erase("responseParameters");
      else resp["responseParameters"] = params;
      continue;
    }
    if (head == "responseModels" && s.size() == 2) {
      const std::string& ct = s[1];
      json models = resp.value("responseModels", json::object());
      if (ct.find('/') == std::string::npos) throw bad_request("Content-Type specified was not found");
      if (op.op == "remove") {
        if (!models.contains(ct)) throw bad_request("Content-Type specified was not found");
        models.erase(ct);
      } else if (op.op == "add" || op.op == "replace") {
        const std::string name = patch_string(op);
        if (!api.models.contains(name)) throw bad_request("Invalid model identifier specified: " + name);
        models[ct] = name;
      } else {
        unsupported_op(op, "add, remove, replace");
      }
      if (models.empty()) resp.erase("responseModels");
      else resp["responseModels"] = models;
      continue;
    }
    invalid_patch_path(op);
  }
  json out = resp;
  save(call, api);
  stored = std::move(api);
  return {201, out};
}

Reply delete_method_response(Call& call) {
  const std::string code = call.param("status_code");
  RestApi& api = find_rest_api(call, Missing::kResource);
  json& m = method_of_call(call, api);
  auto it = m.find("methodResponses");
  if (it == m.end() || !it->contains(code)) throw not_found("Invalid Response status code specified");
  it->erase(code);
  if (it->empty()) m.erase("methodResponses");
  save(call, api);
  return {204, json()};
}

}  // namespace bunker::apigateway
