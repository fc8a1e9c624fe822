// ImportRestApi, PutRestApi, GetExport (REST APIs) and ImportApi, ReimportApi, ExportApi
// (HTTP APIs): the operations around openapi_import.cpp / openapi_export.cpp.
#include "apigateway/http_common.h"
#include "apigateway/json_fields.h"
#include "apigateway/openapi.h"
#include "apigateway/rest_apis.h"
#include "apigateway/rest_common.h"
#include "apigateway/yaml_json.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

json parse_document(const std::string& text) {
  std::string error;
  auto doc = parse_json_or_yaml(text, &error);
  if (!doc || !doc->is_object())
    throw bad_request("Invalid OpenAPI input: the body is not a JSON or YAML document" +
                      (error.empty() ? std::string() : " (" + error + ")"));
  return *doc;
}

ImportOptions import_options(Call& call) {
  ImportOptions o;
  o.fail_on_warnings = call.query("failonwarnings").value_or("false") == "true";
  for (const auto& [k, v] : call.request.params)
    if (k == "parameters.basepath" || k == "basepath") o.basepath = v;
  return o;
}

bool wants_yaml(Call& call) {
  const std::string accept = to_lower(call.request.headers.get_or("Accept", "application/json"));
  return accept.find("yaml") != std::string::npos;
}

}  // namespace

Reply import_rest_api(Call& call) {
  const json doc = parse_document(call.raw_body);
  json create = {{"name", "imported"}};
  if (auto types = call.query("endpointConfigurationTypes") ? call.query("endpointConfigurationTypes")
                                                             : call.query("parameters.endpointConfigurationTypes"))
    create["endpointConfiguration"] = {{"types", json::array({*types})}};
  RestApi api = new_rest_api(call, create);
  auto warnings = import_openapi(api, doc, import_options(call));
  if (api.api.value("name", "").empty() || !doc.value("info", json::object()).contains("title"))
    throw bad_request("Invalid OpenAPI input: info.title is required");
  save(call, api);
  json out = api.api;
  if (!warnings.empty()) out["warnings"] = warnings;
  call.state.rest_apis.emplace(api.id(), api);
  return {201, out};
}

Reply put_rest_api(Call& call) {
  RestApi& stored = find_rest_api(call);
  const json doc = parse_document(call.raw_body);
  RestApi api = stored;
  const std::string mode = call.query("mode").value_or("merge");
  if (mode != "merge" && mode != "overwrite") throw bad_request("Invalid mode specified: " + mode + ". Valid values are merge,overwrite");
  if (mode == "overwrite") {
    // Everything the document describes is replaced; the root resource keeps its id.
    const std::string root = api.api["rootResourceId"];
    api.resources = json::object();
    api.resources[root] = {{"id", root}};
    api.models = default_models();
    api.authorizers = json::object();
    api.validators = json::object();
    api.gateway_responses = json::object();
    api.api.erase("binaryMediaTypes");
    api.api.erase("description");
  }
  auto warnings = import_openapi(api, doc, import_options(call));
  save(call, api);
  stored = std::move(api);
  json out = stored.api;
  if (!warnings.empty()) out["warnings"] = warnings;
  return {200, out};
}

Reply get_export(Call& call) {
  RestApi& api = find_rest_api(call);
  const std::string type = call.param("export_type");
  if (type != "swagger" && type != "oas30")
    throw bad_request("Invalid export type specified: " + type + ". Valid values are swagger,oas30");
  auto stage = api.stages.find(call.param("stage_name"));
  if (stage == api.stages.end()) throw not_found("Invalid stage identifier specified");
  auto snapshot = call.state.store().get(Table::kDeployments, deployment_key(api.id(), stage->value("deploymentId", "")));
  if (!snapshot) throw not_found("Invalid Deployment identifier specified");
  const std::string extensions = call.query("parameters.extensions").value_or(call.query("extensions").value_or(""));
  const bool with_ext = extensions.find("integrations") != std::string::npos ||
                        extensions.find("apigateway") != std::string::npos;
  const bool with_auth = with_ext || extensions.find("authorizers") != std::string::npos;
  json doc = export_openapi(api, *snapshot, call.param("stage_name"), type, with_ext, with_auth);
  Reply r;
  const bool yaml = wants_yaml(call);
  r.raw = yaml ? to_yaml(doc) : doc.dump(2);
  r.content_type = yaml ? "application/yaml" : "application/json";
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + type + "_" + api.id() + "_" +
                                                    call.param("stage_name") + (yaml ? ".yaml" : ".json") + "\"");
  return r;
}

Reply v2_import_api(Call& call) {
  const json doc = parse_document(opt_string(call.body, "body").value_or(""));
  HttpApi api;
  api.account = call.account;
  api.region = call.region;
  api.created_order = creation_order();
  const std::string id = call.state.new_api_id();
  api.api = {{"apiId", id},
             {"name", "imported"},
             {"protocolType", "HTTP"},
             {"apiKeySelectionExpression", "$request.header.x-api-key"},
             {"routeSelectionExpression", "$request.method $request.path"},
             {"createdDate", now_iso()},
             {"disableExecuteApiEndpoint", false},
             {"ipAddressType", "ipv4"},
             {"tags", json::object()}};
  import_http_openapi(api, doc);
  call.state.http_apis[id] = api;
  save(call, call.state.http_apis[id]);
  json out = api.api;
  out["apiEndpoint"] = api_endpoint(call, id);
  return {201, out};
}

Reply v2_reimport_api(Call& call) {
  HttpApi& api = find_http_api(call);
  const json doc = parse_document(opt_string(call.body, "body").value_or(""));
  import_http_openapi(api, doc);
  auto_deploy(call, api);
  json out = api.api;
  out["apiEndpoint"] = api_endpoint(call, api.id());
  return {201, out};
}

Reply v2_export_api(Call& call) {
  HttpApi& api = find_http_api(call);
  if (call.param("specification") != "OAS30") throw bad_request("Invalid specification: must be OAS30");
  const std::string output = call.query("outputType").value_or("JSON");
  const bool with_ext = call.query("exportVersion").value_or("") != "1.0" &&
                        call.query("includeExtensions").value_or("true") != "false";
  json doc = export_http_openapi(api, with_ext);
  Reply r;
  r.raw = output == "YAML" ? to_yaml(doc) : doc.dump(2);
  r.content_type = output == "YAML" ? "application/yaml" : "application/json";
  return r;
}

}  // namespace bunker::apigateway
