// PutRule, DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule, PutTargets,
// RemoveTargets, ListTargetsByRule, ListRuleNamesByTarget, with EventBridge's validation.
#include <set>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/event_sources/event_pattern.h"
#include "events/events_engine.h"
#include "events/schedule.h"
#include "events/validation.h"

namespace bunker::events {

using json = nlohmann::json;

namespace {

constexpr std::size_t kMaxTargetsPerRule = 5;

bool name_chars(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
  });
}

std::string required_name(const json& body, const char* member, const char* field) {
  if (!body.contains(member) || body[member].is_null())
    throw validation(std::string("1 validation error detected: Value null at '") + field +
                     "' failed to satisfy constraint: Member must not be null");
  if (!body[member].is_string()) throw AwsError(400, "SerializationException", "Unexpected value type in payload");
  std::string name = body[member];
  if (name.empty()) constraint(name, field, "Member must have length greater than or equal to 1");
  if (name.size() > 64) constraint(name, field, "Member must have length less than or equal to 64");
  if (!name_chars(name)) constraint(name, field, "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
  return name;
}

void check_pattern(const std::string& text) {
  try {
    event_sources::EventPattern::parse_text(text);
  } catch (const event_sources::InvalidPattern& e) {
    throw AwsError(400, "InvalidEventPatternException", std::string("Event pattern is not valid. Reason: ") + e.what());
  }
}

json rule_json(const Rule& r) {
  json j = {{"Name", r.name}, {"Arn", r.arn()}, {"State", r.state}, {"EventBusName", r.bus}};
  if (!r.event_pattern.empty()) j["EventPattern"] = r.event_pattern;
  if (!r.schedule.empty()) j["ScheduleExpression"] = r.schedule;
  if (!r.description.empty()) j["Description"] = r.description;
  if (!r.role_arn.empty()) j["RoleArn"] = r.role_arn;
  return j;
}

}  // namespace

json EventsEngine::put_rule(const Scope& s, const json& body) {
  std::string name = required_name(body, "Name", "name");
  std::string bus = bus_of(s, body);
  std::string pattern = body.value("EventPattern", "");
  std::string schedule = body.value("ScheduleExpression", "");
  std::string state = body.value("State", "ENABLED");
  if (state != "ENABLED" && state != "DISABLED" && state != "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
    constraint(state, "state", "Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]");
  if (pattern.empty() && schedule.empty())
    throw validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");  // assumed wording
  if (!pattern.empty()) check_pattern(pattern);
  if (!schedule.empty() && !Schedule::parse(schedule)) throw validation("Parameter ScheduleExpression is not valid.");
  std::lock_guard lock(mutex_);
  if (!bus_exists(s, bus)) throw AwsError(400, "ResourceNotFoundException", "Event bus " + bus + " does not exist.");
  std::string key = key_of(s.account, s.region, bus, name);
  Rule& r = rules_[key];
  bool fresh = r.name.empty();
  r.account = s.account;
  r.region = s.region;
  r.bus = bus;
  r.name = name;
  r.event_pattern = pattern;
  r.schedule = schedule;
  r.state = state;
  r.description = body.value("Description", "");
  r.role_arn = body.value("RoleArn", "");
  if (body.contains("Tags") && body["Tags"].is_array()) r.tags = body["Tags"];
  if (fresh) {
    r.created = now_epoch_seconds();
    r.last_fired_ms = now_millis();
  }
  persist(r);
  return {{"RuleArn", r.arn()}};
}

json EventsEngine::describe_rule(const Scope& s, const json& body) {
  std::string name = required_name(body, "Name", "name");
  std::string bus = bus_of(s, body);
  std::lock_guard lock(mutex_);
  json j = rule_json(find_rule(s, bus, name));
  j["CreatedBy"] = s.account;
  return j;
}

json EventsEngine::list_rules(const Scope& s, const json& body) {
  std::string bus = bus_of(s, body);
  std::string prefix = body.value("NamePrefix", "");
  std::size_t limit = body.contains("Limit") ? body["Limit"].get<std::size_t>() : 100;
  std::string after = body.value("NextToken", "");
  json rules = json::array();
  std::string next;
  std::lock_guard lock(mutex_);
  std::string scope_prefix = key_of(s.account, s.region, bus, "");
  for (auto it = rules_.lower_bound(scope_prefix); it != rules_.end() && it->first.starts_with(scope_prefix); ++it) {
    const Rule& r = it->second;
    if (!r.name.starts_with(prefix) || (!after.empty() && r.name <= after)) continue;
    if (rules.size() == limit) {
      next = rules.back()["Name"];
      break;
    }
    rules.push_back(rule_json(r));
  }
  json out = {{"Rules", rules}};
  if (!next.empty()) out["NextToken"] = next;
  return out;
}

json EventsEngine::delete_rule(const Scope& s, const json& body) {
  std::string name = required_name(body, "Name", "name");
  std::string bus = bus_of(s, body);
  std::lock_guard lock(mutex_);
  std::string key = key_of(s.account, s.region, bus, name);
  auto it = rules_.find(key);
  if (it == rules_.end()) return json::object();  // deleting a missing rule succeeds
  if (!it->second.targets.empty()) throw validation("Rule can't be deleted since it has targets.");
  rules_.erase(it);
  db_.del(family_, key);
  return json::object();
}

json EventsEngine::enable_rule(const Scope& s, const json& body, bool enabled) {
  std::string name = required_name(body, "Name", "name");
  std::string bus = bus_of(s, body);
  std::lock_guard lock(mutex_);
  Rule& r = find_rule(s, bus, name);
  r.state = enabled ? "ENABLED" : "DISABLED";
  persist(r);
  return json::object();
}

json EventsEngine::put_targets(const Scope& s, const json& body) {
  std::string name = required_name(body, "Rule", "rule");
  std::string bus = bus_of(s, body);
  if (!body.contains("Targets") || !body["Targets"].is_array())
    throw validation("1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null");
  const json& targets = body["Targets"];
  if (targets.empty() || targets.size() > 100)
    throw validation("1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have "
                     "length " + std::string(targets.empty() ? "greater than or equal to 1" : "less than or equal to 100"));
  for (const auto& t : targets) {
    int inputs = (t.contains("Input") ? 1 : 0) + (t.contains("InputPath") ? 1 : 0) + (t.contains("InputTransformer") ? 1 : 0);
    if (inputs > 1) throw validation("Only one of Input, InputPath, or InputTransformer must be provided.");  // assumed
    if (t.contains("Input") && json::parse(t["Input"].get<std::string>(), nullptr, false).is_discarded())
      throw validation("Target Input is not valid JSON.");  // assumed
    if (!t.contains("Id") || !t.contains("Arn")) throw validation("Target Id and Arn are required.");
  }
  std::lock_guard lock(mutex_);
  Rule& r = find_rule(s, bus, name);
  json merged = r.targets;
  for (const auto& t : targets) {
    bool replaced = false;
    for (auto& existing : merged)
      if (existing["Id"] == t["Id"]) {
        existing = t;
        replaced = true;
      }
    if (!replaced) merged.push_back(t);
  }
  if (merged.size() > kMaxTargetsPerRule)
    throw AwsError(400, "LimitExceededException", "The requested resource exceeds the maximum number allowed.");  // assumed
  r.targets = merged;
  persist(r);
  return {{"FailedEntryCount", 0}, {"FailedEntries", json::array()}};
}

json EventsEngine::remove_targets(const Scope& s, const json& body) {
  std::string name = required_name(body, "Rule", "rule");
  std::string bus = bus_of(s, body);
  std::set<std::string> ids;
  for (const auto& id : body.value("Ids", json::array())) ids.insert(id.get<std::string>());
  std::lock_guard lock(mutex_);
  Rule& r = find_rule(s, bus, name);
  json kept = json::array();
  for (const auto& t : r.targets)
    if (!ids.count(t["Id"].get<std::string>())) kept.push_back(t);
  r.targets = kept;
  persist(r);
  return {{"FailedEntryCount", 0}, {"FailedEntries", json::array()}};
}

json EventsEngine::list_targets_by_rule(const Scope& s, const json& body) {
  std::string name = required_name(body, "Rule", "rule");
  std::string bus = bus_of(s, body);
  std::lock_guard lock(mutex_);
  return {{"Targets", find_rule(s, bus, name).targets}};
}

json EventsEngine::list_rule_names_by_target(const Scope& s, const json& body) {
  std::string arn = body.value("TargetArn", "");
  std::string bus = bus_of(s, body);
  json names = json::array();
  std::lock_guard lock(mutex_);
  std::string scope_prefix = key_of(s.account, s.region, bus, "");
  for (auto it = rules_.lower_bound(scope_prefix); it != rules_.end() && it->first.starts_with(scope_prefix); ++it)
    for (const auto& t : it->second.targets)
      if (t.value("Arn", "") == arn) {
        names.push_back(it->second.name);
        break;
      }
  return {{"RuleNames", names}};
}

}  // namespace bunker::events
