#pragma once
// A REST API deployment compiled for serving: the resource tree as a router, methods
// with their integrations, and mapping templates parsed once. Immutable once built and
// shared by every request to the stages that point at the deployment.
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apigateway/invoke/invocation.h"
#include "vtl/template.h"

namespace bunker::apigateway {

// A mapping template: parsed when the deployment is compiled; a template that does not
// parse keeps its error, answered as API Gateway's 500 when used.
struct MappingTemplate {
  std::string content_type;  // lowercased key ("application/json")
  bool passthrough = false;  // null / empty template
  std::shared_ptr<const vtl::Template> tpl;
  std::string error;
  // False when the text never names "context": such a template cannot read $context, so
  // it is rendered without building it (the costliest part of a template's input).
  bool uses_context = true;
};
std::shared_ptr<MappingTemplate> compile_template(std::string content_type, const nlohmann::json& text);

struct IntegrationResponse {
  std::string status_code;
  std::optional<std::string> selection_pattern;  // absent or "" is the default response
  ParamPairs response_parameters;                // method.response.header.X -> source
  std::vector<std::shared_ptr<MappingTemplate>> templates;
  std::string content_handling;
};

struct Integration {
  std::string type;  // MOCK, HTTP, HTTP_PROXY, AWS, AWS_PROXY
  std::string http_method;
  std::string uri;
  std::optional<std::string> lambda_function;  // lambda_function_of(uri), found once when compiled
  std::string credentials;
  std::string passthrough_behavior = "WHEN_NO_MATCH";
  std::string content_handling;
  int timeout_ms = 29000;
  ParamPairs request_parameters;  // integration.request.X -> source
  std::vector<std::shared_ptr<MappingTemplate>> request_templates;
  std::vector<IntegrationResponse> responses;  // ordered by status code

  const MappingTemplate* request_template(std::string_view content_type) const;
  const IntegrationResponse* default_response() const;
};

struct MethodResponse {
  std::string status_code;
  nlohmann::json response_parameters = nlohmann::json::object();
};

struct Method {
  std::string http_method;
  std::string authorization_type;  // upper case: NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS
  std::string authorizer_id;
  bool api_key_required = false;
  std::string request_validator_id;
  nlohmann::json request_parameters = nlohmann::json::object();  // method.request.* -> required
  nlohmann::json request_models = nlohmann::json::object();
  std::map<std::string, MethodResponse> method_responses;
  std::optional<Integration> integration;
  std::string resource_id;
  std::string resource_path;
};

struct ResourceNode {
  std::string id;
  std::string path;
  std::map<std::string, size_t, std::less<>> statics;  // path part -> node index
  std::optional<size_t> variable;                      // {name}
  std::string variable_name;
  std::optional<size_t> greedy;                        // {name+}
  std::string greedy_name;
  std::map<std::string, Method, std::less<>> methods;  // GET, ANY, …
};

struct RouteMatch {
  const ResourceNode* resource = nullptr;
  const Method* method = nullptr;  // null when the path matched but no method did
  ParamPairs path_params;
};

struct RestSnapshot {
  std::string api_id;
  std::string deployment_id;
  std::vector<ResourceNode> nodes;  // nodes[0] is the root
  std::vector<std::string> binary_media_types;
  std::string api_key_source = "HEADER";
  nlohmann::json authorizers = nlohmann::json::object();
  nlohmann::json validators = nlohmann::json::object();
  nlohmann::json models = nlohmann::json::object();
  nlohmann::json gateway_responses = nlohmann::json::object();  // customized ones only

  // Resource and method for a path after the stage ("/pets/1"), API Gateway's way:
  // static parts before {param} before {proxy+}, exact method before ANY.
  RouteMatch route(std::string_view path, std::string_view http_method) const;
  bool is_binary(std::string_view content_type) const;
};

// Compiles a deployment snapshot (RestApi::snapshot()).
std::shared_ptr<const RestSnapshot> compile_rest_snapshot(const nlohmann::json& snapshot, std::string deployment_id);

// Media-type matching as binaryMediaTypes use it ("image/*", "*/*"), ignoring parameters.
bool media_type_matches(std::string_view pattern, std::string_view content_type);
// "application/json; charset=utf-8" -> "application/json"
std::string base_media_type(std::string_view content_type);

}  // namespace bunker::apigateway
