#include "apigateway/invoke/http_api_invoke.h"

#include <spdlog/spdlog.h>

#include "apigateway/integration_uri.h"
#include "apigateway/json_fields.h"
#include "apigateway/invoke/authorizer_runner.h"
#include "apigateway/invoke/http_api_mapping.h"
#include "apigateway/invoke/http_client.h"
#include "apigateway/invoke/proxy_events.h"
#include "apigateway/invoke/rest_invoke.h"
#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(GatewayError e) { throw GatewayFailure{std::move(e)}; }

// HTTP APIs word their errors differently from REST APIs (capitalized, no error type).
GatewayError http_error(int status, std::string message) { return {"", status, std::move(message), ""}; }

http::Response http_error_response(const Invocation& inv, const GatewayError& e) {
  http::Response r;
  r.status = e.status;
  r.headers.add("Content-Type", "application/json");
  r.body = "{\"message\":" + json(e.message).dump() + "}";
  r.headers.add("apigw-requestid", inv.extended_request_id);
  return r;
}

// Translates the REST-style failures raised by shared code into HTTP API answers.
GatewayError as_http_error(const GatewayError& e) {
  if (e.status == 401) return http_error(401, "Unauthorized");
  if (e.status == 403) return http_error(403, "Forbidden");
  if (e.status == 404) return http_error(404, "Not Found");
  if (e.status == 504) return http_error(503, "Service Unavailable");
  return http_error(500, "Internal Server Error");
}

std::string join_list(const json& list, const char* sep) {
  std::string out;
  if (!list.is_array()) return out;
  for (const auto& v : list) {
    if (!v.is_string()) continue;
    if (!out.empty()) out += sep;
    out += v.get<std::string>();
  }
  return out;
}

// The Access-Control-Allow-Origin value for the request's Origin, or nullopt.
std::optional<std::string> allowed_origin(const Invocation& inv, const json& cors) {
  const auto origin = inv.header("Origin");
  if (!origin || !cors.is_object()) return std::nullopt;
  for (const auto& o : cors.value("allowOrigins", json::array())) {
    if (!o.is_string()) continue;
    const std::string pattern = o.get<std::string>();
    if (pattern == "*") return std::string("*");
    if (iequals(pattern, *origin)) return *origin;
  }
  return std::nullopt;
}

boost::asio::awaitable<http::Response> lambda_route(InvokeServices& svc, Invocation& inv, const HttpRoute& route) {
  const json& integration = route.integration;
  // Either a function ARN or the apigateway:lambda:path/…/invocations form (read when the
  // snapshot was made).
  std::string function = substitute_stage_variables(
      route.lambda_function, [&](const std::string& n) { return inv.stage_variable(n).value_or(""); });
  const std::string version = integration.value("payloadFormatVersion", "1.0");
  const std::string content_type = inv.header("Content-Type").value_or("");
  // HTTP APIs base64-encode bodies that are not text.
  const bool binary = !inv.body.empty() && !is_valid_utf8(inv.body);
  std::string event = version == "2.0" ? http_proxy_event_v2_text(inv, route.route_key, binary)
                                       : http_proxy_event_v1_text(inv, route.route_key, binary);
  LambdaCall lambda_call{function, std::nullopt, std::move(event), inv.region, inv.account};  // named: see lambda_client.h
  lambda_call.written_as_json = true;
  if (integration.value("credentialsArn", "").empty()) lambda_call.source_arns = integration_source_arns(inv);
  LambdaReply reply;
  try {
    reply = co_await svc.lambda.invoke(std::move(lambda_call));
  } catch (const LambdaUnavailable& e) {
    spdlog::info("apigateway: HTTP API Lambda integration {} failed: {} {}", function, e.code, e.message);
    fail(http_error(500, "Internal Server Error"));
  }
  if (reply.function_error) fail(http_error(500, "Internal Server Error"));
  auto parsed = version == "2.0" ? parse_proxy_response_v2(reply.payload) : parse_proxy_response_v1(reply.payload);
  if (!parsed) fail(http_error(500, "Internal Server Error"));
  http::Response r;
  r.status = parsed->status;
  for (const auto& [k, v] : parsed->headers) r.headers.add(k, v);
  if (!r.headers.has("Content-Type")) r.headers.add("Content-Type", "application/json");
  r.body = std::move(parsed->body);
  if (parsed->base64) {
    if (auto decoded = base64_decode(r.body)) r.body = std::move(*decoded);
    else fail(http_error(500, "Internal Server Error"));
  }
  co_return r;
}

// The URL with its path replaced (overwrite:path), query kept.
std::string with_path(const std::string& url, std::string path) {
  if (!path.starts_with("/")) path.insert(0, "/");
  const auto scheme = url.find("://");
  const auto start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const auto query = url.find('?');
  const std::string base = url.substr(0, std::min(start, query));
  return base + path + (query == std::string::npos ? "" : url.substr(query));
}

boost::asio::awaitable<http::Response> http_proxy_route(Invocation& inv, const HttpRoute& route) {
  const json& integration = route.integration;
  OutboundRequest out;
  const std::string method = integration.value("integrationMethod", "ANY");
  out.method = method == "ANY" ? inv.method : method;
  HttpMappedRequest mapped;
  mapped.query = inv.query;
  for (const auto& [k, v] : inv.http.headers) {
    if (iequals(k, "Host") || iequals(k, "Connection") || iequals(k, "Content-Length") ||
        iequals(k, "Transfer-Encoding") || iequals(k, "Expect"))
      continue;
    mapped.headers.add(k, v);
  }
  for (const auto& [k, v] : forwarded_headers(inv)) mapped.headers.set(k, v);
  apply_http_request_mapping(inv, object_member(integration, "requestParameters"), mapped);
  out.url = mapped.query_changed
                ? build_http_url(inv, integration.value("integrationUri", ""), inv.decoded_path_params(), mapped.query)
                : build_http_url(inv, integration.value("integrationUri", ""), inv.decoded_path_params(), {},
                                 inv.raw_query);
  if (mapped.path) out.url = with_path(out.url, *mapped.path);
  out.headers = std::move(mapped.headers);
  out.timeout_ms = static_cast<int>(integration.value("timeoutInMillis", 30000LL));
  out.body = inv.body;
  InboundResponse in;
  try {
    in = co_await http_fetch(std::move(out));
  } catch (const HttpClientError& e) {
    spdlog::info("apigateway: HTTP API HTTP_PROXY integration failed: {}", e.what());
    fail(e.timed_out() ? http_error(503, "Service Unavailable") : http_error(500, "Internal Server Error"));
  }
  http::Response r;
  r.status = in.status;
  for (const auto& [k, v] : in.headers)
    if (!iequals(k, "Transfer-Encoding") && !iequals(k, "Connection") && !iequals(k, "Content-Length"))
      r.headers.add(k, v);
  r.body = std::move(in.body);
  co_return r;
}

}  // namespace

std::optional<http::Response> cors_preflight(const Invocation& inv, const json& cors) {
  if (!cors.is_object() || inv.method != "OPTIONS") return std::nullopt;
  if (!inv.header("Origin") || !inv.header("Access-Control-Request-Method")) return std::nullopt;
  http::Response r;
  r.status = 204;
  if (auto origin = allowed_origin(inv, cors)) {
    r.headers.add("Access-Control-Allow-Origin", *origin);
    const std::string methods = join_list(cors.value("allowMethods", json::array()), ",");
    if (!methods.empty()) r.headers.add("Access-Control-Allow-Methods", methods);
    const std::string headers = join_list(cors.value("allowHeaders", json::array()), ",");
    if (!headers.empty()) r.headers.add("Access-Control-Allow-Headers", headers);
    if (cors.value("allowCredentials", false)) r.headers.add("Access-Control-Allow-Credentials", "true");
    if (cors.contains("maxAge") && cors["maxAge"].is_number_integer() && cors["maxAge"].get<int>() >= 0)
      r.headers.add("Access-Control-Max-Age", std::to_string(cors["maxAge"].get<int>()));
    if (origin != "*") r.headers.add("Vary", "Origin");
  }
  r.headers.add("apigw-requestid", inv.extended_request_id);
  return r;
}

void add_cors_headers(http::Response& r, const Invocation& inv, const json& cors) {
  auto origin = allowed_origin(inv, cors);
  if (!origin) return;
  r.headers.set("Access-Control-Allow-Origin", *origin);
  if (cors.value("allowCredentials", false)) r.headers.set("Access-Control-Allow-Credentials", "true");
  const std::string expose = join_list(cors.value("exposeHeaders", json::array()), ",");
  if (!expose.empty()) r.headers.set("Access-Control-Expose-Headers", expose);
  if (*origin != "*") r.headers.add("Vary", "Origin");
}

boost::asio::awaitable<http::Response> invoke_http_api(InvokeServices& svc, Invocation& inv,
                                                       const HttpApiSnapshot& api) {
  if (auto preflight = cors_preflight(inv, api.cors)) co_return std::move(*preflight);
  http::Response r;
  try {
    HttpRouteMatch match = api.match(inv.method, inv.path);
    if (!match.route) fail(http_error(404, "Not Found"));
    const HttpRoute& route = *match.route;
    inv.resource_path = route.route_key == "$default" ? "$default" : route.route_key.substr(route.route_key.find(' ') + 1);
    inv.path_params = std::move(match.path_params);
    if (route.authorization_type == "AWS_IAM") {
      if (!inv.header("Authorization").value_or("").starts_with("AWS4-HMAC-SHA256")) fail(http_error(403, "Forbidden"));
    } else if (!route.authorizer.is_null()) {
      try {
        co_await run_http_authorizer(svc, inv, route.authorizer, route.route_key);
      } catch (const GatewayFailure& f) {
        throw GatewayFailure{as_http_error(f.error)};
      }
    }
    if (route.integration.is_null()) fail(http_error(500, "Internal Server Error"));
    const std::string type = route.integration.value("integrationType", "");
    if (type == "AWS_PROXY") r = co_await lambda_route(svc, inv, route);
    else if (type == "HTTP_PROXY") r = co_await http_proxy_route(inv, route);
    else fail(http_error(500, "Internal Server Error"));
    apply_http_response_mapping(inv, object_member(route.integration, "responseParameters"), r);
  } catch (const GatewayFailure& f) {
    r = http_error_response(inv, f.error.error_type.empty() ? f.error : as_http_error(f.error));
  }
  r.headers.set("apigw-requestid", inv.extended_request_id);
  add_cors_headers(r, inv, api.cors);
  co_return r;
}

}  // namespace bunker::apigateway
