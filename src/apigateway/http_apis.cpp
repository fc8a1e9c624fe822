// HTTP APIs (v2): CreateApi (with quick create), GetApi(s), UpdateApi, DeleteApi,
// DeleteCorsConfiguration, and tags.
#include "apigateway/http_common.h"
#include "apigateway/json_fields.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

json api_shape(const Call& call, const HttpApi& api) {
  json out = api.api;
  out["apiEndpoint"] = api_endpoint(call, api.id());
  if (!out.contains("tags")) out["tags"] = json::object();
  return out;
}

void validate_cors(const json& cors) {
  if (!cors.is_object()) throw bad_request("Invalid CORS configuration");
  if (cors.contains("maxAge") && cors["maxAge"].is_number_integer()) {
    auto v = cors["maxAge"].get<long long>();
    if (v < -1 || v > 86400) throw bad_request("Invalid maxAge: must be between -1 and 86400");
  }
  // Credentials cannot be allowed for every origin (the browser would refuse it too).
  if (cors.value("allowCredentials", false) && cors.contains("allowOrigins"))
    for (const auto& o : cors["allowOrigins"])
      if (o == "*") throw bad_request("allow-credentials is not supported when allow-origins is '*'");
}

}  // namespace

// Quick create: an integration with the target, a route ($default or RouteKey) and the
// $default stage deploying automatically.
void quick_create(Call& call, HttpApi& api, const std::string& target, const std::string& route_key) {
  json body = {{"integrationUri", target}};
  if (target.starts_with("arn:")) {
    body["integrationType"] = "AWS_PROXY";
    body["payloadFormatVersion"] = "2.0";
  } else {
    body["integrationType"] = "HTTP_PROXY";
    body["integrationMethod"] = "ANY";
  }
  json integration = new_http_integration(body);
  const std::string iid = fresh_id(api.integrations, 7);
  integration["integrationId"] = iid;
  integration["apiGatewayManaged"] = true;
  api.integrations[iid] = integration;
  const std::string rid = fresh_id(api.routes, 7);
  api.routes[rid] = {{"routeId", rid},
                     {"routeKey", route_key},
                     {"target", "integrations/" + iid},
                     {"apiKeyRequired", false},
                     {"authorizationType", "NONE"},
                     {"apiGatewayManaged", true}};
  api.stages["$default"] = {{"stageName", "$default"},
                            {"autoDeploy", true},
                            {"createdDate", now_iso()},
                            {"lastUpdatedDate", now_iso()},
                            {"defaultRouteSettings", {{"detailedMetricsEnabled", false}}},
                            {"routeSettings", json::object()},
                            {"stageVariables", json::object()},
                            {"tags", json::object()},
                            {"apiGatewayManaged", true}};
}

Reply v2_create_api(Call& call) {
  const json& b = call.body;
  const std::string name = opt_string(b, "name").value_or("");
  if (name.empty()) throw bad_request("Invalid API name specified");
  const std::string protocol = opt_string(b, "protocolType").value_or("");
  if (protocol == "WEBSOCKET") throw bad_request("WebSocket APIs are not supported by Bunker");
  if (protocol != "HTTP") throw bad_request("Invalid protocol type specified. Valid options are HTTP,WEBSOCKET");
  HttpApi api;
  api.account = call.account;
  api.region = call.region;
  api.created_order = creation_order();
  const std::string id = call.state.new_api_id();
  json& a = api.api;
  a = {{"apiId", id},
       {"name", name},
       {"protocolType", protocol},
       {"apiKeySelectionExpression", opt_string(b, "apiKeySelectionExpression").value_or("$request.header.x-api-key")},
       {"routeSelectionExpression", opt_string(b, "routeSelectionExpression").value_or("$request.method $request.path")},
       {"createdDate", now_iso()},
       {"disableExecuteApiEndpoint", opt_bool(b, "disableExecuteApiEndpoint").value_or(false)},
       {"ipAddressType", opt_string(b, "ipAddressType").value_or("ipv4")}};
  merge_members(a, b, {"description", "version", "disableSchemaValidation"});
  if (b.contains("corsConfiguration") && !b["corsConfiguration"].is_null()) {
    validate_cors(b["corsConfiguration"]);
    a["corsConfiguration"] = b["corsConfiguration"];
  }
  if (auto tags = opt_string_map(b, "tags", false)) a["tags"] = *tags;
  else a["tags"] = json::object();
  if (auto target = opt_string(b, "target")) {
    const std::string route_key = opt_string(b, "routeKey").value_or("$default");
    validate_route_key(route_key);
    quick_create(call, api, *target, route_key);
  }
  call.state.http_apis[id] = api;
  HttpApi& stored = call.state.http_apis[id];
  if (stored.stages.contains("$default")) auto_deploy(call, stored);
  else save(call, stored);
  return {201, api_shape(call, stored)};
}

Reply v2_get_api(Call& call) { return {200, api_shape(call, find_http_api(call))}; }

Reply v2_get_apis(Call& call) {
  std::vector<const HttpApi*> apis;
  for (const auto& [id, api] : call.state.http_apis)
    if (api.account == call.account && api.region == call.region) apis.push_back(&api);
  std::sort(apis.begin(), apis.end(), [](auto* a, auto* b) { return a->created_order < b->created_order; });
  json items = json::array();
  for (const auto* api : apis) items.push_back(api_shape(call, *api));
  return {200, {{"items", items}}};
}

Reply v2_update_api(Call& call) {
  HttpApi& api = find_http_api(call);
  const json& b = call.body;
  if (b.contains("name") && (!b["name"].is_string() || b["name"].get<std::string>().empty()))
    throw bad_request("Invalid API name specified");
  if (b.contains("corsConfiguration") && !b["corsConfiguration"].is_null()) validate_cors(b["corsConfiguration"]);
  merge_members(api.api, b,
                {"name", "description", "version", "corsConfiguration", "disableSchemaValidation",
                 "disableExecuteApiEndpoint", "routeSelectionExpression", "apiKeySelectionExpression",
                 "ipAddressType"});
  if (auto target = opt_string(b, "target")) {
    const std::string route_key = opt_string(b, "routeKey").value_or("$default");
    quick_create(call, api, *target, route_key);
  }
  auto_deploy(call, api);
  return {200, api_shape(call, api)};
}

Reply v2_delete_api(Call& call) {
  HttpApi& api = find_http_api(call);
  const std::string id = api.id();
  auto batch = call.state.store().batch();
  batch.del(Table::kHttpApis, id);
  batch.del_prefix(Table::kDeployments, id + "/");
  call.state.store().commit(batch);
  call.state.http_apis.erase(id);
  call.state.touch();
  return {204, json()};
}

Reply v2_delete_cors(Call& call) {
  HttpApi& api = find_http_api(call);
  api.api.erase("corsConfiguration");
  auto_deploy(call, api);
  return {204, json()};
}

// ---- tags (arn:aws:apigateway:<region>::/apis/<id>) ----

namespace {
HttpApi& tagged_api(Call& call) {
  const std::string& arn = call.param("resource-arn");
  auto pos = arn.find("::/apis/");
  if (pos == std::string::npos) throw not_found("Invalid resource identifier specified");
  std::string id = arn.substr(pos + 8);
  if (auto slash = id.find('/'); slash != std::string::npos) id.resize(slash);
  auto it = call.state.http_apis.find(id);
  if (it == call.state.http_apis.end() || it->second.account != call.account)
    throw not_found("Invalid resource identifier specified");
  return it->second;
}
}  // namespace

Reply v2_get_tags(Call& call) { return {200, {{"tags", tagged_api(call).api.value("tags", json::object())}}}; }

Reply v2_tag_resource(Call& call) {
  HttpApi& api = tagged_api(call);
  const json tags = tags_or_empty(call.body);
  for (const auto& [k, v] : tags.items()) api.api["tags"][k] = v;
  save(call, api);
  return {201, json::object()};
}

Reply v2_untag_resource(Call& call) {
  HttpApi& api = tagged_api(call);
  for (const auto& [k, v] : call.request.params)
    if (k == "tagKeys") api.api["tags"].erase(v);
  save(call, api);
  return {204, json()};
}

}  // namespace bunker::apigateway
