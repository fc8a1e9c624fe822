#pragma once
// The management API's shape inside the service: one Call in, one Reply out per
// operation, and the operation table that maps method + path to a handler. Operation
// families live in their own files (rest_apis.cpp, resources.cpp, methods.cpp,
// integrations.cpp, deployments.cpp, stages.cpp, authorizers.cpp, models.cpp,
// api_keys.cpp, usage_plans.cpp, tags.cpp, openapi_import.cpp, openapi_export.cpp,
// http_apis.cpp …).
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>

#include "apigateway/state.h"
#include "bunker/http/message.h"

namespace bunker::apigateway {

struct Call {
  State& state;
  const http::Request& request;
  std::map<std::string, std::string, std::less<>> path;  // decoded {labels} of the route
  const json& body;                                       // parsed JSON body ({} when empty)
  const std::string& raw_body;
  std::string account;
  std::string region;

  const std::string& param(std::string_view name) const { return path.find(name)->second; }
  std::optional<std::string> query(std::string_view name) const;
};

struct Reply {
  Reply() = default;
  Reply(int s, json b) : status(s), body(std::move(b)) {}

  int status = 200;
  json body;                 // rendered as JSON unless raw is set
  std::optional<std::string> raw;  // export bodies (JSON or YAML text)
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

using Handler = Reply (*)(Call&);

struct Operation {
  std::string_view method;
  std::string_view pattern;  // "/restapis/{restapi_id}/resources/{resource_id}"
  std::string_view name;
  Handler handler;
  std::string_view mode = {};  // required value of the "mode" query parameter (import)
};

// Finds the operation for method + raw path; labels are filled into path_params.
const Operation* find_operation(std::string_view method, std::string_view raw_path,
                                const http::QueryParams& query,
                                std::map<std::string, std::string, std::less<>>& path_params);
// True when some operation answers that path with another method.
bool path_known(std::string_view raw_path);

// ---- REST API (v1) operations ----
Reply create_rest_api(Call&);
Reply get_rest_api(Call&);
Reply get_rest_apis(Call&);
Reply update_rest_api(Call&);
Reply delete_rest_api(Call&);
Reply import_rest_api(Call&);
Reply put_rest_api(Call&);
Reply get_export(Call&);

Reply get_resources(Call&);
Reply get_resource(Call&);
Reply create_resource(Call&);
Reply update_resource(Call&);
Reply delete_resource(Call&);

Reply put_method(Call&);
Reply get_method(Call&);
Reply update_method(Call&);
Reply delete_method(Call&);
Reply put_method_response(Call&);
Reply get_method_response(Call&);
Reply update_method_response(Call&);
Reply delete_method_response(Call&);

Reply put_integration(Call&);
Reply get_integration(Call&);
Reply update_integration(Call&);
Reply delete_integration(Call&);
Reply put_integration_response(Call&);
Reply get_integration_response(Call&);
Reply update_integration_response(Call&);
Reply delete_integration_response(Call&);

Reply create_deployment(Call&);
Reply get_deployment(Call&);
Reply get_deployments(Call&);
Reply update_deployment(Call&);
Reply delete_deployment(Call&);

Reply create_stage(Call&);
Reply get_stage(Call&);
Reply get_stages(Call&);
Reply update_stage(Call&);
Reply delete_stage(Call&);

Reply create_authorizer(Call&);
Reply get_authorizer(Call&);
Reply get_authorizers(Call&);
Reply update_authorizer(Call&);
Reply delete_authorizer(Call&);

Reply create_model(Call&);
Reply get_model(Call&);
Reply get_models(Call&);
Reply update_model(Call&);
Reply delete_model(Call&);

Reply create_request_validator(Call&);
Reply get_request_validator(Call&);
Reply get_request_validators(Call&);
Reply update_request_validator(Call&);
Reply delete_request_validator(Call&);

Reply put_gateway_response(Call&);
Reply get_gateway_response(Call&);
Reply get_gateway_responses(Call&);
Reply update_gateway_response(Call&);
Reply delete_gateway_response(Call&);

Reply create_api_key(Call&);
Reply get_api_key(Call&);
Reply get_api_keys(Call&);
Reply update_api_key(Call&);
Reply delete_api_key(Call&);

Reply create_usage_plan(Call&);
Reply get_usage_plan(Call&);
Reply get_usage_plans(Call&);
Reply update_usage_plan(Call&);
Reply delete_usage_plan(Call&);
Reply create_usage_plan_key(Call&);
Reply get_usage_plan_key(Call&);
Reply get_usage_plan_keys(Call&);
Reply delete_usage_plan_key(Call&);

Reply get_tags(Call&);
Reply tag_resource(Call&);
Reply untag_resource(Call&);
Reply get_account(Call&);

// ---- HTTP API (v2) operations ----
Reply v2_create_api(Call&);
Reply v2_get_api(Call&);
Reply v2_get_apis(Call&);
Reply v2_update_api(Call&);
Reply v2_delete_api(Call&);
Reply v2_import_api(Call&);
Reply v2_reimport_api(Call&);
Reply v2_export_api(Call&);
Reply v2_delete_cors(Call&);

Reply v2_create_route(Call&);
Reply v2_get_route(Call&);
Reply v2_get_routes(Call&);
Reply v2_update_route(Call&);
Reply v2_delete_route(Call&);

Reply v2_create_integration(Call&);
Reply v2_get_integration(Call&);
Reply v2_get_integrations(Call&);
Reply v2_update_integration(Call&);
Reply v2_delete_integration(Call&);

Reply v2_create_stage(Call&);
Reply v2_get_stage(Call&);
Reply v2_get_stages(Call&);
Reply v2_update_stage(Call&);
Reply v2_delete_stage(Call&);

Reply v2_create_deployment(Call&);
Reply v2_get_deployment(Call&);
Reply v2_get_deployments(Call&);
Reply v2_delete_deployment(Call&);

Reply v2_create_authorizer(Call&);
Reply v2_get_authorizer(Call&);
Reply v2_get_authorizers(Call&);
Reply v2_update_authorizer(Call&);
Reply v2_delete_authorizer(Call&);

Reply v2_get_tags(Call&);
Reply v2_tag_resource(Call&);
Reply v2_untag_resource(Call&);

}  // namespace bunker::apigateway
