#pragma once
// The Lambda proxy contract: the events API Gateway sends (REST v1, HTTP API payload 1.0
// and 2.0, Lambda authorizer events) and how it reads the function's answer.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "apigateway/invoke/invocation.h"

namespace bunker::apigateway {

// REST API AWS_PROXY event (v1.0), as the JSON text Lambda receives. binary: the body is
// base64-encoded and isBase64Encoded is true (binaryMediaTypes matched the Content-Type).
std::string rest_proxy_event_text(const Invocation& inv, bool binary);
// HTTP API payload 1.0: the v1 event with "version": "1.0", the route key as resourceId.
std::string http_proxy_event_v1_text(const Invocation& inv, const std::string& route_key, bool binary);
// HTTP API payload 2.0.
std::string http_proxy_event_v2_text(const Invocation& inv, const std::string& route_key, bool binary);
// The same events as documents (tests, authorizer events).
nlohmann::json rest_proxy_event(const Invocation& inv, bool binary);
nlohmann::json http_proxy_event_v2(const Invocation& inv, const std::string& route_key, bool binary);

// REQUEST authorizer event for REST APIs (and HTTP APIs with payload 1.0).
nlohmann::json rest_authorizer_request_event(const Invocation& inv, const std::string& method_arn);
// HTTP API authorizer event, payload 2.0.
nlohmann::json http_authorizer_event_v2(const Invocation& inv, const std::string& route_arn,
                                        const std::string& route_key, const std::vector<std::string>& identity);

struct ProxyResponse {
  int status = 200;
  http::Headers headers;
  std::string body;
  bool base64 = false;
};
// The REST (and payload 1.0) response contract; nullopt when malformed (API Gateway's 502).
std::optional<ProxyResponse> parse_proxy_response_v1(const std::string& payload);
// Payload 2.0, with its shortcuts (anything without a statusCode is a 200 JSON body).
std::optional<ProxyResponse> parse_proxy_response_v2(const std::string& payload);
// The same, always through a JSON document (what the two above fall back on; tests
// compare them).
std::optional<ProxyResponse> parse_proxy_response_v1_document(const std::string& payload);
std::optional<ProxyResponse> parse_proxy_response_v2_document(const std::string& payload);

// The headers API Gateway adds to what it forwards (X-Forwarded-For/Port/Proto,
// X-Amzn-Trace-Id), in the case it uses.
ParamPairs forwarded_headers(const Invocation& inv);

}  // namespace bunker::apigateway
