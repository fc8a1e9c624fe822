#include "apigateway/invoke/rest_invoke.h"

#include <shared_mutex>

#include "apigateway/integration_uri.h"
#include "apigateway/invoke/authorizer_runner.h"
#include "apigateway/invoke/gateway_response.h"
#include "apigateway/invoke/request_validation.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(GatewayError e) { throw GatewayFailure{std::move(e)}; }

// AWS_IAM methods need a SigV4-signed request. Bunker does not verify execute-api
// signatures (any key works, as everywhere in Bunker), but an unsigned request gets
// AWS's answer for a missing signature.
void check_iam(Invocation& inv) {
  const auto auth = inv.header("Authorization").value_or("");
  const bool signed_header = auth.starts_with("AWS4-HMAC-SHA256");
  const bool presigned = [&] {
    for (const auto& [k, v] : inv.query)
      if (k == "X-Amz-Signature") return true;
    return false;
  }();
  if (!signed_header && !presigned) fail(missing_authentication_token());
  inv.iam_signed = true;
}

// apiKeyRequired: the key (x-api-key, or the authorizer's usageIdentifierKey with
// apiKeySource AUTHORIZER) must exist, be enabled and belong to a usage plan that
// includes this API stage.
void check_api_key(InvokeServices& svc, Invocation& inv, const RestSnapshot& api,
                   const std::optional<std::string>& usage_key) {
  std::string value;
  if (api.api_key_source == "AUTHORIZER") value = usage_key.value_or("");
  else value = inv.header("x-api-key").value_or("");
  GatewayError invalid{"INVALID_API_KEY", 403, "Forbidden", "ForbiddenException"};
  if (value.empty()) fail(invalid);
  std::shared_lock lock(svc.state.mutex());
  for (const auto& [id, key] : svc.state.api_keys) {
    if (key.account != inv.account || key.doc.value("value", "") != value) continue;
    if (!key.doc.value("enabled", false)) fail(invalid);
    for (const auto& [pid, plan] : svc.state.usage_plans) {
      if (plan.account != inv.account || !plan.doc.value("_keys", json::object()).contains(id)) continue;
      for (const auto& s : plan.doc.value("apiStages", json::array()))
        if (s.value("apiId", "") == inv.api_id && s.value("stage", "") == inv.stage) {
          inv.api_key = value;
          inv.api_key_id = id;
          return;
        }
    }
    fail(invalid);
  }
  fail(invalid);
}

}  // namespace

std::string resolve_lambda_function(const Invocation& inv, const Integration& integration) {
  auto fn = integration.lambda_function ? integration.lambda_function : lambda_function_of(integration.uri);
  if (!fn) fail(internal_server_error());
  std::string resolved =
      substitute_stage_variables(*fn, [&](const std::string& n) { return inv.stage_variable(n).value_or(""); });
  if (resolved.empty() || resolved.ends_with(":")) fail(internal_server_error());
  return resolved;
}

boost::asio::awaitable<http::Response> invoke_rest(InvokeServices& svc, Invocation& inv, const RestSnapshot& api) {
  try {
    RouteMatch match = api.route(inv.path, inv.method);
    if (!match.method) fail(missing_authentication_token());
    const Method& m = *match.method;
    inv.resource_id = m.resource_id;
    inv.resource_path = m.resource_path;
    inv.path_params = std::move(match.path_params);

    std::optional<std::string> usage_key;
    const std::string& auth = m.authorization_type;
    if (auth == "AWS_IAM") {
      check_iam(inv);
    } else if (auth == "CUSTOM" || auth == "COGNITO_USER_POOLS") {
      auto it = api.authorizers.find(m.authorizer_id);
      if (it == api.authorizers.end()) fail(internal_server_error());
      if (auth == "COGNITO_USER_POOLS" || it->value("type", "") == "COGNITO_USER_POOLS") {
        run_cognito_authorizer(inv, *it);
      } else {
        usage_key = co_await run_rest_authorizer(svc, inv, *it);
      }
    }
    if (m.api_key_required) check_api_key(svc, inv, api, usage_key);
    if (auto v = validate_request(inv, api, m)) fail(*v);
    if (!m.integration) fail(internal_server_error());

    const std::string& type = m.integration->type;
    if (type == "AWS_PROXY") co_return co_await run_lambda_proxy(svc, inv, api, m);
    if (type == "HTTP_PROXY") co_return co_await run_http_proxy(svc, inv, api, m);
    co_return co_await run_non_proxy(svc, inv, api, m);
  } catch (const GatewayFailure& f) {
    co_return gateway_error_response(inv, &api.gateway_responses, f.error);
  }
}

}  // namespace bunker::apigateway
