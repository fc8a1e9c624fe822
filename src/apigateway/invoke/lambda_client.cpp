#include "apigateway/invoke/lambda_client.h"

#include <spdlog/spdlog.h>

#include "apigateway/invoke/invocation.h"
#include "bunker/core/aws_error.h"
#include "bunker/lambda/invoker.h"
#include "bunker/service/engines.h"

namespace bunker::apigateway {

namespace {

std::string_view without_leading_slash(std::string_view path) {
  if (path.starts_with('/')) path.remove_prefix(1);
  return path;
}

}  // namespace

std::string execute_api_arn(const Invocation& inv, std::string_view resource) {
  std::string arn = "arn:aws:execute-api:";
  arn.reserve(64 + resource.size());
  ((((arn += inv.region) += ':') += inv.account) += ':') += inv.api_id;
  (arn += '/') += resource;
  return arn;
}

std::vector<std::string> integration_source_arns(const Invocation& inv) {
  const std::string prefix = inv.stage + "/" + inv.method + "/";
  std::vector<std::string> arns;
  if (inv.resource_path == "$default") {
    arns.push_back(execute_api_arn(inv, inv.stage + "/$default"));
  } else {
    arns.push_back(execute_api_arn(inv, prefix + std::string(without_leading_slash(inv.resource_path))));
  }
  // AWS documents the resource path form; the requested path is accepted as well rather
  // than refusing a policy written for it (an assumption where AWS's exact form is unknown).
  std::string requested = execute_api_arn(inv, prefix + std::string(without_leading_slash(inv.path)));
  if (requested != arns.front()) arns.push_back(std::move(requested));
  return arns;
}

std::vector<std::string> authorizer_source_arns(const Invocation& inv, std::string_view authorizer_id) {
  return {execute_api_arn(inv, "authorizers/" + std::string(authorizer_id))};
}

bool LambdaClient::available() const { return engines_.find<lambda::Invoker>() != nullptr; }

boost::asio::awaitable<LambdaReply> LambdaClient::invoke(LambdaCall call) {
  auto* invoker = engines_.find<lambda::Invoker>();
  if (!invoker) throw LambdaUnavailable{500, "ServiceException", "Lambda is not running in this server"};
  if (check_permissions_ && !call.source_arns.empty()) {
    lambda::ServiceInvokeQuery query;
    query.function_name = call.function;
    query.qualifier = call.qualifier;
    query.region = call.region;
    query.account = call.account;
    query.service = "apigateway.amazonaws.com";
    query.source_account = call.account;
    bool allowed = false;
    for (const auto& arn : call.source_arns) {
      query.source_arn = arn;
      if ((allowed = invoker->service_may_invoke(query))) break;
    }
    if (!allowed) {
      // AWS's execution log line; the client only sees API Gateway's 500.
      std::string message = "Execution failed due to configuration error: Invalid permissions on Lambda function " +
                            call.function + ": no policy statement lets apigateway.amazonaws.com invoke it for " +
                            call.source_arns.front() +
                            " (lambda add-permission, or credentials on the integration)";
      spdlog::warn("apigateway: {}", message);
      throw LambdaUnavailable{403, "AccessDeniedException", std::move(message)};
    }
  }
  lambda::InvokeRequest req;
  req.function_name = std::move(call.function);
  req.qualifier = std::move(call.qualifier);
  req.payload = std::move(call.payload);
  req.payload_written_as_json = call.written_as_json;
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
