#pragma once
// The invoke side of API Gateway: takes a request to
// <api-id>.execute-api.<host>/<stage>/<path> (or /restapis/<id>/<stage>/_user_request_/<path>),
// finds the stage's deployment, and runs it — REST APIs through rest_invoke.h, HTTP APIs
// through http_api_invoke.h.
#include <boost/asio/awaitable.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "apigateway/invoke/authorizer_cache.h"
#include "apigateway/invoke/lambda_client.h"
#include "apigateway/state.h"
#include "bunker/core/aws_error.h"
#include "bunker/http/message.h"
#include "bunker/service/service.h"

namespace bunker::apigateway {

struct RestSnapshot;
struct HttpApiSnapshot;

// What the invoke pipelines need besides the request: other services and caches.
struct InvokeServices {
  LambdaClient lambda;
  Engines& engines;
  AuthorizerCache authorizers;
  std::string default_region;
  std::string default_account;
  State& state;  // for API keys and usage plans (shared lock held by callers that read it)
};

class Executor {
 public:
  Executor(State& state, ServiceContext& context);

  void start() {}
  void reset();
  boost::asio::awaitable<http::Response> handle(http::Request& request);
  http::Response render_error(const http::Request& request, const AwsError& error) const;

 private:
  std::shared_ptr<const RestSnapshot> rest_snapshot(const std::string& api_id, const std::string& deployment_id);
  std::shared_ptr<const HttpApiSnapshot> http_snapshot(const HttpApi& api, const std::string& stage_name,
                                                       const nlohmann::json& stage);

  State& state_;
  InvokeServices services_;
  std::mutex cache_mutex_;
  std::map<std::string, std::shared_ptr<const RestSnapshot>> rest_cache_;   // api/deployment
  std::map<std::string, std::pair<uint64_t, std::shared_ptr<const HttpApiSnapshot>>> http_cache_;
};

}  // namespace bunker::apigateway
