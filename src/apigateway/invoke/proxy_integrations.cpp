// AWS_PROXY (Lambda proxy) and HTTP_PROXY integrations of REST APIs: the request goes to
// the backend as it came, and the backend's answer is the method's answer.
#include <spdlog/spdlog.h>

#include "apigateway/invoke/gateway_response.h"
#include "apigateway/invoke/http_client.h"
#include "apigateway/invoke/mapping.h"
#include "apigateway/invoke/proxy_events.h"
#include "apigateway/invoke/rest_invoke.h"
#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

[[noreturn]] void fail(GatewayError e) { throw GatewayFailure{std::move(e)}; }

// Hop-by-hop and framing headers are not forwarded to an HTTP_PROXY backend.
bool forwardable_request_header(std::string_view name) {
  for (std::string_view h : {"host", "connection", "content-length", "transfer-encoding", "expect", "te", "upgrade",
                             "proxy-authorization", "proxy-connection", "keep-alive", "trailer"})
    if (iequals(name, h)) return false;
  return true;
}

// Backend response headers API Gateway renames to x-amzn-Remapped-<name> (recorded).
bool remapped_response_header(std::string_view name) {
  for (std::string_view h : {"connection", "content-length", "date", "server", "www-authenticate", "authorization",
                             "x-amzn-requestid", "content-md5", "expect", "host", "max-forwards",
                             "proxy-authenticate", "trailer", "upgrade", "user-agent"})
    if (iequals(name, h)) return true;
  return false;
}

// A base64 body of a proxy response is sent as binary when the client accepts (or the
// response declares) one of the API's binary media types.
bool deliver_binary(const RestSnapshot& api, const Invocation& inv, const http::Headers& headers) {
  const std::string accept = inv.header("Accept").value_or("");
  if (!accept.empty() && api.is_binary(std::string(split(accept, ',').front()))) return true;
  return api.is_binary(headers.get_or("Content-Type", ""));
}

}  // namespace

boost::asio::awaitable<http::Response> run_lambda_proxy(InvokeServices& svc, Invocation& inv, const RestSnapshot& api,
                                                        const Method& method) {
  const Integration& integration = *method.integration;
  // Lambda is invoked with POST; any other integration method fails (recorded).
  if (integration.http_method != "POST") fail(internal_server_error());
  const std::string function = resolve_lambda_function(inv, integration);
  const bool binary = api.is_binary(inv.header("Content-Type").value_or(""));
  std::string event = rest_proxy_event_text(inv, binary);
  LambdaCall lambda_call{function, std::nullopt, std::move(event), inv.region, inv.account};  // named: see lambda_client.h
  lambda_call.written_as_json = true;
  if (integration.credentials.empty()) lambda_call.source_arns = integration_source_arns(inv);
  LambdaReply reply;
  try {
    reply = co_await svc.lambda.invoke(std::move(lambda_call));
  } catch (const LambdaUnavailable& e) {
    spdlog::info("apigateway: Lambda proxy integration {} failed: {} {}", function, e.code, e.message);
    fail(internal_server_error());
  }
  if (reply.function_error) fail(integration_failure_502());
  auto parsed = parse_proxy_response_v1(reply.payload);
  if (!parsed) {
    spdlog::info("apigateway: malformed Lambda proxy response from {}", function);
    fail(integration_failure_502());
  }
  http::Response r;
  r.status = parsed->status;
  for (const auto& [k, v] : parsed->headers) r.headers.add(k, v);
  if (!r.headers.has("Content-Type")) r.headers.add("Content-Type", "application/json");
  r.body = std::move(parsed->body);
  if (parsed->base64 && deliver_binary(api, inv, r.headers)) {
    if (auto decoded = base64_decode(r.body)) r.body = std::move(*decoded);
    else fail(integration_failure_502());
  }
  r.headers.set("X-Amzn-Trace-Id", inv.trace_id);
  add_invoke_headers(r, inv);
  co_return r;
}

boost::asio::awaitable<http::Response> run_http_proxy(InvokeServices& svc, Invocation& inv, const RestSnapshot& api,
                                                      const Method& method) {
  const Integration& integration = *method.integration;
  ParamPairs path, query, mapped_headers;
  for (const auto& [target, source] : integration.request_parameters) {
    auto value = request_source(inv, source);
    if (!value) continue;
    std::string_view t = target;
    if (t.starts_with("integration.request.path.")) path.emplace_back(std::string(t.substr(25)), *value);
    else if (t.starts_with("integration.request.querystring.")) query.emplace_back(std::string(t.substr(32)), *value);
    else if (t.starts_with("integration.request.header.")) mapped_headers.emplace_back(std::string(t.substr(27)), *value);
  }
  // Path variables of the same name fill the URI when no mapping names them.
  for (const auto& [k, v] : inv.decoded_path_params()) {
    bool mapped = false;
    for (const auto& [pk, pv] : path) mapped = mapped || pk == k;
    if (!mapped) path.emplace_back(k, v);
  }
  OutboundRequest out;
  out.method = integration.http_method == "ANY" || integration.http_method.empty() ? inv.method : integration.http_method;
  out.url = build_http_url(inv, integration.uri, path, query, inv.raw_query);
  out.timeout_ms = integration.timeout_ms;
  for (const auto& [k, v] : inv.http.headers)
    if (forwardable_request_header(k)) out.headers.add(k, v);
  for (const auto& [k, v] : mapped_headers) out.headers.set(k, v);
  out.headers.set("X-Amzn-Apigateway-Api-Id", inv.api_id);
  for (const auto& [k, v] : forwarded_headers(inv)) {
    if (iequals(k, "X-Forwarded-For") && inv.header(k)) out.headers.set(k, *inv.header(k) + ", " + v);
    else out.headers.set(k, v);
  }
  out.body = inv.body;
  InboundResponse in;
  try {
    in = co_await http_fetch(std::move(out));
  } catch (const HttpClientError& e) {
    spdlog::info("apigateway: HTTP_PROXY integration {} failed: {}", integration.uri, e.what());
    fail(e.timed_out() ? integration_timeout() : internal_server_error());
  }
  http::Response r;
  r.status = in.status;
  for (const auto& [k, v] : in.headers) {
    if (iequals(k, "Transfer-Encoding")) continue;
    if (remapped_response_header(k)) r.headers.add("x-amzn-Remapped-" + k, v);
    else r.headers.add(k, v);
  }
  r.body = std::move(in.body);
  add_invoke_headers(r, inv);
  co_return r;
}

}  // namespace bunker::apigateway
