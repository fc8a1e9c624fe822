#include "apigateway/invoke/lambda_client.h"

#include "bunker/core/aws_error.h"
#include "bunker/lambda/invoker.h"
#include "bunker/service/engines.h"

namespace bunker::apigateway {

bool LambdaClient::available() const { return engines_.find<lambda::Invoker>() != nullptr; }

boost::asio::awaitable<LambdaReply> LambdaClient::invoke(LambdaCall call) {
  auto* invoker = engines_.find<lambda::Invoker>();
  if (!invoker) throw LambdaUnavailable{500, "ServiceException", "Lambda is not running in this server"};
  lambda::InvokeRequest req;
  req.function_name = std::move(call.function);
  req.qualifier = std::move(call.qualifier);
  req.payload = std::move(call.payload);
  req.region = std::move(call.region);
  req.account = std::move(call.account);
  auto pending = invoker->invoke(std::move(req));
  lambda::InvokeResult res;
  try {
    res = co_await std::move(pending);
  } catch (const AwsError& e) {
    throw LambdaUnavailable{e.status(), e.code(), e.message()};
  }
  co_return LambdaReply{std::move(res.payload), std::move(res.function_error), std::move(res.executed_version)};
}


}  // namespace bunker::apigateway
