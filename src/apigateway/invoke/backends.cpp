// The backends of non-proxy integrations: HTTP endpoints, Lambda functions (AWS type with
// a lambda:path URI) and AWS service actions of Bunker's own services.
#include <spdlog/spdlog.h>

#include "apigateway/integration_uri.h"
#include "apigateway/invoke/aws_services.h"
#include "apigateway/invoke/http_client.h"
#include "apigateway/invoke/rest_invoke.h"
#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(GatewayError e) { throw GatewayFailure{std::move(e)}; }

}  // namespace

std::string build_http_url(const Invocation& inv, const std::string& uri, const ParamPairs& path,
                           const ParamPairs& query, std::string_view raw_query) {
  std::string url =
      substitute_stage_variables(uri, [&](const std::string& n) { return inv.stage_variable(n).value_or(""); });
  // {name} and {name+} placeholders take integration.request.path.name.
  std::string out;
  for (size_t i = 0; i < url.size();) {
    if (url[i] == '{') {
      size_t end = url.find('}', i);
      if (end != std::string::npos) {
        std::string name = url.substr(i + 1, end - i - 1);
        if (!name.empty() && name.back() == '+') name.pop_back();
        // Values are decoded parameters; the URL carries them encoded ('/' kept for greedy ones).
        for (const auto& [k, v] : path)
          if (k == name) {
            out += uri_encode(v, true);
            break;
          }
        i = end + 1;
        continue;
      }
    }
    out.push_back(url[i++]);
  }
  std::string q(raw_query);
  for (const auto& [k, v] : query) {
    if (!q.empty()) q += "&";
    q += uri_encode(k) + "=" + uri_encode(v);
  }
  if (!q.empty()) out += (out.find('?') == std::string::npos ? "?" : "&") + q;
  return out;
}

boost::asio::awaitable<IntegrationResult> call_http_backend(const Invocation& inv, const Integration& integration,
                                                            const BackendRequest& req) {
  OutboundRequest out;
  out.method = integration.http_method == "ANY" || integration.http_method.empty() ? inv.method : integration.http_method;
  out.url = build_http_url(inv, integration.uri, req.path, req.query);
  out.timeout_ms = integration.timeout_ms;
  // What API Gateway sends by default (recorded): Accept, User-Agent and its API id.
  out.headers.add("Accept", "application/json");
  out.headers.add("User-Agent", "AmazonAPIGateway_" + inv.api_id);
  out.headers.add("X-Amzn-Apigateway-Api-Id", inv.api_id);
  out.headers.add("X-Amzn-Trace-Id", inv.trace_id);
  if (!req.body.empty()) out.headers.add("Content-Type", req.content_type);
  for (const auto& [k, v] : req.headers) out.headers.set(k, v);
  out.body = req.body;
  try {
    InboundResponse in = co_await http_fetch(std::move(out));
    IntegrationResult r;
    r.status = in.status;
    r.headers = std::move(in.headers);
    r.body = std::move(in.body);
    co_return r;
  } catch (const HttpClientError& e) {
    spdlog::info("apigateway: HTTP integration {} failed: {}", integration.uri, e.what());
    fail(e.timed_out() ? integration_timeout() : internal_server_error());
  }
}

boost::asio::awaitable<IntegrationResult> call_aws_backend(InvokeServices& svc, const Invocation& inv,
                                                           const Integration& integration, const BackendRequest& req) {
  auto parsed = parse_aws_uri(integration.uri);
  if (!parsed) fail(internal_server_error());
  const std::string region = parsed->region.empty() ? inv.region : parsed->region;
  if (parsed->service == "lambda" && !parsed->is_action) {
    const std::string function = resolve_lambda_function(inv, integration);
    LambdaCall lambda_call{function, std::nullopt, req.body, region, inv.account};  // named: see lambda_client.h
    if (integration.credentials.empty()) lambda_call.source_arns = integration_source_arns(inv);
    LambdaReply reply;
    try {
      reply = co_await svc.lambda.invoke(std::move(lambda_call));
    } catch (const LambdaUnavailable& e) {
      spdlog::info("apigateway: Lambda integration {} failed: {} {}", function, e.code, e.message);
      fail(internal_server_error());
    }
    IntegrationResult r;
    r.status = 200;
    r.headers.add("Content-Type", "application/json");
    r.body = reply.payload;
    if (reply.function_error) {
      auto doc = json::parse(reply.payload, nullptr, false);
      r.lambda_error = doc.is_object() && doc.contains("errorMessage") && doc["errorMessage"].is_string()
                           ? doc["errorMessage"].get<std::string>()
                           : std::string();
    }
    co_return r;
  }
  co_return co_await call_aws_service(svc, inv, *parsed, integration, req);
}

}  // namespace bunker::apigateway
