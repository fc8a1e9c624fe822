#pragma once
// The HTTP API (v2) request pipeline: CORS preflight answered by API Gateway itself,
// route selection, authorizer, integration (Lambda proxy 1.0/2.0, HTTP_PROXY with
// parameter mapping), response parameter mapping, CORS headers on the answer.
#include <boost/asio/awaitable.hpp>

#include "apigateway/invoke/executor.h"
#include "apigateway/invoke/http_api_snapshot.h"

namespace bunker::apigateway {

boost::asio::awaitable<http::Response> invoke_http_api(InvokeServices& svc, Invocation& inv,
                                                       const HttpApiSnapshot& api);

// CORS as an HTTP API's corsConfiguration applies it: the preflight answer for an OPTIONS
// request with Origin and Access-Control-Request-Method (nullopt otherwise), and the
// headers added to other answers.
std::optional<http::Response> cors_preflight(const Invocation& inv, const nlohmann::json& cors);
void add_cors_headers(http::Response& r, const Invocation& inv, const nlohmann::json& cors);

}  // namespace bunker::apigateway
