// CreateDeployment, GetDeployment(s), UpdateDeployment, DeleteDeployment. A deployment
// freezes the API's resources, methods and integrations (RestApi::snapshot) so a stage
// keeps serving them until it is pointed at a newer deployment, as on AWS.
#include "apigateway/json_fields.h"
#include "apigateway/patch.h"
#include "apigateway/rest_common.h"
#include "apigateway/stages.h"

namespace bunker::apigateway {
namespace {

json deployment_shape(const json& d) { return d; }

// AWS refuses to deploy an API without methods, or with a method that has no integration.
void check_deployable(const RestApi& api) {
  bool any = false;
  for (const auto& [id, r] : api.resources.items()) {
    auto methods = r.find("resourceMethods");
    if (methods == r.end()) continue;
    for (const auto& [name, m] : methods->items()) {
      any = true;
      if (!m.contains("methodIntegration")) throw bad_request("No integration defined for method");
    }
  }
  if (!any) throw bad_request("The REST API doesn't contain any methods");
}

}  // namespace

Reply create_deployment(Call& call) {
  RestApi& stored = find_rest_api(call);
  check_deployable(stored);
  RestApi api = stored;
  const json& b = call.body;
  std::string id;
  do id = new_id(6);
  while (api.deployments.contains(id));
  json dep = {{"id", id}, {"createdDate", now_seconds()}};
  if (auto d = opt_string(b, "description")) dep["description"] = *d;
  api.deployments[id] = dep;

  auto batch = call.state.store().batch();
  if (auto stage_name = opt_string(b, "stageName"); stage_name && !stage_name->empty()) {
    validate_stage_name(*stage_name);
    auto it = api.stages.find(*stage_name);
    if (it == api.stages.end()) {
      json in = json::object();
      in["stageName"] = *stage_name;
      in["deploymentId"] = id;
      if (auto d = opt_string(b, "stageDescription")) in["description"] = *d;
      if (b.contains("variables")) in["variables"] = b["variables"];
      if (b.contains("cacheClusterEnabled")) in["cacheClusterEnabled"] = b["cacheClusterEnabled"];
      if (b.contains("cacheClusterSize")) in["cacheClusterSize"] = b["cacheClusterSize"];
      if (b.contains("tracingEnabled")) in["tracingEnabled"] = b["tracingEnabled"];
      api.stages[*stage_name] = new_stage(in);
    } else {
      json& stage = *it;
      stage["deploymentId"] = id;
      stage["lastUpdatedDate"] = now_seconds();
      if (auto vars = opt_string_map(b, "variables", false))
        for (const auto& [k, v] : vars->items()) stage["variables"][k] = v;
    }
  }
  batch.put(Table::kDeployments, deployment_key(api.id(), id), api.snapshot());
  batch.put(Table::kRestApis, api.id(), api.to_storage());
  call.state.store().commit(batch);
  call.state.touch();
  stored = std::move(api);
  return {201, deployment_shape(dep)};
}

Reply get_deployment(Call& call) {
  RestApi& api = find_rest_api(call);
  auto it = api.deployments.find(call.param("deployment_id"));
  if (it == api.deployments.end()) throw not_found("Invalid Deployment identifier specified");
  return {200, deployment_shape(*it)};
}

Reply get_deployments(Call& call) {
  RestApi& api = find_rest_api(call);
  std::vector<json> list;
  for (const auto& [id, d] : api.deployments.items()) list.push_back(d);
  std::stable_sort(list.begin(), list.end(), [](const json& a, const json& b) {
    return a.value("createdDate", 0LL) < b.value("createdDate", 0LL);
  });
  return {200, paginate(call, json(list))};
}

Reply update_deployment(Call& call) {
  auto ops = parse_patch_operations(call.body, "updateDeploymentInput");
  RestApi& api = find_rest_api(call);
  auto it = api.deployments.find(call.param("deployment_id"));
  if (it == api.deployments.end()) throw not_found("Invalid Deployment identifier specified");
  json dep = *it;
  for (const auto& op : ops) {
    if (op.path != "/description") invalid_patch_path(op);
    if (op.op != "replace") unsupported_op(op, "replace");
    if (op.value) dep["description"] = *op.value;
    else dep.erase("description");
  }
  *it = dep;
  save(call, api);
  return {200, dep};
}

Reply delete_deployment(Call& call) {
  RestApi& api = find_rest_api(call);
  const std::string id = call.param("deployment_id");
  if (!api.deployments.contains(id)) throw not_found("Invalid Deployment identifier specified");
  for (const auto& [name, s] : api.stages.items())
    if (s.value("deploymentId", "") == id)
      throw bad_request("Active stages pointing to this deployment must be moved or deleted");
  api.deployments.erase(id);
  auto batch = call.state.store().batch();
  batch.del(Table::kDeployments, deployment_key(api.id(), id));
  batch.put(Table::kRestApis, api.id(), api.to_storage());
  call.state.store().commit(batch);
  call.state.touch();
  return {202, json()};
}

}  // namespace bunker::apigateway
