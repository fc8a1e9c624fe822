#include "apigateway/http_common.h"

#include "apigateway/integration_uri.h"
#include "apigateway/json_fields.h"
#include "bunker/core/clock.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {

HttpApi& find_http_api(Call& call) {
  const std::string& id = call.param("apiId");
  auto it = call.state.http_apis.find(id);
  if (it == call.state.http_apis.end() || it->second.account != call.account || it->second.region != call.region)
    throw not_found("Invalid API identifier specified " + call.account + ":" + id).field("resourceType", "Api");
  return it->second;
}

void save(Call& call, const HttpApi& api) {
  auto batch = call.state.store().batch();
  batch.put(Table::kHttpApis, api.id(), api.to_storage());
  call.state.store().commit(batch);
  call.state.touch();
}

void store_http_deployment(Call& call, const HttpApi& api, const std::string& deployment_id) {
  auto batch = call.state.store().batch();
  batch.put(Table::kDeployments, deployment_key(api.id(), deployment_id), api.snapshot());
  batch.put(Table::kHttpApis, api.id(), api.to_storage());
  call.state.store().commit(batch);
  call.state.touch();
}

std::string now_iso() { return iso8601_seconds(now_millis()); }

std::string api_endpoint(const Call& call, const std::string& api_id) {
  std::string host(call.request.headers.get_or("Host", "localhost:4566"));
  std::string port = "4566";
  if (auto colon = host.rfind(':'); colon != std::string::npos && host.find(']') == std::string::npos)
    port = host.substr(colon + 1);
  return "http://" + api_id + ".execute-api.localhost:" + port;
}

void merge_members(json& target, const json& body, std::initializer_list<const char*> allowed) {
  for (const char* name : allowed) {
    auto it = body.find(name);
    if (it == body.end()) continue;
    if (it->is_null()) target.erase(name);
    else target[name] = *it;
  }
}

void validate_route_key(const std::string& key) {
  if (key == "$default") return;
  auto sp = key.find(' ');
  bool ok = sp != std::string::npos;
  if (ok) {
    const std::string method = key.substr(0, sp);
    const std::string path = key.substr(sp + 1);
    ok = path.starts_with("/");
    bool known = false;
    for (const char* m : {"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"}) known = known || method == m;
    ok = ok && known;
  }
  if (!ok) throw bad_request("Unable to create route " + key + ". The route key must be '$default' or of the form '<HTTP method> /<path>'.");
}

std::string fresh_id(const json& section, size_t length) {
  std::string id;
  do id = new_id(length);
  while (section.contains(id));
  return id;
}

json new_http_integration(const json& b) {
  const std::string type = opt_string(b, "integrationType").value_or("");
  if (type != "AWS" && type != "AWS_PROXY" && type != "HTTP" && type != "HTTP_PROXY" && type != "MOCK")
    throw bad_request("Invalid integration type specified: " + type);
  json in = {{"integrationType", type}, {"connectionType", opt_string(b, "connectionType").value_or("INTERNET")}};
  if (auto uri = opt_string(b, "integrationUri")) {
    if (type == "HTTP_PROXY" || type == "HTTP") {
      if (!uri->starts_with("http://") && !uri->starts_with("https://") && !uri->starts_with("arn:"))
        throw bad_request("Invalid HTTP endpoint specified for URI");
    }
    in["integrationUri"] = *uri;
  } else if (type != "MOCK") {
    throw bad_request("Integration URI must be specified for integrations of type " + type);
  }
  if (auto m = opt_string(b, "integrationMethod")) in["integrationMethod"] = *m;
  else if (type == "HTTP_PROXY") in["integrationMethod"] = "ANY";
  else if (type == "AWS_PROXY") in["integrationMethod"] = "POST";
  std::string version = opt_string(b, "payloadFormatVersion").value_or("1.0");
  if (version != "1.0" && version != "2.0") throw bad_request("Invalid payload format version specified: " + version);
  if (version == "2.0" && type != "AWS_PROXY")
    throw bad_request("Payload format version 2.0 is only supported for Lambda proxy integrations");
  in["payloadFormatVersion"] = version;
  in["timeoutInMillis"] = opt_int(b, "timeoutInMillis").value_or(30000);
  merge_members(in, b, {"connectionId", "credentialsArn", "description", "integrationSubtype", "passthroughBehavior",
                        "requestParameters", "requestTemplates", "responseParameters", "templateSelectionExpression",
                        "tlsConfig", "contentHandlingStrategy"});
  return in;
}

void auto_deploy(Call& call, HttpApi& api) {
  bool any = false;
  for (auto& [name, stage] : api.stages.items()) {
    if (!stage.value("autoDeploy", false)) continue;
    const std::string id = fresh_id(api.deployments, 6);
    api.deployments[id] = {{"deploymentId", id}, {"deploymentStatus", "DEPLOYED"}, {"createdDate", now_iso()},
                           {"autoDeployed", true}};
    stage["deploymentId"] = id;
    stage["lastUpdatedDate"] = now_iso();
    stage["lastDeploymentStatusMessage"] =
        "Successfully deployed stage with deployment ID '" + id + "'";
    store_http_deployment(call, api, id);
    any = true;
  }
  if (!any) save(call, api);
}

}  // namespace bunker::apigateway
