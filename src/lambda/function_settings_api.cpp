// GetFunctionCodeSigningConfig, PutFunctionCodeSigningConfig,
// DeleteFunctionCodeSigningConfig, GetRuntimeManagementConfig, PutRuntimeManagementConfig:
// the per-function settings infrastructure tools read back after creating a function.
//
// Code signing configurations cannot be created in Bunker (CreateCodeSigningConfig is not
// an operation here), so none exists: a function never has one, and attaching one fails
// as AWS fails for a configuration that does not exist.
//
// Runtime management: Bunker runs one version of each runtime, so the mode changes
// nothing at run time; it is kept per $LATEST or version (in the function record under
// "runtime_management") and read back as set.
#include "bunker/core/aws_error.h"
#include "lambda/api.h"
#include "lambda/function_names.h"
#include "lambda/function_records.h"

namespace bunker::lambda {
namespace {

constexpr const char* kRuntimeManagement = "runtime_management";

// The unqualified function named by the path, in the caller's scope.
std::string function_name_of(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  scope_of(call, ref);
  return ref.name;
}

}  // namespace

http::Response get_function_code_signing_config(Call& call) {
  const std::string name = function_name_of(call);
  require_function(call, name);
  return json_reply(call, 200, {{"CodeSigningConfigArn", ""}, {"FunctionName", name}});
}

http::Response put_function_code_signing_config(Call& call) {
  auto it = call.body.find("CodeSigningConfigArn");
  if (it == call.body.end() || !it->is_string())
    throw_validation("null", "codeSigningConfigArn", "Member must not be null");
  // AWS looks the configuration up before the function.
  throw AwsError(404, "CodeSigningConfigNotFoundException",
                 "The code signing configuration cannot be found. Check that the provided configuration is not "
                 "deleted: " +
                     it->get<std::string>() + ".");
}

http::Response delete_function_code_signing_config(Call& call) {
  const std::string name = function_name_of(call);
  require_function(call, name);  // it has none to remove
  return empty_reply(call, 204);
}

namespace {

// $LATEST or a published version: the qualifiers runtime management takes.
std::string runtime_qualifier(Call& call, const std::string& name) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const std::string qualifier = merge_qualifier(ref, call.query("Qualifier")).value_or("$LATEST");
  if (qualifier != "$LATEST") {
    if (!is_version_number(qualifier) || !call.lambda.store.version(call.scope(), name, std::stoull(qualifier)))
      throw AwsError(404, "ResourceNotFoundException",
                     "Function not found: " + qualified_arn(call.region, call.account, name, qualifier));
  }
  return qualifier;
}

json runtime_answer(const Call& call, const std::string& name, const std::string& qualifier, const json& stored,
                    bool qualified) {
  json out = {{"UpdateRuntimeOn", stored.value("UpdateRuntimeOn", "Auto")},
              {"FunctionArn", qualified ? qualified_arn(call.region, call.account, name, qualifier)
                                        : function_arn(call.region, call.account, name)}};
  if (stored.contains("RuntimeVersionArn")) out["RuntimeVersionArn"] = stored["RuntimeVersionArn"];
  return out;
}

}  // namespace

http::Response get_runtime_management_config(Call& call) {
  const std::string name = function_name_of(call);
  json record = require_function(call, name);
  const std::string qualifier = runtime_qualifier(call, name);
  json stored = json::object();
  if (auto all = record.find(kRuntimeManagement); all != record.end() && all->contains(qualifier))
    stored = (*all)[qualifier];
  return json_reply(call, 200, runtime_answer(call, name, qualifier, stored, qualifier != "$LATEST"));
}

http::Response put_runtime_management_config(Call& call) {
  const std::string name = function_name_of(call);
  auto mode = call.body.find("UpdateRuntimeOn");
  if (mode == call.body.end() || !mode->is_string())
    throw_validation("null", "updateRuntimeOn", "Member must not be null");
  const std::string on = mode->get<std::string>();
  if (on != "Auto" && on != "Manual" && on != "FunctionUpdate")
    throw_validation(on, "updateRuntimeOn", "Member must satisfy enum value set: [Auto, Manual, FunctionUpdate]");
  json stored = {{"UpdateRuntimeOn", on}};
  if (auto arn = call.body.find("RuntimeVersionArn"); arn != call.body.end() && arn->is_string() && on == "Manual")
    stored["RuntimeVersionArn"] = *arn;
  std::lock_guard lock(call.lambda.mutex);
  json record = require_function(call, name);
  const std::string qualifier = runtime_qualifier(call, name);
  json& all = record[kRuntimeManagement];
  if (!all.is_object()) all = json::object();
  if (on == "Auto") all.erase(qualifier);  // the default
  else all[qualifier] = stored;
  if (all.empty()) record.erase(kRuntimeManagement);
  call.lambda.store.put_function(call.scope(), name, record);
  return json_reply(call, 200, runtime_answer(call, name, qualifier, stored, qualifier != "$LATEST"));
}

}  // namespace bunker::lambda
