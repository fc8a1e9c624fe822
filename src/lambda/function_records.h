#pragma once
// Reading and shaping function records: lookups that fail with AWS's "not found"
// errors, the FunctionConfiguration document each version answers with, and the
// worker specification a version runs with.
#include <memory>
#include <optional>
#include <string>

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
std::shared_ptr<const runtime::FunctionSpec> function_spec(Lambda& lambda, const std::string& region,
                                                           const ResolvedVersion& v, int reserved_concurrency);

// The account's concurrency left for functions without reserved concurrency.
int unreserved_concurrency(const Call& call, const std::string& except_function = {});

std::string region_of(const Call& call, const FunctionRef& ref);

}  // namespace bunker::lambda
