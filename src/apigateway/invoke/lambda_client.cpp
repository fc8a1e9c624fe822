#include "apigateway/invoke/lambda_client.h"

#include "bunker/core/aws_error.h"
#include "bunker/service/engines.h"

// Lambda's in-process interface is being built alongside API Gateway; until its header
// is in the tree, Lambda integrations answer as if Lambda refused the call.
#if __has_include("bunker/lambda/invoker.h")
#include "bunker/lambda/invoker.h"
#define BUNKER_HAS_LAMBDA_INVOKER 1
#endif

namespace bunker::apigateway {

#ifdef BUNKER_HAS_LAMBDA_INVOKER

bool LambdaClient::available() const { return engines_.find<lambda::Invoker>() != nullptr; }

boost::asio::awaitable<LambdaReply> LambdaClient::invoke(LambdaCall call) {
  auto* invoker = engines_.find<lambda::Invoker>();
  if (!invoker) throw LambdaUnavailable{500, "ServiceException", "Lambda is not running in this server"};
  lambda::InvokeRequest req;
  req.function_name = std::move(call.function);
  req.qualifier = std::move(call.qualifier);
  req.payload = std::move(call.payload);
  req.region = std::move(call.region);
  lambda::InvokeResult res;
  try {
    res = co_await invoker->invoke(std::move(req));
  } catch (const AwsError& e) {
    throw LambdaUnavailable{e.status(), e.code(), e.message()};
  }
  co_return LambdaReply{std::move(res.payload), std::move(res.function_error), std::move(res.executed_version)};
}

#else

bool LambdaClient::available() const { return false; }

boost::asio::awaitable<LambdaReply> LambdaClient::invoke(LambdaCall) {
  throw LambdaUnavailable{500, "ServiceException", "Lambda is not running in this server"};
  co_return LambdaReply{};
}

#endif

}  // namespace bunker::apigateway
