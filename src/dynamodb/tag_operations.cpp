// TagResource, UntagResource, ListTagsOfResource on table ARNs.
#include <nlohmann/json.hpp>

#include "bunker/core/strings.h"
#include "dynamodb/engine.h"
#include "dynamodb/errors.h"
#include "dynamodb/request_validation.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

std::shared_ptr<TableHandle> table_of(Engine& engine, const Call& call, std::string& arn) {
  if (!member(call.body, "ResourceArn")) missing_member("resourceArn");
  arn = string_member(call.body, "ResourceArn");
  if (!arn.starts_with("arn:aws:dynamodb:") || arn.find(":table/") == std::string::npos)
    throw validation_error("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
  // The ARN names its region and account; tables are looked up there.
  auto parts = split(arn, ':');
  Scope scope{parts.size() > 4 ? std::string(parts[4]) : call.scope.account,
              parts.size() > 3 ? std::string(parts[3]) : call.scope.region};
  auto handle = engine.catalog.find(scope, name_from_arn(arn));
  if (!handle) throw resource_not_found("Requested resource not found: ResourcArn: " + arn + " not found");
  return handle;
}

}  // namespace

json tag_resource(Engine& engine, const Call& call) {
  std::string arn;
  auto handle = table_of(engine, call, arn);
  const json* tags = member(call.body, "Tags");
  if (!tags) missing_member("tags");
  engine.catalog.update(*handle, [&](TableDefinition& d) {
    for (const auto& tag : *tags) {
      std::string k = string_member(tag, "Key"), v = string_member(tag, "Value");
      if (k.empty() || k.size() > 128)
        constraint_failed(k, "tags.member.key", k.empty() ? "Member must have length greater than or equal to 1"
                                                           : "Member must have length less than or equal to 128");
      auto it = std::find_if(d.tags.begin(), d.tags.end(), [&](auto& p) { return p.first == k; });
      if (it != d.tags.end()) it->second = v;
      else d.tags.emplace_back(k, v);
    }
    if (d.tags.size() > 50) throw validation_error("One or more parameter values were invalid: The number of tags exceeds the limit of 50");
  });
  return json::object();
}

json untag_resource(Engine& engine, const Call& call) {
  std::string arn;
  auto handle = table_of(engine, call, arn);
  const json* keys = member(call.body, "TagKeys");
  if (!keys) missing_member("tagKeys");
  engine.catalog.update(*handle, [&](TableDefinition& d) {
    for (const auto& k : *keys)
      std::erase_if(d.tags, [&](auto& p) { return p.first == k.get<std::string>(); });
  });
  return json::object();
}

json list_tags_of_resource(Engine& engine, const Call& call) {
  std::string arn;
  auto handle = table_of(engine, call, arn);
  json tags = json::array();
  for (const auto& [k, v] : handle->definition()->tags) tags.push_back({{"Key", k}, {"Value", v}});
  return {{"Tags", tags}};
}

}  // namespace bunker::dynamodb
