#pragma once
// API Gateway mapping templates: what the API Gateway service calls to run a request or
// response template of a non-proxy integration.
//
//   bunker::vtl::MappingInput in;
//   in.body = request_body;
//   in.path_params = {{"id", "42"}};
//   in.query_params = {{"q", "a"}, {"q", "b"}};       // every occurrence, in order
//   in.headers = {{"Content-Type", "application/json"}};
//   in.context = {{"requestId", id}, {"stage", "prod"}, {"httpMethod", "POST"},
//                 {"resourcePath", "/things/{id}"}, {"identity", {{"sourceIp", ip}}}};
//   in.stage_variables = {{"env", "dev"}};
//
//   bunker::vtl::MappingState state;                   // one per API request
//   auto req = bunker::vtl::render_mapping_template(request_template, in, state);
//   ... call the integration with req.text, applying req.request_override ...
//   in.body = integration_response_body;
//   auto resp = bunker::vtl::render_mapping_template(response_template, in, state);
//   ... answer with resp.text; resp.response_override.status / .header win ...
//
// Variables a template sees: $input (body, json(), path(), params()), $util
// (escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode),
// $context (in.context plus requestOverride / responseOverride), $stageVariables.
// Template errors throw TemplateError; API Gateway answers them with its generic 500.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "vtl/error.h"
#include "vtl/limits.h"
#include "vtl/template.h"

namespace bunker::vtl {

// Ordered name/value pairs; a name may repeat (multi-value query strings and headers).
using ParamList = std::vector<std::pair<std::string, std::string>>;

struct MappingInput {
  // The payload the template maps: the method request body for a request template, the
  // integration response body for a response template.
  std::string body;
  ParamList path_params;
  ParamList query_params;  // every occurrence; $input.params() shows the last value of each
  ParamList headers;       // every occurrence; $input.params() shows the last value of each
  // $context: requestId, extendedRequestId, apiId, stage, resourceId, resourcePath,
  // httpMethod, path, protocol, accountId, requestTime, requestTimeEpoch, domainName,
  // identity{sourceIp, userAgent, accountId, caller, user, userArn, apiKey, …},
  // authorizer{principalId, claims{…}, <context keys>} … as the caller knows them.
  // Scalar authorizer values are stringified, as API Gateway documents.
  nlohmann::json context = nlohmann::json::object();
  ParamList stage_variables;
};

// $context.requestOverride.* as the request template left it.
struct RequestOverride {
  ParamList header;
  ParamList querystring;
  ParamList path;
  bool empty() const { return header.empty() && querystring.empty() && path.empty(); }
};

// $context.responseOverride.* as the templates left it.
struct ResponseOverride {
  ParamList header;
  std::optional<int> status;  // only when it was set to an integer (or integer text)
};

// The override maps carried from one render to the next within one API request, so a
// response template sees what the request template set (AWS does this).
class MappingState {
 public:
  const nlohmann::ordered_json& request_override() const noexcept { return request_override_; }
  const nlohmann::ordered_json& response_override() const noexcept { return response_override_; }

 private:
  friend class MappingRender;
  nlohmann::ordered_json request_override_;
  nlohmann::ordered_json response_override_;
};

struct MappingOutput {
  std::string text;
  RequestOverride request_override;
  ResponseOverride response_override;
};

// Parses and renders. Prefer the Template overload with a cached Template on hot paths.
MappingOutput render_mapping_template(std::string_view template_text, const MappingInput& in, MappingState& state,
                                      const Limits& limits = {});
MappingOutput render_mapping_template(const Template& tpl, const MappingInput& in, MappingState& state,
                                      const Limits& limits = {});
// Without carried state (a single render).
MappingOutput render_mapping_template(std::string_view template_text, const MappingInput& in,
                                      const Limits& limits = {});

}  // namespace bunker::vtl
