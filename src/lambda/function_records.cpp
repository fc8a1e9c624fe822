#include "lambda/function_records.h"

#include "bunker/core/aws_error.h"

namespace bunker::lambda {

Scope scope_of(const Call& call, const FunctionRef& ref) {
  if (ref.region && *ref.region != call.region)
    throw AwsError(404, "ResourceNotFoundException",
                   "Functions from '" + *ref.region + "' are not reachable in this region ('" + call.region + "')");
  if (ref.account && *ref.account != call.account)
    throw cross_account_denied(call.account, std::string("lambda:") + call.route.operation,
                               function_arn(call.region, *ref.account, ref.name));
  return call.scope();
}

AwsError cross_account_denied(std::string_view caller_account, std::string_view action, std::string_view resource_arn) {
  // Bunker knows the caller's account, not which of its users or roles signed: the
  // account's root stands for it.
  return AwsError(403, "AccessDeniedException",
                  "User: arn:aws:iam::" + std::string(caller_account) + ":root is not authorized to perform: " +
                      std::string(action) + " on resource: " + std::string(resource_arn) +
                      " because no resource-based policy allows the " + std::string(action) + " action");
}

bool policy_allows(const json& record, const std::optional<std::string>& qualifier, std::string_view account,
                   std::string_view action) {
  const std::string root = "arn:aws:iam::" + std::string(account) + ":root";
  const std::string account_prefix = "arn:aws:iam::" + std::string(account) + ":";
  auto grants = [&](const json& statement) {
    if (statement.value("Effect", "") != "Allow") return false;
    const std::string act = statement.value("Action", "");
    if (act != action && act != "lambda:*" && act != "*") return false;
    const json& principal = statement.contains("Principal") ? statement["Principal"] : json();
    if (principal.is_string()) return principal == "*";
    if (!principal.is_object() || !principal.contains("AWS")) return false;
    const std::string p = principal["AWS"].get<std::string>();
    return p == "*" || p == root || p == account || p.starts_with(account_prefix);
  };
  if (!record.contains("policies")) return false;
  for (const std::string& key : {std::string(), qualifier.value_or("")}) {
    auto it = record["policies"].find(key);
    if (it == record["policies"].end() || !it->is_object()) continue;
    for (const auto& statement : it->value("statements", json::array()))
      if (grants(statement)) return true;
    if (!qualifier) break;
  }
  return false;
}

static AwsError not_found(const Call& call, const std::string& name, const std::optional<std::string>& qualifier) {
  std::string arn = function_arn(call.region, call.account, name);
  if (qualifier) arn += ":" + *qualifier;
  return AwsError(404, "ResourceNotFoundException", "Function not found: " + arn);
}

json require_function(const Call& call, const std::string& name, const std::optional<std::string>& qualifier) {
  auto record = call.lambda.store.function(call.scope(), name);
  if (!record) throw not_found(call, name, qualifier);
  return *record;
}

ResolvedVersion resolve_version(const Call& call, const std::string& name, const std::optional<std::string>& qualifier) {
  json record = require_function(call, name, qualifier);
  ResolvedVersion v;
  v.name = name;
  std::string version = qualifier.value_or("$LATEST");
  if (qualifier && !is_version_number(*qualifier) && *qualifier != "$LATEST") {
    auto alias = call.lambda.store.alias(call.scope(), name, *qualifier);
    if (!alias) throw not_found(call, name, qualifier);
    version = alias->value("FunctionVersion", "$LATEST");
    v.alias = *alias;
  }
  if (version == "$LATEST") {
    v.version = "$LATEST";
    v.config = record["config"];
    v.code = record["code"];
    v.layers = record.value("layers", json::array());
    return v;
  }
  auto stored = call.lambda.store.version(call.scope(), name, std::stoull(version));
  if (!stored) throw not_found(call, name, qualifier);
  v.version = version;
  v.config = (*stored)["config"];
  v.code = (*stored)["code"];
  v.layers = stored->value("layers", json::array());
  return v;
}

json configuration_json(const json& config) {
  json out = config;
  out["State"] = "Active";
  out["LastUpdateStatus"] = "Successful";
  return out;
}

std::shared_ptr<const runtime::FunctionSpec> function_spec(Lambda& lambda, const Scope& scope,
                                                           const ResolvedVersion& v, int reserved_concurrency) {
  auto spec = std::make_shared<runtime::FunctionSpec>();
  const json& c = v.config;
  spec->function_name = v.name;
  spec->version = v.version;
  spec->concurrency_key = scope.account + ":" + scope.region + ":" + v.name;
  spec->pool_key = pool_prefix(scope, v.name) + v.version + "\n" + c.value("RevisionId", "");
  spec->runtime = c.value("Runtime", "");
  spec->handler = c.value("Handler", "");
  spec->code_dir = lambda.code.directory(v.code.value("sha", ""));
  for (const auto& layer : v.layers) spec->layer_dirs.push_back(lambda.code.directory(layer.value("sha", "")));
  if (auto env = c.find("Environment"); env != c.end() && env->contains("Variables"))
    for (const auto& [k, val] : (*env)["Variables"].items()) spec->environment.emplace_back(k, val.get<std::string>());
  spec->memory_mb = c.value("MemorySize", 128);
  spec->timeout_seconds = c.value("Timeout", 3);
  if (reserved_concurrency >= 0) {
    spec->max_workers = reserved_concurrency;
    spec->reserved_limit = true;
  } else {
    spec->max_workers = lambda.settings.account_concurrency;
  }
  spec->region = scope.region;
  spec->account = scope.account;
  spec->log_group = c.contains("LoggingConfig") ? c["LoggingConfig"].value("LogGroup", "/aws/lambda/" + v.name)
                                                : "/aws/lambda/" + v.name;
  return spec;
}

std::string pool_prefix(const Scope& scope, std::string_view name) {
  return scope.account + "\n" + scope.region + "\n" + std::string(name) + "\n";
}

int unreserved_concurrency(const Call& call, const std::string& except_function) {
  int reserved = 0;
  for (const auto& f : call.lambda.store.functions(call.scope())) {
    if (f["config"].value("FunctionName", "") == except_function) continue;
    if (f.contains("concurrency") && f["concurrency"].is_number()) reserved += f["concurrency"].get<int>();
  }
  return call.lambda.settings.account_concurrency - reserved;
}

}  // namespace bunker::lambda
