// Invoke (REST: POST /2015-03-31/functions/{name}/invocations) and the legacy InvokeAsync.
#include "bunker/core/aws_error.h"
#include "lambda/api.h"
#include "lambda/function_names.h"
#include "lambda/function_records.h"
#include "lambda/invoke_engine.h"

namespace bunker::lambda {
namespace {

// A function of another account runs only when its resource-based policy lets the
// caller's account invoke it (AddPermission with that account as principal).
void check_cross_account(const Call& call, const std::optional<std::string>& qualifier) {
  FunctionRef ref = parse_function_name(call.route.name, 170);
  if (!ref.account || *ref.account == call.account) return;
  const std::string region = ref.region.value_or(call.region);
  auto record = call.lambda.store.function({*ref.account, region}, ref.name);
  if (!record || !policy_allows(*record, merge_qualifier(ref, qualifier), call.account, "lambda:InvokeFunction"))
    throw cross_account_denied(call.account, "lambda:InvokeFunction", function_arn(region, *ref.account, ref.name));
}

}  // namespace

boost::asio::awaitable<http::Response> invoke(Call& call, std::string payload) {
  InvokeRequest request;
  request.function_name = call.route.name;
  request.qualifier = call.query("Qualifier");
  check_cross_account(call, request.qualifier);
  request.payload = std::move(payload);
  request.region = call.region;
  request.account = call.account;
  const std::string type(call.request.headers.get_or("X-Amz-Invocation-Type", "RequestResponse"));
  if (type == "Event")
    request.type = InvokeRequest::Type::kEvent;
  else if (type == "DryRun")
    request.type = InvokeRequest::Type::kDryRun;
  else if (type != "RequestResponse")
    throw AwsError(400, "ValidationException",
                   "1 validation error detected: Value '" + type +
                       "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: "
                       "[Event, RequestResponse, DryRun]");
  const std::string log_type(call.request.headers.get_or("X-Amz-Log-Type", "None"));
  if (log_type != "None" && log_type != "Tail")
    throw AwsError(400, "ValidationException",
                   "1 validation error detected: Value '" + log_type +
                       "' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]");
  request.tail_log = log_type == "Tail" && request.type == InvokeRequest::Type::kRequestResponse;
  request.client_context = std::string(call.request.headers.get_or("X-Amz-Client-Context", ""));

  InvokeResult result = co_await call.lambda.engine->invoke(std::move(request));
  http::Response r;
  r.status = result.status_code;
  r.headers.add("x-amzn-RequestId", result.request_id);
  call.request.request_id = result.request_id;
  if (result.status_code == 200) {
    r.headers.add("Content-Type", "application/json");
    r.headers.add("X-Amz-Executed-Version", result.executed_version);
    if (result.function_error) r.headers.add("X-Amz-Function-Error", *result.function_error);
    if (!result.log_result.empty()) r.headers.add("X-Amz-Log-Result", result.log_result);
    r.body = std::move(result.payload);
  }
  co_return r;
}

boost::asio::awaitable<http::Response> invoke_async(Call& call, std::string payload) {
  // The deprecated InvokeAsync: an Event invocation answered with {"Status": 202}.
  InvokeRequest request;
  request.function_name = call.route.name;
  check_cross_account(call, std::nullopt);
  request.payload = std::move(payload);
  request.region = call.region;
  request.account = call.account;
  request.type = InvokeRequest::Type::kEvent;
  InvokeResult result = co_await call.lambda.engine->invoke(std::move(request));
  call.request.request_id = result.request_id;
  co_return json_reply(call, 202, {{"Status", 202}});
}

}  // namespace bunker::lambda
