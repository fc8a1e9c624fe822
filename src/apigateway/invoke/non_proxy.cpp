// Non-proxy integrations (MOCK, HTTP, AWS): the request template chosen by Content-Type
// with passthroughBehavior, integration.request.* parameter mapping, the backend call,
// the integration response chosen by selectionPattern, its response parameters and
// template, and $context.responseOverride.
#include <spdlog/spdlog.h>

#include "apigateway/integration_uri.h"
#include "apigateway/invoke/gateway_response.h"
#include "apigateway/invoke/mapping.h"
#include "apigateway/invoke/rest_invoke.h"
#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"
#include "vtl/error.h"
#include "vtl/java_regex.h"
#include "vtl/json_value.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(GatewayError e) { throw GatewayFailure{std::move(e)}; }

// MOCK integrations answer with the statusCode the request template wrote (read the
// permissive way API Gateway's JSON reader does: "{statusCode: 200}" counts).
int mock_status(const std::string& rendered) {
  vtl::Heap heap;
  vtl::Heap::Scope scope(heap);
  auto v = vtl::parse_json(rendered);
  if (!v || !v->is_map()) return 200;
  json doc = vtl::to_nlohmann(*v);
  auto it = doc.find("statusCode");
  if (it == doc.end()) return 200;
  if (it->is_number_integer()) return it->get<int>();
  if (it->is_string()) {
    long long n = 0;
    if (parse_int64(it->get<std::string>(), n)) return static_cast<int>(n);
  }
  return 200;
}

// The integration response whose selectionPattern matches `subject` (Java's
// String.matches), else the default one.
const IntegrationResponse* select_response(const Integration& integration, const std::string& subject) {
  for (const auto& r : integration.responses) {
    if (!r.selection_pattern || r.selection_pattern->empty()) continue;
    try {
      if (vtl::JavaRegex::get(*r.selection_pattern)->matches(subject)) return &r;
    } catch (const vtl::TemplateError&) {
      // An invalid pattern never matches.
    }
  }
  return integration.default_response();
}

void apply_overrides(ParamPairs& target, const vtl::ParamList& overrides) {
  for (const auto& [k, v] : overrides) {
    bool replaced = false;
    for (auto& [tk, tv] : target)
      if (iequals(tk, k)) {
        tv = v;
        replaced = true;
      }
    if (!replaced) target.emplace_back(k, v);
  }
}

}  // namespace

boost::asio::awaitable<http::Response> run_non_proxy(InvokeServices& svc, Invocation& inv, const RestSnapshot& api,
                                                     const Method& method) {
  const Integration& integration = *method.integration;
  vtl::MappingState state;

  // ---- request side ----
  const std::string content_type = base_media_type(inv.header("Content-Type").value_or("application/json"));
  BackendRequest req;
  req.content_type = inv.header("Content-Type").value_or("application/json");
  req.body = inv.body;
  if (api.is_binary(content_type) && integration.content_handling == "CONVERT_TO_TEXT") req.body = base64_encode(inv.body);
  vtl::RequestOverride request_override;
  // $input for both templates, built once; $context too, and only for a template that
  // reads it (kept aside while one that does not is rendered).
  std::optional<vtl::MappingInput> mapping;
  nlohmann::json context_aside;
  bool context_in = false;
  auto input_for = [&](const MappingTemplate& t, const std::string& body) -> const vtl::MappingInput& {
    if (!mapping) mapping = mapping_input(inv, body, false);
    else mapping->body = body;
    if (t.uses_context != context_in) {
      if (t.uses_context && context_aside.is_null()) context_aside = inv.context_variables();
      std::swap(mapping->context, context_aside);
      context_in = t.uses_context;
    }
    return *mapping;
  };
  const MappingTemplate* tpl = integration.request_template(content_type);
  if (!tpl) {
    const std::string& pb = integration.passthrough_behavior;
    if (pb == "NEVER" || (pb == "WHEN_NO_TEMPLATES" && !integration.request_templates.empty()))
      fail(unsupported_media_type());
  } else if (!tpl->passthrough) {
    try {
      auto out = render(*tpl, input_for(*tpl, req.body), state);
      req.body = std::move(out.text);
      request_override = std::move(out.request_override);
    } catch (const vtl::TemplateError& e) {
      spdlog::info("apigateway: request template of {} {} failed: {}", inv.method, inv.resource_path, e.what());
      fail(internal_server_error());
    }
    req.content_type = tpl->content_type;
  }
  for (const auto& [target, source] : integration.request_parameters) {
    auto value = request_source(inv, source);
    if (!value) continue;
    std::string_view t = target;
    if (t.starts_with("integration.request.header.")) req.headers.emplace_back(std::string(t.substr(27)), *value);
    else if (t.starts_with("integration.request.querystring.")) req.query.emplace_back(std::string(t.substr(32)), *value);
    else if (t.starts_with("integration.request.multivaluequerystring."))
      for (auto part : split(*value, ',')) req.query.emplace_back(std::string(t.substr(42)), std::string(part));
    else if (t.starts_with("integration.request.path.")) req.path.emplace_back(std::string(t.substr(25)), *value);
  }
  apply_overrides(req.headers, request_override.header);
  apply_overrides(req.query, request_override.querystring);
  apply_overrides(req.path, request_override.path);

  // ---- the backend ----
  IntegrationResult result;
  std::string selection_subject;
  if (integration.type == "MOCK") {
    result.status = mock_status(req.body);
    selection_subject = std::to_string(result.status);
  } else if (integration.type == "HTTP") {
    result = co_await call_http_backend(inv, integration, req);
    selection_subject = std::to_string(result.status);
  } else {
    result = co_await call_aws_backend(svc, inv, integration, req);
    // Lambda: patterns match the function's errorMessage; success takes the default.
    selection_subject = result.lambda_error ? *result.lambda_error : std::to_string(result.status);
  }

  // ---- response side ----
  const bool lambda = integration.type == "AWS" && lambda_function_of(integration.uri).has_value();
  const IntegrationResponse* chosen = lambda && !result.lambda_error
                                          ? integration.default_response()
                                          : select_response(integration, selection_subject);
  if (!chosen) {
    spdlog::info("apigateway: no integration response matches {} for {} {}", selection_subject, inv.method,
                 inv.resource_path);
    fail(internal_server_error());
  }
  long long code = 200;
  parse_int64(chosen->status_code, code);
  const int status = static_cast<int>(code);
  auto mr = method.method_responses.find(chosen->status_code);
  if (mr == method.method_responses.end()) {
    spdlog::info("apigateway: output mapping refers to an invalid method response: {}", chosen->status_code);
    fail(internal_server_error());
  }

  http::Response r;
  std::string body = result.body;
  std::string out_type = "application/json";
  const MappingTemplate* rtpl = select_response_template(chosen->templates, inv.header("Accept").value_or(""));
  if (rtpl) {
    out_type = rtpl->content_type;
    if (!rtpl->passthrough) {
      try {
        body = render(*rtpl, input_for(*rtpl, result.body), state).text;
      } catch (const vtl::TemplateError& e) {
        spdlog::info("apigateway: response template of {} {} failed: {}", inv.method, inv.resource_path, e.what());
        fail(internal_server_error());
      }
    }
  } else if (integration.type == "MOCK") {
    body.clear();
  }
  if (chosen->content_handling == "CONVERT_TO_BINARY") {
    if (auto decoded = base64_decode(body)) body = std::move(*decoded);
  } else if (chosen->content_handling == "CONVERT_TO_TEXT" && api.is_binary(result.headers.get_or("Content-Type", ""))) {
    body = base64_encode(body);
  }
  r.status = status;
  r.headers.add("Content-Type", out_type);
  for (const auto& [target, source] : chosen->response_parameters) {
    if (!std::string_view(target).starts_with("method.response.header.")) continue;
    if (auto value = response_source(inv, result, source)) r.headers.set(target.substr(23), *value);
  }
  // $context.responseOverride, set by either template, wins.
  const auto& ro = state.response_override();
  if (ro.is_object()) {
    if (ro.contains("status")) {
      long long s = 0;
      const json& sv = ro["status"];
      if (sv.is_number_integer()) r.status = sv.get<int>();
      else if (sv.is_string() && parse_int64(sv.get<std::string>(), s)) r.status = static_cast<int>(s);
    }
    if (ro.contains("header") && ro["header"].is_object())
      for (const auto& [k, v] : ro["header"].items())
        r.headers.set(k, v.is_string() ? v.get<std::string>() : v.dump());
  }
  r.body = std::move(body);
  add_invoke_headers(r, inv);
  co_return r;
}

}  // namespace bunker::apigateway
