#pragma once
// Rendering API Gateway's own answers (GatewayError) through the API's gateway responses:
// a customized response type (or DEFAULT_4XX / DEFAULT_5XX) may change the status, add
// headers (gatewayresponse.header.X) and replace the body template.
#include <nlohmann/json.hpp>

#include "apigateway/invoke/invocation.h"

namespace bunker::apigateway {

// custom: the deployment's customized gateway responses (null for HTTP APIs or before
// an API is known).
http::Response gateway_error_response(const Invocation& inv, const nlohmann::json* custom, const GatewayError& error);

// Headers every execute-api answer carries.
void add_invoke_headers(http::Response& r, const Invocation& inv);

}  // namespace bunker::apigateway
