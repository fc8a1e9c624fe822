// UpdateTimeToLive and DescribeTimeToLive. Enabling TTL starts the sweeper's work list
// for the table (ttl_sweeper.h deletes what expires); disabling drops it.
#include <nlohmann/json.hpp>

#include "dynamodb/engine.h"
#include "dynamodb/errors.h"
#include "dynamodb/request_validation.h"

namespace bunker::dynamodb {

using json = nlohmann::json;

json update_time_to_live(Engine& engine, const Call& call) {
  const json& body = call.body;
  std::string name = table_name(body);
  const json* spec = member(body, "TimeToLiveSpecification");
  if (!spec) missing_member("timeToLiveSpecification");
  auto enabled = bool_member(*spec, "Enabled");
  if (!enabled) missing_member("timeToLiveSpecification.enabled");
  if (!member(*spec, "AttributeName")) missing_member("timeToLiveSpecification.attributeName");
  std::string attribute = string_member(*spec, "AttributeName");
  if (attribute.empty())
    constraint_failed(attribute, "timeToLiveSpecification.attributeName",
                      "Member must have length greater than or equal to 1");
  if (attribute.size() > 255)
    constraint_failed(attribute, "timeToLiveSpecification.attributeName",
                      "Member must have length less than or equal to 255");
  auto handle = engine.catalog.get(call.scope, name, true);
  auto current = handle->definition();
  if (*enabled && current->ttl_enabled) throw validation_error("TimeToLive is already enabled");
  if (!*enabled && !current->ttl_enabled) throw validation_error("TimeToLive is already disabled");
  if (!*enabled && attribute != current->ttl_attribute)
    throw validation_error("Attribute name for disabling TimeToLive does not match the enabled attribute name");
  auto def = engine.catalog.update(*handle, [&](TableDefinition& d) {
    d.ttl_enabled = *enabled;
    d.ttl_attribute = *enabled ? attribute : "";
  });
  if (*enabled) engine.store.backfill_ttl(*def);
  else engine.store.drop_ttl(*current);
  return {{"TimeToLiveSpecification", {{"Enabled", *enabled}, {"AttributeName", attribute}}}};
}

json describe_time_to_live(Engine& engine, const Call& call) {
  std::string name = table_name(call.body);
  auto def = engine.catalog.get(call.scope, name, true)->definition();
  if (!def->ttl_enabled) return {{"TimeToLiveDescription", {{"TimeToLiveStatus", "DISABLED"}}}};
  return {{"TimeToLiveDescription", {{"TimeToLiveStatus", "ENABLED"}, {"AttributeName", def->ttl_attribute}}}};
}

}  // namespace bunker::dynamodb
