// AddPermission, RemovePermission, GetPolicy: the function's resource-based policy, one
// per qualifier (unqualified, a version or an alias).
#include "bunker/core/aws_error.h"
#include "bunker/core/ids.h"
#include "bunker/core/strings.h"
#include "lambda/api.h"
#include "lambda/function_names.h"
#include "lambda/function_records.h"

namespace bunker::lambda {
namespace {

AwsError invalid(std::string message) { return AwsError(400, "InvalidParameterValueException", std::move(message)); }

bool valid_principal(std::string_view p) {
  if (p == "*") return true;
  if (p.size() == 12 && p.find_first_not_of("0123456789") == std::string_view::npos) return true;
  if (p.starts_with("arn:aws") && p.find(":iam::") != std::string_view::npos) return true;
  return p.ends_with(".amazonaws.com") || p.ends_with(".amazonaws.com.cn") || p.ends_with(".api.aws");
}

json principal_json(const std::string& p) {
  if (p == "*") return "*";
  if (p.size() == 12 && p.find_first_not_of("0123456789") == std::string::npos)
    return {{"AWS", "arn:aws:iam::" + p + ":root"}};
  if (p.starts_with("arn:")) return {{"AWS", p}};
  return {{"Service", p}};
}

// The policy's key in the record ("" unqualified) after checking the qualifier exists.
std::string policy_key(const Call& call, const std::string& region, const std::string& name,
                       const std::optional<std::string>& qualifier) {
  if (!qualifier) return "";
  if (*qualifier == "$LATEST") throw invalid("We currently do not support adding policies for $LATEST.");
  if (is_version_number(*qualifier)) {
    if (!call.lambda.store.version(call.scope(), name, std::stoull(*qualifier)))
      throw AwsError(404, "ResourceNotFoundException",
                     "Function not found: " + qualified_arn(region, call.account, name, *qualifier));
  } else if (!call.lambda.store.alias(call.scope(), name, *qualifier)) {
    throw AwsError(404, "ResourceNotFoundException",
                   "Cannot find alias arn: " + qualified_arn(region, call.account, name, *qualifier));
  }
  return *qualifier;
}

json policy_document(const json& statements) {
  return {{"Version", "2012-10-17"}, {"Id", "default"}, {"Statement", statements}};
}

}  // namespace

http::Response add_permission(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const Scope scope = scope_of(call, ref);
  const std::string& region = scope.region;
  const json& body = call.body;
  const std::string sid = body.value("StatementId", "");
  validate_statement_id(sid);
  const std::string action = body.value("Action", "");
  const std::string principal = body.value("Principal", "");
  if (!valid_principal(principal)) throw invalid("The provided principal was invalid. Please check the principal and try again.");
  auto qualifier = merge_qualifier(ref, call.query("Qualifier"));
  std::lock_guard lock(call.lambda.mutex);
  json record = require_function(call, ref.name, qualifier);
  const std::string key = policy_key(call, region, ref.name, qualifier);
  json& policy = record["policies"][key];
  if (!policy.is_object()) policy = {{"statements", json::array()}, {"revision", uuid4()}};
  check_revision(body, policy.value("revision", ""), "GetPolicy");
  for (const auto& s : policy["statements"])
    if (s.value("Sid", "") == sid)
      throw AwsError(409, "ResourceConflictException",
                     "The statement id (" + sid +
                         ") provided already exists. Please provide a new statement id, or remove the existing statement.");
  json statement = {{"Sid", sid},
                    {"Effect", "Allow"},
                    {"Principal", principal_json(principal)},
                    {"Action", action},
                    {"Resource", key.empty() ? function_arn(region, call.account, ref.name)
                                             : qualified_arn(region, call.account, ref.name, key)}};
  json condition = json::object();
  if (body.contains("SourceArn")) condition["ArnLike"] = {{"AWS:SourceArn", body["SourceArn"]}};
  if (body.contains("SourceAccount")) condition["StringEquals"]["AWS:SourceAccount"] = body["SourceAccount"];
  if (body.contains("PrincipalOrgID")) condition["StringEquals"]["aws:PrincipalOrgID"] = body["PrincipalOrgID"];
  if (body.contains("EventSourceToken")) condition["StringEquals"]["lambda:EventSourceToken"] = body["EventSourceToken"];
  if (body.contains("FunctionUrlAuthType"))
    condition["StringEquals"]["lambda:FunctionUrlAuthType"] = body["FunctionUrlAuthType"];
  if (!condition.empty()) statement["Condition"] = condition;
  policy["statements"].push_back(statement);
  policy["revision"] = uuid4();
  call.lambda.store.put_function(scope, ref.name, record);
  return json_reply(call, 201, {{"Statement", statement.dump()}});
}

http::Response remove_permission(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const Scope scope = scope_of(call, ref);
  const std::string& region = scope.region;
  auto qualifier = merge_qualifier(ref, call.query("Qualifier"));
  std::lock_guard lock(call.lambda.mutex);
  auto found = call.lambda.store.function(scope, ref.name);
  if (!found)
    throw AwsError(404, "ResourceNotFoundException",
                   "No policy found for: " + function_arn(region, call.account, ref.name));
  json record = *found;
  const std::string key = policy_key(call, region, ref.name, qualifier);
  json& policy = record["policies"][key];
  if (!policy.is_object() || policy["statements"].empty())
    throw AwsError(404, "ResourceNotFoundException", "No policy is associated with the given resource.");
  if (auto rev = call.query("RevisionId"); rev && *rev != policy.value("revision", ""))
    throw AwsError(412, "PreconditionFailedException",
                   "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to "
                   "retrieve the latest Revision Id");
  json kept = json::array();
  bool removed = false;
  for (const auto& s : policy["statements"]) {
    if (s.value("Sid", "") == call.route.sub)
      removed = true;
    else
      kept.push_back(s);
  }
  if (!removed)
    throw AwsError(404, "ResourceNotFoundException",
                   "Statement " + call.route.sub + " is not found in resource policy.");
  policy["statements"] = kept;
  policy["revision"] = uuid4();
  call.lambda.store.put_function(scope, ref.name, record);
  return empty_reply(call, 204);
}

http::Response get_policy(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const Scope scope = scope_of(call, ref);
  const std::string& region = scope.region;
  auto qualifier = merge_qualifier(ref, call.query("Qualifier"));
  json record = require_function(call, ref.name, qualifier);
  const std::string key = qualifier.value_or("");
  if (qualifier && *qualifier != "$LATEST") policy_key(call, region, ref.name, qualifier);
  const json policy = record["policies"].value(key, json());
  if (!policy.is_object() || policy["statements"].empty())
    throw AwsError(404, "ResourceNotFoundException", "No policy is associated with the given resource.");
  return json_reply(call, 200, {{"Policy", policy_document(policy["statements"]).dump()}, {"RevisionId", policy["revision"]}});
}

}  // namespace bunker::lambda
