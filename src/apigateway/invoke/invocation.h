#pragma once
// One request to a deployed stage, as API Gateway sees it, and the answer it builds.
// Everything the integrations, templates and proxy events read comes from here.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bunker/http/message.h"

namespace bunker::apigateway {

class JsonWriter;

using ParamPairs = std::vector<std::pair<std::string, std::string>>;

struct Invocation {
  explicit Invocation(const http::Request& request) : http(request) {}

  const http::Request& http;
  std::string api_id;
  std::string stage;            // "$default" for an HTTP API's default stage
  std::string method;           // GET, POST, …
  std::string path;             // the path after the stage, raw, starting with "/" ("/pets/1")
  std::string full_path;        // the path as requested, stage included ("/prod/pets/1")
  std::string raw_query;        // after "?", as received
  ParamPairs query;             // decoded ('+' is a space), in order, repeats kept
  std::string body;
  std::string source_ip;
  std::string user_agent;
  std::string domain_name;      // Host header without port, or the API's default host
  std::string domain_prefix;    // first label of domain_name
  std::string request_id;       // x-amzn-RequestId
  std::string extended_request_id;  // x-amz-apigw-id
  std::string trace_id;         // X-Amzn-Trace-Id (Root=1-…)
  int64_t time_ms = 0;
  std::string account;
  std::string region;
  ParamPairs stage_variables;

  // Set once routed.
  std::string resource_id;
  std::string resource_path;    // "/pets/{id}"
  ParamPairs path_params;       // raw values, as AWS passes them
  std::string deployment_id;
  nlohmann::json authorizer = nullptr;  // $context.authorizer / requestContext.authorizer
  bool iam_signed = false;      // an AWS_IAM method accepted a SigV4 signature
  std::string api_key;          // the x-api-key that was checked, when one was
  std::string api_key_id;

  // Last value of a query parameter / header (case-insensitive), nullopt when absent.
  std::optional<std::string> query_value(std::string_view name) const;
  std::vector<std::string> query_values(std::string_view name) const;
  std::optional<std::string> header(std::string_view name) const;
  std::vector<std::string> header_values(std::string_view name) const;
  std::optional<std::string> path_param(std::string_view name) const;
  // Templates and parameter mappings see path parameters URL-decoded (the proxy event
  // keeps them as sent).
  ParamPairs decoded_path_params() const;
  std::optional<std::string> stage_variable(std::string_view name) const;
  ParamPairs headers() const;

  // "dd/MMM/yyyy:HH:mm:ss +0000", as requestContext.requestTime.
  std::string request_time() const;
  // $context for mapping templates and the identity / ids the proxy events carry.
  nlohmann::json context_variables() const;
  // The same object written as JSON text (what proxy events carry as requestContext).
  // HTTP API payload 1.0 passes its route key: resourceId is the route key there and
  // deploymentId is left out.
  void write_context(JsonWriter& w, std::string_view http_route_key = {}) const;

 private:
  template <typename Sink>
  void emit_context(Sink& sink, std::string_view http_route_key) const;

 public:
};

// What an integration answered, before method-response mapping.
struct IntegrationResult {
  int status = 200;
  http::Headers headers;
  std::string body;
  // For Lambda integrations: the function's error document's errorMessage when it failed
  // (what selection patterns of AWS integrations match).
  std::optional<std::string> lambda_error;
};

// Errors API Gateway answers itself, rendered through the API's gateway responses.
struct GatewayError {
  GatewayError(std::string type_, int status_, std::string message_, std::string error_type_, std::string body_ = {})
      : type(std::move(type_)), status(status_), message(std::move(message_)), error_type(std::move(error_type_)),
        body(std::move(body_)) {}

  std::string type;      // MISSING_AUTHENTICATION_TOKEN, UNAUTHORIZED, …
  int status;
  std::string message;   // $context.error.message
  std::string error_type;  // x-amzn-ErrorType
  std::string body;        // the default body when it is not {"message":"<message>"}
};

GatewayError missing_authentication_token();
GatewayError forbidden();
GatewayError unauthorized();
// Lambda authorizer policies: explicit Deny, or no Allow for the method.
GatewayError access_denied_explicit();
GatewayError access_denied_implicit();
GatewayError authorizer_configuration_error();  // 500 {"message": null}
GatewayError internal_server_error();   // 500, configuration errors
GatewayError integration_failure_502();  // 502 for malformed Lambda proxy responses
GatewayError unsupported_media_type();
GatewayError bad_request_parameters(std::string message);
GatewayError bad_request_body(std::string message);
GatewayError not_found_route();  // HTTP APIs: 404 {"message":"Not Found"}
GatewayError integration_timeout();

}  // namespace bunker::apigateway
