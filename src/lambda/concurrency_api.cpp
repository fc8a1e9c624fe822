// PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency: reserved
// concurrency, enforced by the runtime manager (throttling beyond it).
#include "bunker/core/aws_error.h"
#include "lambda/api.h"
#include "lambda/function_names.h"
#include "lambda/function_records.h"

namespace bunker::lambda {
namespace {

constexpr int kMinUnreserved = 100;  // AWS keeps this much of the account's concurrency unreserved

std::string unqualified_name(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  scope_of(call, ref);
  if (ref.qualifier)
    throw AwsError(400, "InvalidParameterValueException",
                   "This operation is permitted on Lambda functions only. Aliases and versions do not support this "
                   "operation. Please specify either a function name or an unqualified function ARN.");
  return ref.name;
}

}  // namespace

http::Response put_function_concurrency(Call& call) {
  const std::string name = unqualified_name(call);
  auto it = call.body.find("ReservedConcurrentExecutions");
  if (it == call.body.end() || !it->is_number_integer())
    throw_validation("null", "reservedConcurrentExecutions", "Member must not be null");
  const int value = it->get<int>();
  if (value < 0)
    throw_validation(std::to_string(value), "reservedConcurrentExecutions",
                     "Member must have value greater than or equal to 0");
  std::lock_guard lock(call.lambda.mutex);
  json record = require_function(call, name);
  if (unreserved_concurrency(call, name) - value < kMinUnreserved)
    throw AwsError(400, "InvalidParameterValueException",
                   "Specified ReservedConcurrentExecutions for function decreases account's "
                   "UnreservedConcurrentExecution below its minimum value of [" +
                       std::to_string(kMinUnreserved) + "].");
  record["concurrency"] = value;
  call.lambda.store.put_function(call.scope(), name, record);
  return json_reply(call, 200, {{"ReservedConcurrentExecutions", value}});
}

http::Response get_function_concurrency(Call& call) {
  const std::string name = unqualified_name(call);
  json record = require_function(call, name);
  json out = json::object();
  if (record.contains("concurrency") && record["concurrency"].is_number())
    out["ReservedConcurrentExecutions"] = record["concurrency"];
  return json_reply(call, 200, out);
}

http::Response delete_function_concurrency(Call& call) {
  const std::string name = unqualified_name(call);
  std::lock_guard lock(call.lambda.mutex);
  json record = require_function(call, name);
  record.erase("concurrency");
  call.lambda.store.put_function(call.scope(), name, record);
  return empty_reply(call, 204);
}

}  // namespace bunker::lambda
