// TagResource, UntagResource, ListTags on functions.

#include "bunker/core/aws_error.h"
#include "bunker/core/strings.h"
#include "lambda/api.h"
#include "lambda/function_names.h"
#include "lambda/function_records.h"

namespace bunker::lambda {
namespace {

constexpr std::string_view kResourcePattern =
    R"(arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+))";

bool is_name(std::string_view s) {
  return !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") ==
                           std::string_view::npos;
}

// The resource pattern above, checked by hand (std::regex recurses per character and
// overflows the stack on patterns this size).
bool looks_like_lambda_arn(const std::vector<std::string_view>& p) {
  if (p.size() < 7 || p[0] != "arn" || !p[1].starts_with("aws") || p[2] != "lambda") return false;
  if (p[3].size() < 9 || p[4].size() != 12 || p[4].find_first_not_of("0123456789") != std::string_view::npos)
    return false;
  if (p[5] == "function") return is_name(p[6]) && (p.size() == 7 || (p.size() == 8 && (p[7] == "$LATEST" || is_name(p[7]))));
  if (p[5] == "layer" || p[5] == "capacity-provider") return p.size() == 7 && is_name(p[6]);
  if (p[5] == "event-source-mapping") return p.size() == 7 && p[6].size() == 36;
  if (p[5] == "code-signing-config") return p.size() == 7 && p[6].starts_with("csc-");
  return false;
}

// The tagged function's name; only unqualified function ARNs carry tags.
std::string tagged_function(Call& call) {
  const std::string& arn = call.route.resource;
  auto parts = split(arn, ':');
  if (!looks_like_lambda_arn(parts))
    throw_validation(arn, "resource", "Member must satisfy regular expression pattern: " + std::string(kResourcePattern));
  if (parts[5] != "function")
    throw AwsError(400, "InvalidParameterValueException", "Bunker keeps tags on functions only.");
  if (parts.size() > 7)
    throw AwsError(400, "InvalidParameterValueException",
                   "Tags on function aliases and versions are not supported. Please specify a function ARN.");
  if (parts[3] != call.region)
    throw AwsError(404, "ResourceNotFoundException", "Function not found: " + arn);
  if (parts[4] != call.account) throw cross_account_denied(call.account, std::string("lambda:") + call.route.operation, arn);
  std::string name(parts[6]);
  if (!call.lambda.store.function(call.scope(), name))
    throw AwsError(404, "ResourceNotFoundException", "Function not found: " + arn);
  return name;
}

}  // namespace

http::Response tag_resource(Call& call) {
  std::lock_guard lock(call.lambda.mutex);
  const std::string name = tagged_function(call);
  json record = *call.lambda.store.function(call.scope(), name);
  json tags = record.value("tags", json::object());
  const json given = call.body.value("Tags", json::object());
  for (const auto& [k, v] : given.items()) tags[k] = v;
  if (tags.size() > 50) throw AwsError(400, "InvalidParameterValueException", "Number of tags exceeds resource tag limit.");
  record["tags"] = tags;
  call.lambda.store.put_function(call.scope(), name, record);
  return empty_reply(call, 204);
}

http::Response untag_resource(Call& call) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : call.request.params)
    if (k == "tagKeys") keys.push_back(v);
  if (keys.empty()) throw_validation("null", "tagKeys", "Member must not be null");
  std::lock_guard lock(call.lambda.mutex);
  const std::string name = tagged_function(call);
  json record = *call.lambda.store.function(call.scope(), name);
  for (const auto& k : keys) record["tags"].erase(k);
  call.lambda.store.put_function(call.scope(), name, record);
  return empty_reply(call, 204);
}

http::Response list_tags(Call& call) {
  const std::string name = tagged_function(call);
  json record = *call.lambda.store.function(call.scope(), name);
  return json_reply(call, 200, {{"Tags", record.value("tags", json::object())}});
}

}  // namespace bunker::lambda
