// Method + path -> operation, for API Gateway's two management APIs (REST APIs under
// /restapis, /apikeys, /usageplans, /tags; HTTP APIs under /v2). The paths are botocore's
// requestUri templates.
#include <array>
#include <vector>

#include "apigateway/api.h"
#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

constexpr std::string_view kM = "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}";

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      // REST APIs
      {"POST", "/restapis", "ImportRestApi", import_rest_api, "import"},
      {"POST", "/restapis", "CreateRestApi", create_rest_api},
      {"GET", "/restapis", "GetRestApis", get_rest_apis},
      {"GET", "/restapis/{restapi_id}", "GetRestApi", get_rest_api},
      {"PATCH", "/restapis/{restapi_id}", "UpdateRestApi", update_rest_api},
      {"PUT", "/restapis/{restapi_id}", "PutRestApi", put_rest_api},
      {"DELETE", "/restapis/{restapi_id}", "DeleteRestApi", delete_rest_api},
      {"GET", "/restapis/{restapi_id}/stages/{stage_name}/exports/{export_type}", "GetExport", get_export},
      // Resources
      {"GET", "/restapis/{restapi_id}/resources", "GetResources", get_resources},
      {"GET", "/restapis/{restapi_id}/resources/{resource_id}", "GetResource", get_resource},
      {"POST", "/restapis/{restapi_id}/resources/{resource_id}", "CreateResource", create_resource},
      {"PATCH", "/restapis/{restapi_id}/resources/{resource_id}", "UpdateResource", update_resource},
      {"DELETE", "/restapis/{restapi_id}/resources/{resource_id}", "DeleteResource", delete_resource},
      // Methods and method responses
      {"PUT", kM, "PutMethod", put_method},
      {"GET", kM, "GetMethod", get_method},
      {"PATCH", kM, "UpdateMethod", update_method},
      {"DELETE", kM, "DeleteMethod", delete_method},
      {"PUT", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}",
       "PutMethodResponse", put_method_response},
      {"GET", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}",
       "GetMethodResponse", get_method_response},
      {"PATCH", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}",
       "UpdateMethodResponse", update_method_response},
      {"DELETE", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}",
       "DeleteMethodResponse", delete_method_response},
      // Integrations and integration responses
      {"PUT", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration", "PutIntegration",
       put_integration},
      {"GET", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration", "GetIntegration",
       get_integration},
      {"PATCH", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration",
       "UpdateIntegration", update_integration},
      {"DELETE", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration",
       "DeleteIntegration", delete_integration},
      {"PUT",
       "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}",
       "PutIntegrationResponse", put_integration_response},
      {"GET",
       "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}",
       "GetIntegrationResponse", get_integration_response},
      {"PATCH",
       "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}",
       "UpdateIntegrationResponse", update_integration_response},
      {"DELETE",
       "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}",
       "DeleteIntegrationResponse", delete_integration_response},
      // Deployments and stages
      {"POST", "/restapis/{restapi_id}/deployments", "CreateDeployment", create_deployment},
      {"GET", "/restapis/{restapi_id}/deployments", "GetDeployments", get_deployments},
      {"GET", "/restapis/{restapi_id}/deployments/{deployment_id}", "GetDeployment", get_deployment},
      {"PATCH", "/restapis/{restapi_id}/deployments/{deployment_id}", "UpdateDeployment", update_deployment},
      {"DELETE", "/restapis/{restapi_id}/deployments/{deployment_id}", "DeleteDeployment", delete_deployment},
      {"POST", "/restapis/{restapi_id}/stages", "CreateStage", create_stage},
      {"GET", "/restapis/{restapi_id}/stages", "GetStages", get_stages},
      {"GET", "/restapis/{restapi_id}/stages/{stage_name}", "GetStage", get_stage},
      {"PATCH", "/restapis/{restapi_id}/stages/{stage_name}", "UpdateStage", update_stage},
      {"DELETE", "/restapis/{restapi_id}/stages/{stage_name}", "DeleteStage", delete_stage},
      // Authorizers, models, request validators, gateway responses
      {"POST", "/restapis/{restapi_id}/authorizers", "CreateAuthorizer", create_authorizer},
      {"GET", "/restapis/{restapi_id}/authorizers", "GetAuthorizers", get_authorizers},
      {"GET", "/restapis/{restapi_id}/authorizers/{authorizer_id}", "GetAuthorizer", get_authorizer},
      {"PATCH", "/restapis/{restapi_id}/authorizers/{authorizer_id}", "UpdateAuthorizer", update_authorizer},
      {"DELETE", "/restapis/{restapi_id}/authorizers/{authorizer_id}", "DeleteAuthorizer", delete_authorizer},
      {"POST", "/restapis/{restapi_id}/models", "CreateModel", create_model},
      {"GET", "/restapis/{restapi_id}/models", "GetModels", get_models},
      {"GET", "/restapis/{restapi_id}/models/{model_name}", "GetModel", get_model},
      {"PATCH", "/restapis/{restapi_id}/models/{model_name}", "UpdateModel", update_model},
      {"DELETE", "/restapis/{restapi_id}/models/{model_name}", "DeleteModel", delete_model},
      {"POST", "/restapis/{restapi_id}/requestvalidators", "CreateRequestValidator", create_request_validator},
      {"GET", "/restapis/{restapi_id}/requestvalidators", "GetRequestValidators", get_request_validators},
      {"GET", "/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}", "GetRequestValidator",
       get_request_validator},
      {"PATCH", "/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}", "UpdateRequestValidator",
       update_request_validator},
      {"DELETE", "/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}", "DeleteRequestValidator",
       delete_request_validator},
      {"PUT", "/restapis/{restapi_id}/gatewayresponses/{response_type}", "PutGatewayResponse", put_gateway_response},
      {"GET", "/restapis/{restapi_id}/gatewayresponses", "GetGatewayResponses", get_gateway_responses},
      {"GET", "/restapis/{restapi_id}/gatewayresponses/{response_type}", "GetGatewayResponse", get_gateway_response},
      {"PATCH", "/restapis/{restapi_id}/gatewayresponses/{response_type}", "UpdateGatewayResponse",
       update_gateway_response},
      {"DELETE", "/restapis/{restapi_id}/gatewayresponses/{response_type}", "DeleteGatewayResponse",
       delete_gateway_response},
      // API keys and usage plans
      {"POST", "/apikeys", "CreateApiKey", create_api_key},
      {"GET", "/apikeys", "GetApiKeys", get_api_keys},
      {"GET", "/apikeys/{api_Key}", "GetApiKey", get_api_key},
      {"PATCH", "/apikeys/{api_Key}", "UpdateApiKey", update_api_key},
      {"DELETE", "/apikeys/{api_Key}", "DeleteApiKey", delete_api_key},
      {"POST", "/usageplans", "CreateUsagePlan", create_usage_plan},
      {"GET", "/usageplans", "GetUsagePlans", get_usage_plans},
      {"GET", "/usageplans/{usageplanId}", "GetUsagePlan", get_usage_plan},
      {"PATCH", "/usageplans/{usageplanId}", "UpdateUsagePlan", update_usage_plan},
      {"DELETE", "/usageplans/{usageplanId}", "DeleteUsagePlan", delete_usage_plan},
      {"POST", "/usageplans/{usageplanId}/keys", "CreateUsagePlanKey", create_usage_plan_key},
      {"GET", "/usageplans/{usageplanId}/keys", "GetUsagePlanKeys", get_usage_plan_keys},
      {"GET", "/usageplans/{usageplanId}/keys/{keyId}", "GetUsagePlanKey", get_usage_plan_key},
      {"DELETE", "/usageplans/{usageplanId}/keys/{keyId}", "DeleteUsagePlanKey", delete_usage_plan_key},
      // Tags and account
      {"GET", "/tags/{resource_arn}", "GetTags", get_tags},
      {"PUT", "/tags/{resource_arn}", "TagResource", tag_resource},
      {"DELETE", "/tags/{resource_arn}", "UntagResource", untag_resource},
      {"GET", "/account", "GetAccount", get_account},
      // HTTP APIs (v2)
      {"POST", "/v2/apis", "CreateApi", v2_create_api},
      {"GET", "/v2/apis", "GetApis", v2_get_apis},
      {"PUT", "/v2/apis", "ImportApi", v2_import_api},
      {"GET", "/v2/apis/{apiId}", "GetApi", v2_get_api},
      {"PATCH", "/v2/apis/{apiId}", "UpdateApi", v2_update_api},
      {"PUT", "/v2/apis/{apiId}", "ReimportApi", v2_reimport_api},
      {"DELETE", "/v2/apis/{apiId}", "DeleteApi", v2_delete_api},
      {"DELETE", "/v2/apis/{apiId}/cors", "DeleteCorsConfiguration", v2_delete_cors},
      {"GET", "/v2/apis/{apiId}/exports/{specification}", "ExportApi", v2_export_api},
      {"POST", "/v2/apis/{apiId}/routes", "CreateRoute", v2_create_route},
      {"GET", "/v2/apis/{apiId}/routes", "GetRoutes", v2_get_routes},
      {"GET", "/v2/apis/{apiId}/routes/{routeId}", "GetRoute", v2_get_route},
      {"PATCH", "/v2/apis/{apiId}/routes/{routeId}", "UpdateRoute", v2_update_route},
      {"DELETE", "/v2/apis/{apiId}/routes/{routeId}", "DeleteRoute", v2_delete_route},
      {"POST", "/v2/apis/{apiId}/integrations", "CreateIntegration", v2_create_integration},
      {"GET", "/v2/apis/{apiId}/integrations", "GetIntegrations", v2_get_integrations},
      {"GET", "/v2/apis/{apiId}/integrations/{integrationId}", "GetIntegration", v2_get_integration},
      {"PATCH", "/v2/apis/{apiId}/integrations/{integrationId}", "UpdateIntegration", v2_update_integration},
      {"DELETE", "/v2/apis/{apiId}/integrations/{integrationId}", "DeleteIntegration", v2_delete_integration},
      {"POST", "/v2/apis/{apiId}/stages", "CreateStage", v2_create_stage},
      {"GET", "/v2/apis/{apiId}/stages", "GetStages", v2_get_stages},
      {"GET", "/v2/apis/{apiId}/stages/{stageName}", "GetStage", v2_get_stage},
      {"PATCH", "/v2/apis/{apiId}/stages/{stageName}", "UpdateStage", v2_update_stage},
      {"DELETE", "/v2/apis/{apiId}/stages/{stageName}", "DeleteStage", v2_delete_stage},
      {"POST", "/v2/apis/{apiId}/deployments", "CreateDeployment", v2_create_deployment},
      {"GET", "/v2/apis/{apiId}/deployments", "GetDeployments", v2_get_deployments},
      {"GET", "/v2/apis/{apiId}/deployments/{deploymentId}", "GetDeployment", v2_get_deployment},
      {"DELETE", "/v2/apis/{apiId}/deployments/{deploymentId}", "DeleteDeployment", v2_delete_deployment},
      {"POST", "/v2/apis/{apiId}/authorizers", "CreateAuthorizer", v2_create_authorizer},
      {"GET", "/v2/apis/{apiId}/authorizers", "GetAuthorizers", v2_get_authorizers},
      {"GET", "/v2/apis/{apiId}/authorizers/{authorizerId}", "GetAuthorizer", v2_get_authorizer},
      {"PATCH", "/v2/apis/{apiId}/authorizers/{authorizerId}", "UpdateAuthorizer", v2_update_authorizer},
      {"DELETE", "/v2/apis/{apiId}/authorizers/{authorizerId}", "DeleteAuthorizer", v2_delete_authorizer},
      {"GET", "/v2/tags/{resource-arn}", "GetTags", v2_get_tags},
      {"POST", "/v2/tags/{resource-arn}", "TagResource", v2_tag_resource},
      {"DELETE", "/v2/tags/{resource-arn}", "UntagResource", v2_untag_resource},
  };
  return ops;
}

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  for (auto s : split(path, '/'))
    if (!s.empty()) out.push_back(s);
  return out;
}

bool match(std::string_view pattern, const std::vector<std::string_view>& raw,
           std::map<std::string, std::string, std::less<>>* params) {
  auto pat = segments(pattern);
  if (pat.size() != raw.size()) return false;
  for (size_t i = 0; i < pat.size(); ++i) {
    if (pat[i].front() == '{') {
      if (params) (*params)[std::string(pat[i].substr(1, pat[i].size() - 2))] = uri_decode(raw[i]);
    } else if (pat[i] != raw[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> Call::query(std::string_view name) const {
  auto v = http::query_param(request.params, name);
  if (!v) return std::nullopt;
  return std::string(*v);
}

const Operation* find_operation(std::string_view method, std::string_view raw_path, const http::QueryParams& query,
                                std::map<std::string, std::string, std::less<>>& path_params) {
  const auto raw = segments(raw_path);
  const auto mode = http::query_param(query, "mode");
  for (const auto& op : operations()) {
    if (op.method != method) continue;
    if (!op.mode.empty() && (!mode || *mode != op.mode)) continue;
    path_params.clear();
    if (match(op.pattern, raw, &path_params)) return &op;
  }
  return nullptr;
}

bool path_known(std::string_view raw_path) {
  const auto raw = segments(raw_path);
  for (const auto& op : operations())
    if (match(op.pattern, raw, nullptr)) return true;
  return false;
}

}  // namespace bunker::apigateway
