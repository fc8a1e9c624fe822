#pragma once
// Reading and shaping function records: lookups that fail with AWS's "not found"
// errors, the FunctionConfiguration document each version answers with, and the
// worker specification a version runs with.
#include <memory>
#include <optional>
#include <string>

#include "bunker/core/aws_error.h"
#include "lambda/lambda_core.h"
#include "lambda/function_names.h"
#include "runtime/invocation.h"

namespace bunker::lambda {

// A function version resolved from a name and qualifier: its configuration (as stored)
// and, for aliases, the alias record.
struct ResolvedVersion {
  std::string name;
  std::string version;  // "$LATEST" or "N"
  json config;          // FunctionConfiguration as stored (no State fields)
  json code;            // {"sha": hex, "size": n}
  json layers;          // [{"Arn", "CodeSize", "sha"}]
  std::optional<json> alias;
};

// The function record or ResourceNotFoundException "Function not found: <arn>".
json require_function(const Call& call, const std::string& name, const std::optional<std::string>& qualifier = {});

// Resolves $LATEST, a version number or an alias name (without routing weights).
ResolvedVersion resolve_version(const Call& call, const std::string& name, const std::optional<std::string>& qualifier);

// The API's FunctionConfiguration: stored fields plus State/LastUpdateStatus as AWS
// reports them once the function is ready.
json configuration_json(const json& config);

// The worker specification of a resolved version (code unpacked, layers too).
std::shared_ptr<const runtime::FunctionSpec> function_spec(Lambda& lambda, const Scope& scope,
                                                           const ResolvedVersion& v, int reserved_concurrency);

// Where the runtime manager's pool keys of one function start; append a version and
// "\n" for one version's pools (RuntimeManager::retire takes such prefixes).
std::string pool_prefix(const Scope& scope, std::string_view name);

// The account's concurrency left for functions without reserved concurrency.
int unreserved_concurrency(const Call& call, const std::string& except_function = {});

// The caller's scope, after checking that a name given as an ARN points into it: another
// region's functions are not reachable, another account's are refused (AccessDenied).
Scope scope_of(const Call& call, const FunctionRef& ref);

// True when the function's resource-based policy (for `qualifier`, or the unqualified
// one) lets `account` perform `action` ("lambda:InvokeFunction").
bool policy_allows(const json& record, const std::optional<std::string>& qualifier, std::string_view account,
                   std::string_view action);

// AccessDeniedException for a caller of another account, as AWS words it.
AwsError cross_account_denied(std::string_view caller_account, std::string_view action, std::string_view resource_arn);

}  // namespace bunker::lambda
