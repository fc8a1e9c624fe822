#pragma once
// An HTTP API (v2) compiled for serving: routes ordered for matching, their integrations
// and authorizers, and the CORS configuration.
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apigateway/invoke/invocation.h"

namespace bunker::apigateway {

struct HttpRoute {
  std::string route_key;  // "GET /pets/{id}", "ANY /{proxy+}", "$default"
  std::string method;     // GET…, ANY; empty for $default
  std::vector<std::string> segments;  // path parts ("pets", "{id}", "{proxy+}")
  nlohmann::json integration;         // the target integration record (null without target)
  // The integration's Lambda function as its URI names it (a function ARN, or the function
  // inside an apigateway:lambda:path/…/invocations URI), read once here.
  std::string lambda_function;
  nlohmann::json authorizer;          // null without one
  std::string authorization_type = "NONE";
  bool api_key_required = false;
};

struct HttpRouteMatch {
  const HttpRoute* route = nullptr;
  ParamPairs path_params;
};

struct HttpApiSnapshot {
  std::string api_id;
  std::string deployment_id;
  nlohmann::json cors;  // corsConfiguration or null
  std::vector<HttpRoute> routes;  // most specific first; $default last
  bool disable_execute_api_endpoint = false;

  // API Gateway's route selection: the most specific path, then an exact method over
  // ANY, then $default. nullptr route when nothing matches.
  HttpRouteMatch match(std::string_view method, std::string_view path) const;
};

std::shared_ptr<const HttpApiSnapshot> compile_http_snapshot(const nlohmann::json& snapshot, std::string deployment_id);

}  // namespace bunker::apigateway
