#include "apigateway/invoke/invocation.h"

#include <ctime>

#include "apigateway/invoke/json_writer.h"
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
  // Formatted once per second and thread: every request asks for it.
  struct Cached {
    int64_t second = -1;
    std::string text;
  };
  thread_local Cached cached;
  const int64_t second = time_ms / 1000;
  if (cached.second == second) return cached.text;
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(second);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02d/%s/%04d:%02d:%02d:%02d +0000", tm.tm_mday, kMonths[tm.tm_mon],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  cached = {second, buf};
  return cached.text;
}

namespace {

// Builds a nlohmann::json document through JsonWriter's calls, so one list of fields
// (emit_context) serves both the text of proxy events and the $context of templates.
class JsonTreeBuilder {
 public:
  JsonTreeBuilder& key(std::string_view k) {
    key_ = k;
    return *this;
  }
  void string(std::string_view v) { put(nlohmann::json(std::string(v))); }
  void string_or_null(std::string_view v) { v.empty() ? null() : string(v); }
  void null() { put(nullptr); }
  void number(int64_t v) { put(v); }
  void json_value(const nlohmann::json& v) { put(v); }
  void begin_object() {
    nlohmann::json* slot = put(nlohmann::json::object());
    stack_.push_back(slot);
  }
  void end_object() { stack_.pop_back(); }
  nlohmann::json take() { return std::move(root_); }

 private:
  nlohmann::json* put(nlohmann::json v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    auto [it, _] = stack_.back()->get_ref<nlohmann::json::object_t&>().insert_or_assign(std::string(key_), std::move(v));
    return &it->second;
  }
  nlohmann::json root_;
  std::vector<nlohmann::json*> stack_;
  std::string_view key_;
};

}  // namespace

template <typename Sink>
void Invocation::emit_context(Sink& w, std::string_view http_route_key) const {
  w.begin_object();
  w.key("accountId").string(account);
  w.key("apiId").string(api_id);
  if (!authorizer.is_null()) w.key("authorizer").json_value(authorizer);
  if (!deployment_id.empty() && http_route_key.empty()) w.key("deploymentId").string(deployment_id);
  w.key("domainName").string(domain_name);
  w.key("domainPrefix").string(domain_prefix);
  w.key("extendedRequestId").string(extended_request_id);
  w.key("httpMethod").string(method);
  w.key("identity").begin_object();
  // What a SigV4 signature says; Bunker does not map keys to IAM users here.
  const bool signed_caller = iam_signed && !http.caller.access_key.empty();
  w.key("accessKey");
  if (signed_caller) w.string(http.caller.access_key);
  else w.null();
  w.key("accountId");
  if (signed_caller) w.string_or_null(http.caller.account_id);
  else w.null();
  if (!api_key.empty()) {
    w.key("apiKey").string(api_key);
    w.key("apiKeyId").string(api_key_id);
  }
  for (const char* k : {"caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType", "cognitoIdentityId",
                        "cognitoIdentityPoolId", "principalOrgId"})
    w.key(k).null();
  w.key("sourceIp").string(source_ip);
  w.key("user").null();
  w.key("userAgent").string_or_null(user_agent);
  w.key("userArn").null();
  w.end_object();
  w.key("path").string(full_path);
  w.key("protocol").string("HTTP/1.1");
  w.key("requestId").string(request_id);
  w.key("requestTime").string(request_time());
  w.key("requestTimeEpoch").number(time_ms);
  w.key("resourceId").string(http_route_key.empty() ? std::string_view(resource_id) : http_route_key);
  w.key("resourcePath").string(resource_path);
  w.key("stage").string(stage);
  w.end_object();
}

void Invocation::write_context(JsonWriter& w, std::string_view http_route_key) const {
  emit_context(w, http_route_key);
}

nlohmann::json Invocation::context_variables() const {
  JsonTreeBuilder b;
  emit_context(b, {});
  return b.take();
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
