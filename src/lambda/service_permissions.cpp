#include "lambda/service_permissions.h"

#include <nlohmann/json.hpp>

#include "bunker/core/aws_error.h"
#include "bunker/core/strings.h"
#include "lambda/function_names.h"
#include "lambda/lambda_core.h"

namespace bunker::lambda {
namespace {


// A policy value that is one string or a list of them.
template <typename Pred>
bool any_of_values(const json& v, Pred pred) {
  if (v.is_string()) return pred(v.get<std::string>());
  if (v.is_array())
    for (const auto& e : v)
      if (e.is_string() && pred(e.get<std::string>())) return true;
  return false;
}

bool action_matches(const json& statement) {
  return any_of_values(statement.value("Action", json()),
                       [](const std::string& a) { return wildcard_match(a, "lambda:InvokeFunction", {.ignore_case = true}); });
}

bool principal_matches(const json& statement, const std::string& service) {
  const json principal = statement.value("Principal", json());
  if (principal.is_string()) return principal == "*";
  if (!principal.is_object()) return false;
  if (principal.contains("AWS") && any_of_values(principal["AWS"], [](const std::string& p) { return p == "*"; }))
    return true;
  return principal.contains("Service") &&
         any_of_values(principal["Service"], [&](const std::string& p) { return iequals(p, service); });
}

// The conditions AddPermission writes, evaluated for a service caller. A condition this
// caller cannot satisfy (an organization, an event source token, a function URL auth
// type) or an operator not listed keeps the statement from applying.
bool conditions_hold(const json& statement, const ServiceInvokeQuery& q) {
  if (!statement.contains("Condition")) return true;
  const json& condition = statement["Condition"];
  if (!condition.is_object()) return false;
  for (const auto& [op, keys] : condition.items()) {
    if (!keys.is_object()) return false;
    const bool arn_op = op == "ArnLike" || op == "ArnEquals";
    const bool like = op == "ArnLike" || op == "StringLike";
    if (!arn_op && op != "StringEquals" && op != "StringLike") return false;
    for (const auto& [key, values] : keys.items()) {
      std::string actual;
      if (iequals(key, "AWS:SourceArn")) actual = q.source_arn;
      else if (iequals(key, "AWS:SourceAccount")) actual = q.source_account;
      else return false;
      const bool ok = any_of_values(values, [&](const std::string& v) { return like ? wildcard_match(v, actual) : v == actual; });
      if (!ok) return false;
    }
  }
  return true;
}

}  // namespace

bool ServicePermissions::allows(const ServiceInvokeQuery& query) {
  const std::string region = query.region.empty() ? lambda_.settings.default_region : query.region;
  const std::string caller = query.account.empty() ? lambda_.settings.account : query.account;
  const uint64_t generation = lambda_.store.generation();
  std::string key = caller;
  for (const std::string* part : {&region, &query.function_name, &query.service, &query.source_arn,
                                  &query.source_account})
    (key += '\n') += *part;
  (key += '\n') += query.qualifier.value_or("");
  {
    std::lock_guard lock(mutex_);
    if (generation_ != generation) {
      answers_.clear();
      generation_ = generation;
    }
    if (auto it = answers_.find(key); it != answers_.end()) return it->second;
  }
  const bool answer = evaluate(query, caller, region);
  std::lock_guard lock(mutex_);
  if (generation_ == generation) answers_.emplace(std::move(key), answer);
  return answer;
}

bool ServicePermissions::evaluate(const ServiceInvokeQuery& query, const std::string& caller,
                                  const std::string& region) {
  FunctionRef ref;
  std::optional<std::string> qualifier;
  try {
    ref = parse_function_name(query.function_name, 170);
    qualifier = merge_qualifier(ref, query.qualifier);
  } catch (const AwsError&) {
    return false;
  }
  if (ref.region && *ref.region != region) return false;
  const Scope scope{ref.account.value_or(caller), region};
  auto record = lambda_.store.function(scope, ref.name);
  if (!record || !record->contains("policies")) return false;
  // $LATEST takes no policy of its own (AddPermission refuses it): the function's applies.
  const std::string policy_key = qualifier && *qualifier != "$LATEST" ? *qualifier : "";
  const json& policies = (*record)["policies"];
  auto policy = policies.find(policy_key);
  if (policy == policies.end() || !policy->is_object()) return false;
  bool allowed = false;
  for (const auto& statement : policy->value("statements", json::array())) {
    if (!action_matches(statement) || !principal_matches(statement, query.service) || !conditions_hold(statement, query))
      continue;
    if (statement.value("Effect", "") == "Deny") return false;
    if (statement.value("Effect", "") == "Allow") allowed = true;
  }
  return allowed;
}

}  // namespace bunker::lambda
