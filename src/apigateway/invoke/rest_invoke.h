#pragma once
// The REST API (v1) request pipeline: route -> authorize (IAM / Lambda / Cognito) ->
// API key -> request validation -> integration -> method response. Each stage lives in
// its own file:
//   rest_invoke.cpp         the pipeline and method checks
//   non_proxy.cpp           request/response templates, parameter mapping, selection
//   proxy_integrations.cpp  AWS_PROXY (Lambda) and HTTP_PROXY
//   backends.cpp            calling HTTP endpoints, Lambda and AWS services for non-proxy
//   proxy_events.cpp        the Lambda proxy event and proxy response contract
//   authorizer_runner.cpp   Lambda authorizers and their policies
//   request_validation.cpp  request validators (parameters, JSON schema bodies)
#include <boost/asio/awaitable.hpp>

#include "apigateway/invoke/executor.h"
#include "apigateway/invoke/invocation.h"
#include "apigateway/invoke/rest_snapshot.h"

namespace bunker::apigateway {

boost::asio::awaitable<http::Response> invoke_rest(InvokeServices& svc, Invocation& inv, const RestSnapshot& api);

// Non-proxy integrations (MOCK, HTTP, AWS).
boost::asio::awaitable<http::Response> run_non_proxy(InvokeServices& svc, Invocation& inv, const RestSnapshot& api,
                                                     const Method& method);
// AWS_PROXY and HTTP_PROXY.
boost::asio::awaitable<http::Response> run_lambda_proxy(InvokeServices& svc, Invocation& inv, const RestSnapshot& api,
                                                        const Method& method);
boost::asio::awaitable<http::Response> run_http_proxy(InvokeServices& svc, Invocation& inv, const RestSnapshot& api,
                                                      const Method& method);

// Thrown inside the pipeline to answer with a gateway response.
struct GatewayFailure {
  GatewayError error;
};

// The request a non-proxy integration sends to its backend, after templates and mapping.
struct BackendRequest {
  std::string body;
  std::string content_type;  // of the body (the selected template's type, else the request's)
  ParamPairs headers;        // integration.request.header.*
  ParamPairs query;          // integration.request.querystring.*
  ParamPairs path;           // integration.request.path.*
};

// Calls the backend of a non-proxy integration. Throws GatewayFailure for failures
// API Gateway answers itself (unreachable endpoint, Lambda refusal, timeouts).
boost::asio::awaitable<IntegrationResult> call_http_backend(const Invocation& inv, const Integration& integration,
                                                            const BackendRequest& req);
boost::asio::awaitable<IntegrationResult> call_aws_backend(InvokeServices& svc, const Invocation& inv,
                                                           const Integration& integration, const BackendRequest& req);

// "arn:aws:lambda:…:function:name[:qualifier]" after ${stageVariables.x} substitution;
// throws GatewayFailure (500) when the URI names no function.
std::string resolve_lambda_function(const Invocation& inv, const Integration& integration);

// The outbound URL of an HTTP integration: {name} in the URI replaced by
// integration.request.path.name, query parameters appended.
std::string build_http_url(const Invocation& inv, const std::string& uri, const ParamPairs& path,
                           const ParamPairs& query, std::string_view raw_query = {});

}  // namespace bunker::apigateway
