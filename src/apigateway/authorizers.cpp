// CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer (REST APIs).
// The invoke side evaluates them (see authorizer_runner.h).
#include "apigateway/json_fields.h"
#include "apigateway/patch.h"
#include "apigateway/rest_common.h"

namespace bunker::apigateway {
namespace {

void validate_type(const std::string& type) {
  if (type != "TOKEN" && type != "REQUEST" && type != "COGNITO_USER_POOLS")
    throw bad_request("Invalid authorizer type specified. Valid options are TOKEN,REQUEST,COGNITO_USER_POOLS");
}

json& find_authorizer(RestApi& api, const std::string& id) {
  auto it = api.authorizers.find(id);
  if (it == api.authorizers.end()) throw not_found("Invalid Authorizer identifier specified");
  return *it;
}

}  // namespace

Reply create_authorizer(Call& call) {
  RestApi& api = find_rest_api(call, Missing::kConflict);
  const json& b = call.body;
  const std::string name = opt_string(b, "name").value_or("");
  if (name.empty()) throw bad_request("Authorizer name must be non-empty");
  const std::string type = opt_string(b, "type").value_or("");
  validate_type(type);
  json a = {{"name", name}, {"type", type}};
  for (const char* k : {"authType", "authorizerUri", "authorizerCredentials", "identitySource",
                        "identityValidationExpression"})
    if (auto v = opt_string(b, k)) a[k] = *v;
  if (auto arns = opt_string_list(b, "providerARNs"); arns && !arns->empty()) a["providerARNs"] = *arns;
  if (auto ttl = opt_int(b, "authorizerResultTtlInSeconds")) {
    if (*ttl < 0 || *ttl > 3600) throw bad_request("Invalid authorizer TTL specified. Must be between 0 and 3600");
    a["authorizerResultTtlInSeconds"] = *ttl;
  }
  if (type == "TOKEN" && !a.contains("identitySource"))
    throw bad_request("Identity source must be a header: method.request.header.<name>");
  if (type != "COGNITO_USER_POOLS" && !a.contains("authorizerUri"))
    throw bad_request("Authorizer URI must be specified for authorizers of type " + type);
  if (type == "COGNITO_USER_POOLS" && !a.contains("providerARNs"))
    throw bad_request("Provider ARNs must be specified for COGNITO_USER_POOLS authorizers");
  std::string id;
  do id = new_id(6);
  while (api.authorizers.contains(id));
  a["id"] = id;
  api.authorizers[id] = a;
  save(call, api);
  return {201, a};
}

Reply get_authorizer(Call& call) {
  RestApi& api = find_rest_api(call);
  return {200, find_authorizer(api, call.param("authorizer_id"))};
}

Reply get_authorizers(Call& call) {
  RestApi& api = find_rest_api(call);
  json items = json::array();
  for (const auto& [id, a] : api.authorizers.items()) items.push_back(a);
  return {200, paginate(call, std::move(items))};
}

Reply update_authorizer(Call& call) {
  auto ops = parse_patch_operations(call.body, "updateAuthorizerInput");
  RestApi& api = find_rest_api(call);
  json a = find_authorizer(api, call.param("authorizer_id"));
  for (const auto& op : ops) {
    const auto& s = op.segments;
    const std::string head = s.empty() ? "" : s[0];
    if (head == "providerARNs") {
      json arns = a.value("providerARNs", json::array());
      const std::string arn = s.size() >= 2 ? rest_of_path(op, 1) : patch_string(op);
      if (op.op == "add") arns.push_back(op.value.value_or(arn));
      else if (op.op == "remove") arns.erase(std::remove(arns.begin(), arns.end(), arn), arns.end());
      else unsupported_op(op, "add, remove");
      a["providerARNs"] = arns;
      continue;
    }
    if (s.size() != 1) invalid_patch_path(op);
    if (op.op != "replace") unsupported_op(op, "replace");
    if (head == "authorizerResultTtlInSeconds") {
      long long ttl = -1;
      try {
        ttl = std::stoll(patch_string(op));
      } catch (...) {
      }
      if (ttl < 0 || ttl > 3600) throw bad_request("Invalid authorizer TTL specified. Must be between 0 and 3600");
      a[head] = ttl;
    } else if (head == "type") {
      validate_type(patch_string(op));
      a[head] = patch_string(op);
    } else if (head == "name" || head == "authType" || head == "authorizerUri" || head == "authorizerCredentials" ||
               head == "identitySource" || head == "identityValidationExpression") {
      if (!op.value || op.value->empty()) a.erase(head);
      else a[head] = *op.value;
    } else {
      invalid_patch_path(op);
    }
  }
  api.authorizers[call.param("authorizer_id")] = a;
  save(call, api);
  return {200, a};
}

Reply delete_authorizer(Call& call) {
  RestApi& api = find_rest_api(call);
  const std::string id = call.param("authorizer_id");
  const json& a = find_authorizer(api, id);
  for (const auto& [rid, r] : api.resources.items()) {
    auto methods = r.find("resourceMethods");
    if (methods == r.end()) continue;
    for (const auto& [name, m] : methods->items())
      if (m.value("authorizerId", "") == id)
        throw conflict("Cannot delete authorizer '" + a.value("name", "") + "', is referenced in method: " + name +
                       " " + resource_path(api, rid));
  }
  api.authorizers.erase(id);
  save(call, api);
  return {202, json()};
}

}  // namespace bunker::apigateway
