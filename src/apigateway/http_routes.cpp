// HTTP APIs (v2): routes and integrations (Create/Get/Update/Delete Route and Integration).
#include "apigateway/http_common.h"
#include "apigateway/json_fields.h"

namespace bunker::apigateway {
namespace {

json& find_route(HttpApi& api, const std::string& id) {
  auto it = api.routes.find(id);
  if (it == api.routes.end()) throw not_found("Invalid Route identifier specified " + id).field("resourceType", "Route");
  return *it;
}

json& find_integration(HttpApi& api, const std::string& id) {
  auto it = api.integrations.find(id);
  if (it == api.integrations.end())
    throw not_found("Invalid Integration identifier specified " + id).field("resourceType", "Integration");
  return *it;
}

void check_route(const HttpApi& api, const json& route, const std::string& self) {
  const std::string key = route.value("routeKey", "");
  validate_route_key(key);
  for (const auto& [id, r] : api.routes.items())
    if (id != self && r.value("routeKey", "") == key)
      throw conflict("Route with key " + key + " already exists for this API");
  const std::string target = route.value("target", "");
  if (!target.empty()) {
    if (!target.starts_with("integrations/") || !api.integrations.contains(target.substr(13)))
      throw bad_request("Invalid target specified: " + target);
  }
  const std::string auth = route.value("authorizationType", "NONE");
  if (auth != "NONE" && auth != "JWT" && auth != "AWS_IAM" && auth != "CUSTOM")
    throw bad_request("Invalid authorization type specified: " + auth);
  if ((auth == "JWT" || auth == "CUSTOM") &&
      (!route.contains("authorizerId") || !api.authorizers.contains(route["authorizerId"].get<std::string>())))
    throw bad_request("Invalid authorizer identifier specified");
}

}  // namespace

Reply v2_create_route(Call& call) {
  HttpApi& api = find_http_api(call);
  json route = {{"apiKeyRequired", false}, {"authorizationType", "NONE"}};
  merge_members(route, call.body,
                {"routeKey", "target", "apiKeyRequired", "authorizationType", "authorizerId", "authorizationScopes",
                 "operationName", "requestModels", "requestParameters", "modelSelectionExpression",
                 "routeResponseSelectionExpression"});
  check_route(api, route, "");
  const std::string id = fresh_id(api.routes, 7);
  route["routeId"] = id;
  api.routes[id] = route;
  auto_deploy(call, api);
  return {201, route};
}

Reply v2_get_route(Call& call) { return {200, find_route(find_http_api(call), call.param("routeId"))}; }

Reply v2_get_routes(Call& call) {
  HttpApi& api = find_http_api(call);
  json items = json::array();
  for (const auto& [id, r] : api.routes.items()) items.push_back(r);
  return {200, {{"items", items}}};
}

Reply v2_update_route(Call& call) {
  HttpApi& api = find_http_api(call);
  json route = find_route(api, call.param("routeId"));
  merge_members(route, call.body,
                {"routeKey", "target", "apiKeyRequired", "authorizationType", "authorizerId", "authorizationScopes",
                 "operationName", "requestModels", "requestParameters", "modelSelectionExpression",
                 "routeResponseSelectionExpression"});
  check_route(api, route, call.param("routeId"));
  api.routes[call.param("routeId")] = route;
  auto_deploy(call, api);
  return {200, route};
}

Reply v2_delete_route(Call& call) {
  HttpApi& api = find_http_api(call);
  find_route(api, call.param("routeId"));
  api.routes.erase(call.param("routeId"));
  auto_deploy(call, api);
  return {204, json()};
}

Reply v2_create_integration(Call& call) {
  HttpApi& api = find_http_api(call);
  json in = new_http_integration(call.body);
  const std::string id = fresh_id(api.integrations, 7);
  in["integrationId"] = id;
  api.integrations[id] = in;
  auto_deploy(call, api);
  return {201, in};
}

Reply v2_get_integration(Call& call) {
  return {200, find_integration(find_http_api(call), call.param("integrationId"))};
}

Reply v2_get_integrations(Call& call) {
  HttpApi& api = find_http_api(call);
  json items = json::array();
  for (const auto& [id, i] : api.integrations.items()) items.push_back(i);
  return {200, {{"items", items}}};
}

Reply v2_update_integration(Call& call) {
  HttpApi& api = find_http_api(call);
  json in = find_integration(api, call.param("integrationId"));
  json merged = in;
  merge_members(merged, call.body,
                {"integrationType", "integrationUri", "integrationMethod", "payloadFormatVersion", "timeoutInMillis",
                 "connectionId", "connectionType", "credentialsArn", "description", "integrationSubtype",
                 "passthroughBehavior", "requestParameters", "requestTemplates", "responseParameters",
                 "templateSelectionExpression", "tlsConfig", "contentHandlingStrategy"});
  json checked = new_http_integration(merged);
  checked["integrationId"] = call.param("integrationId");
  if (in.contains("apiGatewayManaged")) checked["apiGatewayManaged"] = in["apiGatewayManaged"];
  api.integrations[call.param("integrationId")] = checked;
  auto_deploy(call, api);
  return {200, checked};
}

Reply v2_delete_integration(Call& call) {
  HttpApi& api = find_http_api(call);
  const std::string id = call.param("integrationId");
  find_integration(api, id);
  for (const auto& [rid, r] : api.routes.items())
    if (r.value("target", "") == "integrations/" + id)
      throw conflict("Cannot delete integration " + id + ", it is used by route " + r.value("routeKey", ""));
  api.integrations.erase(id);
  auto_deploy(call, api);
  return {204, json()};
}

}  // namespace bunker::apigateway
