#include "apigateway/invoke/authorizer_runner.h"

#include <spdlog/spdlog.h>

#include "apigateway/integration_uri.h"
#include "apigateway/invoke/mapping.h"
#include "apigateway/invoke/proxy_events.h"
#include "apigateway/invoke/rest_invoke.h"
#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"
#include "vtl/java_regex.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(GatewayError e) { throw GatewayFailure{std::move(e)}; }

// The function an authorizerUri names (the same URI shape as Lambda integrations).
std::string authorizer_function(const Invocation& inv, const std::string& uri) {
  auto fn = lambda_function_of(uri);
  if (!fn) fail(authorizer_configuration_error());
  return substitute_stage_variables(*fn, [&](const std::string& n) { return inv.stage_variable(n).value_or(""); });
}

bool matches_action(const json& action) {
  auto one = [](const json& a) {
    if (!a.is_string()) return false;
    const std::string s = a.get<std::string>();
    return s == "*" || iequals(s, "execute-api:Invoke") || iequals(s, "execute-api:*");
  };
  if (action.is_array()) {
    for (const auto& a : action)
      if (one(a)) return true;
    return false;
  }
  return one(action);
}

bool matches_resource(const json& resource, const std::string& arn) {
  if (resource.is_array()) {
    for (const auto& r : resource)
      if (r.is_string() && wildcard_match(r.get<std::string>(), arn)) return true;
    return false;
  }
  return resource.is_string() && wildcard_match(resource.get<std::string>(), arn);
}

// Stringifies context values for $context.authorizer.<key> (AWS documents that only
// strings, numbers and booleans are allowed; objects and arrays make the authorizer fail).
json authorizer_context(const json& result) {
  json out = json::object();
  if (result.contains("principalId")) out["principalId"] = result["principalId"];
  if (result.contains("context") && result["context"].is_object()) {
    for (const auto& [k, v] : result["context"].items()) {
      if (v.is_object() || v.is_array()) fail(authorizer_configuration_error());
      out[k] = v;
    }
  }
  return out;
}

// Invokes the authorizer function and returns its JSON answer; the function's own
// "Unauthorized" error is API Gateway's 401.
boost::asio::awaitable<json> call_authorizer(InvokeServices& svc, const Invocation& inv, const json& authorizer,
                                             const json& event) {
  LambdaCall lambda_call{authorizer_function(inv, authorizer.value("authorizerUri", "")), std::nullopt, event.dump(),
                         inv.region, inv.account};  // named: see lambda_client.h
  // REST authorizers name their role authorizerCredentials and their id id; HTTP APIs'
  // authorizerCredentialsArn and authorizerId.
  const std::string credentials =
      authorizer.value("authorizerCredentials", authorizer.value("authorizerCredentialsArn", ""));
  if (credentials.empty())
    lambda_call.source_arns = authorizer_source_arns(inv, authorizer.value("id", authorizer.value("authorizerId", "")));
  LambdaReply reply;
  try {
    reply = co_await svc.lambda.invoke(std::move(lambda_call));
  } catch (const LambdaUnavailable& e) {
    spdlog::warn("apigateway: authorizer {} could not be invoked: {}", authorizer.value("name", ""), e.message);
    fail(authorizer_configuration_error());
  }
  auto doc = json::parse(reply.payload, nullptr, false);
  if (reply.function_error) {
    if (doc.is_object() && doc.value("errorMessage", "") == "Unauthorized") fail(unauthorized());
    fail(authorizer_configuration_error());
  }
  if (doc.is_discarded()) fail(authorizer_configuration_error());
  co_return doc;
}

std::string identity_value(const Invocation& inv, std::string_view source) {
  return request_source(inv, trim(source)).value_or("");
}

}  // namespace

std::string method_arn(const Invocation& inv) {
  std::string path = inv.path;
  if (path.starts_with("/")) path.erase(0, 1);
  return "arn:aws:execute-api:" + inv.region + ":" + inv.account + ":" + inv.api_id + "/" + inv.stage + "/" +
         inv.method + "/" + path;
}


int evaluate_policy(const json& policy, const std::string& arn) {
  if (!policy.is_object()) return 0;
  json statements = policy.contains("Statement") ? policy["Statement"] : json::array();
  if (statements.is_object()) statements = json::array({statements});
  bool allowed = false;
  for (const auto& s : statements) {
    if (!s.is_object()) continue;
    if (!matches_action(s.value("Action", json()))) continue;
    if (!matches_resource(s.value("Resource", json()), arn)) continue;
    const std::string effect = s.value("Effect", "");
    if (iequals(effect, "Deny")) return -1;
    if (iequals(effect, "Allow")) allowed = true;
  }
  return allowed ? 1 : 0;
}

boost::asio::awaitable<std::optional<std::string>> run_rest_authorizer(InvokeServices& svc, Invocation& inv,
                                                                       const json& authorizer) {
  const std::string type = authorizer.value("type", "TOKEN");
  const std::string arn = method_arn(inv);
  json event;
  std::string identity;
  if (type == "TOKEN") {
    const std::string source = authorizer.value("identitySource", "method.request.header.Authorization");
    const std::string token = identity_value(inv, source);
    if (token.empty()) fail(unauthorized());
    if (auto expr = authorizer.value("identityValidationExpression", ""); !expr.empty()) {
      try {
        if (!vtl::JavaRegex::get(expr)->matches(token)) fail(unauthorized());
      } catch (const vtl::TemplateError&) {
        fail(authorizer_configuration_error());
      }
    }
    identity = token;
    event = {{"type", "TOKEN"}, {"authorizationToken", token}, {"methodArn", arn}};
  } else {
    const std::string sources = authorizer.value("identitySource", "");
    for (auto s : split(sources, ',')) {
      if (trim(s).empty()) continue;
      const std::string v = identity_value(inv, s);
      // Missing identity sources are a 401 without calling the function (when caching).
      if (v.empty() && authorizer.value("authorizerResultTtlInSeconds", 300LL) > 0) fail(unauthorized());
      identity += v + "\x1f";
    }
    event = rest_authorizer_request_event(inv, arn);
  }

  const long long ttl = authorizer.value("authorizerResultTtlInSeconds", 300LL);
  const std::string cache_key = inv.api_id + "/" + authorizer.value("id", "") + "/" + identity;
  const int64_t now = now_millis();
  json result;
  if (auto cached = ttl > 0 ? svc.authorizers.get(cache_key, now) : std::nullopt) {
    result = *cached;
  } else {
    result = co_await call_authorizer(svc, inv, authorizer, event);
    if (!result.is_object() || !result.contains("policyDocument")) fail(authorizer_configuration_error());
    if (ttl > 0) svc.authorizers.put(cache_key, result, now + ttl * 1000);
  }
  const int verdict = evaluate_policy(result["policyDocument"], arn);
  if (verdict < 0) fail(access_denied_explicit());
  if (verdict == 0) fail(access_denied_implicit());
  inv.authorizer = authorizer_context(result);
  if (result.contains("usageIdentifierKey") && result["usageIdentifierKey"].is_string())
    co_return result["usageIdentifierKey"].get<std::string>();
  co_return std::nullopt;
}

void run_cognito_authorizer(Invocation& inv, const json& authorizer) {
  const std::string source = authorizer.value("identitySource", "method.request.header.Authorization");
  std::string token = identity_value(inv, source);
  if (token.starts_with("Bearer ")) token = token.substr(7);
  auto parts = split(token, '.');
  if (parts.size() != 3) fail(unauthorized());
  std::string payload(parts[1]);
  for (char& c : payload) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (payload.size() % 4) payload.push_back('=');
  auto decoded = base64_decode(payload);
  if (!decoded) fail(unauthorized());
  auto claims = json::parse(*decoded, nullptr, false);
  if (!claims.is_object()) fail(unauthorized());
  if (claims.contains("exp") && claims["exp"].is_number() && claims["exp"].get<double>() * 1000 < now_millis())
    fail(unauthorized());
  json stringified = json::object();
  for (const auto& [k, v] : claims.items()) stringified[k] = v.is_string() ? v : json(v.dump());
  inv.authorizer = {{"claims", stringified}};
}

boost::asio::awaitable<void> run_http_authorizer(InvokeServices& svc, Invocation& inv, const json& authorizer,
                                                 const std::string& route_key) {
  const std::string type = authorizer.value("authorizerType", "REQUEST");
  json sources = authorizer.value("identitySource", json::array());
  std::vector<std::string> values;
  std::string identity;
  for (const auto& s : sources) {
    if (!s.is_string()) continue;
    std::string expr = s.get<std::string>();
    // $request.header.X, $request.querystring.X, $context.X, $stageVariables.X
    std::string mapped;
    if (expr.starts_with("$request.header.")) mapped = "method.request.header." + expr.substr(16);
    else if (expr.starts_with("$request.querystring.")) mapped = "method.request.querystring." + expr.substr(21);
    else if (expr.starts_with("$context.")) mapped = "context." + expr.substr(9);
    else if (expr.starts_with("$stageVariables.")) mapped = "stageVariables." + expr.substr(16);
    const std::string v = mapped.empty() ? "" : identity_value(inv, mapped);
    if (v.empty()) fail(unauthorized());
    values.push_back(v);
    identity += v + "\x1f";
  }
  if (type == "JWT") {
    // Bunker cannot fetch an issuer's keys offline: the token's claims are read unverified.
    std::string token = values.empty() ? "" : values.front();
    if (token.starts_with("Bearer ")) token = token.substr(7);
    auto parts = split(token, '.');
    if (parts.size() != 3) fail(unauthorized());
    std::string payload(parts[1]);
    for (char& c : payload) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (payload.size() % 4) payload.push_back('=');
    auto decoded = base64_decode(payload);
    auto claims = decoded ? json::parse(*decoded, nullptr, false) : json();
    if (!claims.is_object()) fail(unauthorized());
    inv.authorizer = {{"jwt", {{"claims", claims}, {"scopes", nullptr}}}};
    co_return;
  }
  const std::string version = authorizer.value("authorizerPayloadFormatVersion", "2.0");
  const bool simple = authorizer.value("enableSimpleResponses", false);
  const long long ttl = authorizer.value("authorizerResultTtlInSeconds", 0LL);
  const std::string arn = "arn:aws:execute-api:" + inv.region + ":" + inv.account + ":" + inv.api_id + "/" +
                          inv.stage + "/" + inv.method + inv.path;
  const std::string cache_key = inv.api_id + "/" + authorizer.value("authorizerId", "") + "/" + identity;
  const int64_t now = now_millis();
  json result;
  if (auto cached = ttl > 0 ? svc.authorizers.get(cache_key, now) : std::nullopt) {
    result = *cached;
  } else {
    json event = version == "1.0" ? rest_authorizer_request_event(inv, arn)
                                  : http_authorizer_event_v2(inv, arn, route_key, values);
    if (version == "1.0") event["version"] = "1.0";
    result = co_await call_authorizer(svc, inv, authorizer, event);
    if (ttl > 0) svc.authorizers.put(cache_key, result, now + ttl * 1000);
  }
  if (version == "2.0" && simple) {
    if (!result.is_object() || !result.contains("isAuthorized") || !result["isAuthorized"].is_boolean())
      fail(internal_server_error());
    if (!result["isAuthorized"].get<bool>()) fail(forbidden());
    json ctx = result.value("context", json::object());
    inv.authorizer = {{"lambda", ctx}};
    co_return;
  }
  if (!result.is_object() || !result.contains("policyDocument")) fail(internal_server_error());
  if (evaluate_policy(result["policyDocument"], arn) <= 0) fail(forbidden());
  json ctx = result.value("context", json::object());
  inv.authorizer = {{"lambda", ctx}};
  if (result.contains("principalId")) inv.authorizer["principalId"] = result["principalId"];
  co_return;
}

}  // namespace bunker::apigateway
