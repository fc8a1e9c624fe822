#include "apigateway/invoke/invocation.h"

#include <ctime>

#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {

std::optional<std::string> Invocation::query_value(std::string_view name) const {
  std::optional<std::string> out;
  for (const auto& [k, v] : query)
    if (k == name) out = v;
  return out;
}

std::vector<std::string> Invocation::query_values(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : query)
    if (k == name) out.push_back(v);
  return out;
}

std::optional<std::string> Invocation::header(std::string_view name) const {
  std::optional<std::string> out;
  for (const auto& [k, v] : http.headers)
    if (iequals(k, name)) out = v;
  return out;
}

std::vector<std::string> Invocation::header_values(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : http.headers)
    if (iequals(k, name)) out.push_back(v);
  return out;
}

std::optional<std::string> Invocation::path_param(std::string_view name) const {
  for (const auto& [k, v] : path_params)
    if (k == name) return v;
  return std::nullopt;
}

ParamPairs Invocation::decoded_path_params() const {
  ParamPairs out;
  for (const auto& [k, v] : path_params) out.emplace_back(k, uri_decode(v));
  return out;
}

std::optional<std::string> Invocation::stage_variable(std::string_view name) const {
  for (const auto& [k, v] : stage_variables)
    if (k == name) return v;
  return std::nullopt;
}

ParamPairs Invocation::headers() const {
  ParamPairs out;
  for (const auto& [k, v] : http.headers) out.emplace_back(k, v);
  return out;
}

std::string Invocation::request_time() const {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(time_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02d/%s/%04d:%02d:%02d:%02d +0000", tm.tm_mday, kMonths[tm.tm_mon],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

nlohmann::json Invocation::context_variables() const {
  nlohmann::json identity = {{"accessKey", nullptr},
                             {"accountId", nullptr},
                             {"caller", nullptr},
                             {"cognitoAuthenticationProvider", nullptr},
                             {"cognitoAuthenticationType", nullptr},
                             {"cognitoIdentityId", nullptr},
                             {"cognitoIdentityPoolId", nullptr},
                             {"principalOrgId", nullptr},
                             {"sourceIp", source_ip},
                             {"user", nullptr},
                             {"userAgent", user_agent.empty() ? nlohmann::json(nullptr) : nlohmann::json(user_agent)},
                             {"userArn", nullptr}};
  if (iam_signed && !http.caller.access_key.empty()) {
    // What the signature says; Bunker does not map keys to IAM users here.
    identity["accessKey"] = http.caller.access_key;
    identity["accountId"] = http.caller.account_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(http.caller.account_id);
  }
  if (!api_key.empty()) {
    identity["apiKey"] = api_key;
    identity["apiKeyId"] = api_key_id;
  }
  nlohmann::json c = {{"accountId", account},
                      {"apiId", api_id},
                      {"domainName", domain_name},
                      {"domainPrefix", domain_prefix},
                      {"extendedRequestId", extended_request_id},
                      {"httpMethod", method},
                      {"identity", identity},
                      {"path", full_path},
                      {"protocol", "HTTP/1.1"},
                      {"requestId", request_id},
                      {"requestTime", request_time()},
                      {"requestTimeEpoch", time_ms},
                      {"resourceId", resource_id},
                      {"resourcePath", resource_path},
                      {"stage", stage}};
  if (!deployment_id.empty()) c["deploymentId"] = deployment_id;
  if (!authorizer.is_null()) c["authorizer"] = authorizer;
  return c;
}

GatewayError missing_authentication_token() {
  return {"MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token", "MissingAuthenticationTokenException"};
}
GatewayError forbidden() { return {"DEFAULT_4XX", 403, "Forbidden", "ForbiddenException"}; }
GatewayError unauthorized() { return {"UNAUTHORIZED", 401, "Unauthorized", "UnauthorizedException"}; }
// The authorizer denials use a capitalized "Message" member.
GatewayError access_denied_explicit() {
  return {"ACCESS_DENIED", 403, "User is not authorized to access this resource with an explicit deny",
          "AccessDeniedException",
          "{\"Message\":\"User is not authorized to access this resource with an explicit deny\"}"};
}
GatewayError access_denied_implicit() {
  return {"ACCESS_DENIED", 403, "User is not authorized to access this resource", "AccessDeniedException",
          "{\"Message\":\"User is not authorized to access this resource\"}"};
}
GatewayError authorizer_configuration_error() {
  return {"AUTHORIZER_CONFIGURATION_ERROR", 500, "", "AuthorizerConfigurationException", "{\"message\":null}"};
}
GatewayError internal_server_error() {
  return {"API_CONFIGURATION_ERROR", 500, "Internal server error", "InternalServerErrorException"};
}
GatewayError integration_failure_502() {
  return {"DEFAULT_5XX", 502, "Internal server error", "InternalServerErrorException"};
}
GatewayError unsupported_media_type() {
  return {"UNSUPPORTED_MEDIA_TYPE", 415, "Unsupported Media Type", "UnsupportedMediaTypeException"};
}
GatewayError bad_request_parameters(std::string message) {
  return {"BAD_REQUEST_PARAMETERS", 400, std::move(message), "BadRequestException"};
}
GatewayError bad_request_body(std::string message) {
  return {"BAD_REQUEST_BODY", 400, std::move(message), "BadRequestException"};
}
GatewayError not_found_route() { return {"RESOURCE_NOT_FOUND", 404, "Not Found", "NotFoundException"}; }
GatewayError integration_timeout() {
  return {"INTEGRATION_TIMEOUT", 504, "Endpoint request timed out", "InternalServerErrorException"};
}

}  // namespace bunker::apigateway
