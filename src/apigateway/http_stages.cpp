// HTTP APIs (v2): stages, deployments and authorizers.
#include "apigateway/http_common.h"
#include "apigateway/json_fields.h"

namespace bunker::apigateway {
namespace {

json& find_stage(HttpApi& api, const std::string& name) {
  auto it = api.stages.find(name);
  if (it == api.stages.end())
    throw not_found("Invalid stage identifier specified " + name).field("resourceType", "Stage");
  return *it;
}

json& find_authorizer(HttpApi& api, const std::string& id) {
  auto it = api.authorizers.find(id);
  if (it == api.authorizers.end())
    throw not_found("Invalid authorizer identifier specified " + id).field("resourceType", "Authorizer");
  return *it;
}

constexpr std::initializer_list<const char*> kStageMembers = {
    "accessLogSettings", "autoDeploy", "clientCertificateId", "defaultRouteSettings", "deploymentId", "description",
    "routeSettings", "stageVariables"};

void check_authorizer(const json& a) {
  const std::string type = a.value("authorizerType", "");
  if (type != "REQUEST" && type != "JWT") throw bad_request("Invalid authorizer type specified. Valid options are REQUEST,JWT");
  if (type == "REQUEST" && !a.contains("authorizerUri")) throw bad_request("AuthorizerUri is required for REQUEST authorizers");
  if (type == "REQUEST") {
    const std::string v = a.value("authorizerPayloadFormatVersion", "");
    if (v != "1.0" && v != "2.0") throw bad_request("AuthorizerPayloadFormatVersion must be 1.0 or 2.0 for REQUEST authorizers");
    if (a.value("enableSimpleResponses", false) && v != "2.0")
      throw bad_request("EnableSimpleResponses is only supported for payload format version 2.0");
  }
  if (type == "JWT" && !a.contains("jwtConfiguration")) throw bad_request("JwtConfiguration is required for JWT authorizers");
}

}  // namespace

Reply v2_create_stage(Call& call) {
  HttpApi& api = find_http_api(call);
  const std::string name = opt_string(call.body, "stageName").value_or("");
  if (name.empty()) throw bad_request("Stage name must be specified");
  if (api.stages.contains(name)) throw conflict("Stage " + name + " already exists");
  json stage = {{"stageName", name},
                {"autoDeploy", false},
                {"createdDate", now_iso()},
                {"lastUpdatedDate", now_iso()},
                {"defaultRouteSettings", {{"detailedMetricsEnabled", false}}},
                {"routeSettings", json::object()},
                {"stageVariables", json::object()},
                {"tags", json::object()}};
  merge_members(stage, call.body, kStageMembers);
  if (auto tags = opt_string_map(call.body, "tags", false)) stage["tags"] = *tags;
  if (stage.contains("deploymentId") && !api.deployments.contains(stage["deploymentId"].get<std::string>()))
    throw bad_request("Deployment " + stage["deploymentId"].get<std::string>() + " does not exist");
  api.stages[name] = stage;
  if (stage.value("autoDeploy", false)) auto_deploy(call, api);
  else save(call, api);
  return {201, api.stages[name]};
}

Reply v2_get_stage(Call& call) { return {200, find_stage(find_http_api(call), call.param("stageName"))}; }

Reply v2_get_stages(Call& call) {
  HttpApi& api = find_http_api(call);
  json items = json::array();
  for (const auto& [n, s] : api.stages.items()) items.push_back(s);
  return {200, {{"items", items}}};
}

Reply v2_update_stage(Call& call) {
  HttpApi& api = find_http_api(call);
  json& stage = find_stage(api, call.param("stageName"));
  const bool was_auto = stage.value("autoDeploy", false);
  merge_members(stage, call.body, kStageMembers);
  if (stage.contains("deploymentId") && !api.deployments.contains(stage["deploymentId"].get<std::string>()))
    throw bad_request("Deployment " + stage["deploymentId"].get<std::string>() + " does not exist");
  stage["lastUpdatedDate"] = now_iso();
  json out = stage;
  if (!was_auto && stage.value("autoDeploy", false)) auto_deploy(call, api);
  else save(call, api);
  return {200, api.stages[call.param("stageName")]};
}

Reply v2_delete_stage(Call& call) {
  HttpApi& api = find_http_api(call);
  find_stage(api, call.param("stageName"));
  api.stages.erase(call.param("stageName"));
  save(call, api);
  return {204, json()};
}

Reply v2_create_deployment(Call& call) {
  HttpApi& api = find_http_api(call);
  const std::string id = fresh_id(api.deployments, 6);
  json d = {{"deploymentId", id}, {"deploymentStatus", "DEPLOYED"}, {"createdDate", now_iso()}, {"autoDeployed", false}};
  merge_members(d, call.body, {"description"});
  if (auto stage = opt_string(call.body, "stageName")) {
    json& s = find_stage(api, *stage);
    if (s.value("autoDeploy", false))
      throw bad_request("Stage " + *stage + " has auto-deploy enabled and cannot be deployed manually");
    s["deploymentId"] = id;
    s["lastUpdatedDate"] = now_iso();
  }
  api.deployments[id] = d;
  store_http_deployment(call, api, id);
  return {201, d};
}

Reply v2_get_deployment(Call& call) {
  HttpApi& api = find_http_api(call);
  auto it = api.deployments.find(call.param("deploymentId"));
  if (it == api.deployments.end())
    throw not_found("Invalid deployment identifier specified " + call.param("deploymentId"))
        .field("resourceType", "Deployment");
  return {200, *it};
}

Reply v2_get_deployments(Call& call) {
  HttpApi& api = find_http_api(call);
  json items = json::array();
  for (const auto& [id, d] : api.deployments.items()) items.push_back(d);
  return {200, {{"items", items}}};
}

Reply v2_delete_deployment(Call& call) {
  HttpApi& api = find_http_api(call);
  const std::string id = call.param("deploymentId");
  if (!api.deployments.contains(id))
    throw not_found("Invalid deployment identifier specified " + id).field("resourceType", "Deployment");
  for (const auto& [n, s] : api.stages.items())
    if (s.value("deploymentId", "") == id)
      throw bad_request("Deployment " + id + " is in use by stage " + n + " and cannot be deleted");
  api.deployments.erase(id);
  auto batch = call.state.store().batch();
  batch.del(Table::kDeployments, deployment_key(api.id(), id));
  batch.put(Table::kHttpApis, api.id(), api.to_storage());
  call.state.store().commit(batch);
  call.state.touch();
  return {204, json()};
}

Reply v2_create_authorizer(Call& call) {
  HttpApi& api = find_http_api(call);
  json a = json::object();
  merge_members(a, call.body,
                {"name", "authorizerType", "authorizerUri", "identitySource", "authorizerPayloadFormatVersion",
                 "authorizerResultTtlInSeconds", "enableSimpleResponses", "jwtConfiguration",
                 "authorizerCredentialsArn", "identityValidationExpression"});
  if (a.value("name", "").empty()) throw bad_request("Authorizer name must be specified");
  check_authorizer(a);
  if (a.value("authorizerType", "") == "REQUEST" && !a.contains("authorizerResultTtlInSeconds"))
    a["authorizerResultTtlInSeconds"] = 0;
  const std::string id = fresh_id(api.authorizers, 6);
  a["authorizerId"] = id;
  api.authorizers[id] = a;
  auto_deploy(call, api);
  return {201, a};
}

Reply v2_get_authorizer(Call& call) {
  return {200, find_authorizer(find_http_api(call), call.param("authorizerId"))};
}

Reply v2_get_authorizers(Call& call) {
  HttpApi& api = find_http_api(call);
  json items = json::array();
  for (const auto& [id, a] : api.authorizers.items()) items.push_back(a);
  return {200, {{"items", items}}};
}

Reply v2_update_authorizer(Call& call) {
  HttpApi& api = find_http_api(call);
  json a = find_authorizer(api, call.param("authorizerId"));
  merge_members(a, call.body,
                {"name", "authorizerType", "authorizerUri", "identitySource", "authorizerPayloadFormatVersion",
                 "authorizerResultTtlInSeconds", "enableSimpleResponses", "jwtConfiguration",
                 "authorizerCredentialsArn", "identityValidationExpression"});
  check_authorizer(a);
  api.authorizers[call.param("authorizerId")] = a;
  auto_deploy(call, api);
  return {200, a};
}

Reply v2_delete_authorizer(Call& call) {
  HttpApi& api = find_http_api(call);
  const std::string id = call.param("authorizerId");
  find_authorizer(api, id);
  for (const auto& [rid, r] : api.routes.items())
    if (r.value("authorizerId", "") == id)
      throw conflict("Cannot delete authorizer " + id + ", it is used by route " + r.value("routeKey", ""));
  api.authorizers.erase(id);
  auto_deploy(call, api);
  return {204, json()};
}

}  // namespace bunker::apigateway
