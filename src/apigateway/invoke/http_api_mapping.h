#pragma once
// HTTP API parameter mapping: requestParameters ("append:header.x", "overwrite:header.x",
// "remove:header.x", the same for querystring, "overwrite:path") change what an
// HTTP_PROXY integration receives; responseParameters, keyed by the backend's status
// ("overwrite:statuscode", append/overwrite/remove of headers), change the answer.
// Values are a variable ($request.header.x, $request.querystring.x, $request.path,
// $request.path.x, $request.body.<JSONPath>, $context.x, $stageVariables.x, and on the
// response side $response.header.x, $response.body.<JSONPath>) or static text.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "apigateway/invoke/invocation.h"

namespace bunker::apigateway {

struct HttpMappedRequest {
  std::optional<std::string> path;  // overwrite:path
  ParamPairs query;                 // the query after mapping (decoded)
  bool query_changed = false;
  http::Headers headers;
};

// `headers` starts as what would be forwarded; query starts as the request's.
void apply_http_request_mapping(const Invocation& inv, const nlohmann::json& params, HttpMappedRequest& out);

// Applies responseParameters[<status>] to the answer (body is the backend's body).
void apply_http_response_mapping(const Invocation& inv, const nlohmann::json& params, http::Response& r);

std::optional<std::string> http_mapping_value(const Invocation& inv, const http::Response* response,
                                              std::string_view value);

}  // namespace bunker::apigateway
