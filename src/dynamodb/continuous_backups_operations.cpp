// DescribeContinuousBackups and UpdateContinuousBackups: point-in-time recovery switched
// on and off, and the window DynamoDB would restore from. Bunker keeps no history, so
// RestoreTableToPointInTime is not offered (it answers UnknownOperationException).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "dynamodb/engine.h"
#include "dynamodb/errors.h"
#include "dynamodb/request_validation.h"

namespace bunker::dynamodb {

using json = nlohmann::json;

namespace {

constexpr int kMinRecoveryDays = 1, kMaxRecoveryDays = 35;

std::shared_ptr<const TableDefinition> existing_table(Engine& engine, const Call& call, const std::string& name) {
  if (!engine.catalog.find(call.scope, name)) throw AwsError(400, "TableNotFoundException", "Table not found: " + name);
  return engine.catalog.get(call.scope, name, true)->definition();
}

json description(const TableDefinition& def) {
  json pitr = {{"PointInTimeRecoveryStatus", def.pitr_enabled ? "ENABLED" : "DISABLED"}};
  if (def.pitr_enabled) {
    // DynamoDB's latest restorable time trails the present by about five minutes.
    const double now = static_cast<double>(now_millis()) / 1000.0;
    pitr["EarliestRestorableDateTime"] = def.pitr_since;
    pitr["LatestRestorableDateTime"] = std::max(def.pitr_since, now - 300.0);
    pitr["RecoveryPeriodInDays"] = def.pitr_recovery_days;
  }
  return {{"ContinuousBackupsDescription",
           {{"ContinuousBackupsStatus", "ENABLED"}, {"PointInTimeRecoveryDescription", pitr}}}};
}

}  // namespace

json describe_continuous_backups(Engine& engine, const Call& call) {
  return description(*existing_table(engine, call, table_name(call.body)));
}

json update_continuous_backups(Engine& engine, const Call& call) {
  const json& body = call.body;
  std::string name = table_name(body);
  const json* spec = member(body, "PointInTimeRecoverySpecification");
  if (!spec) missing_member("pointInTimeRecoverySpecification");
  auto enabled = bool_member(*spec, "PointInTimeRecoveryEnabled");
  if (!enabled) missing_member("pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled");
  std::optional<long long> days = int_member(*spec, "RecoveryPeriodInDays");
  if (days && *days < kMinRecoveryDays)
    constraint_failed(std::to_string(*days), "pointInTimeRecoverySpecification.recoveryPeriodInDays",
                      "Member must have value greater than or equal to 1");
  if (days && *days > kMaxRecoveryDays)
    constraint_failed(std::to_string(*days), "pointInTimeRecoverySpecification.recoveryPeriodInDays",
                      "Member must have value less than or equal to 35");
  existing_table(engine, call, name);
  auto handle = engine.catalog.get(call.scope, name, true);
  auto def = engine.catalog.update(*handle, [&](TableDefinition& d) {
    if (*enabled && !d.pitr_enabled) d.pitr_since = static_cast<double>(now_millis() / 1000);
    d.pitr_enabled = *enabled;
    if (*enabled) d.pitr_recovery_days = days ? static_cast<int>(*days) : kMaxRecoveryDays;  // AWS's default
  });
  return description(*def);
}

}  // namespace bunker::dynamodb
