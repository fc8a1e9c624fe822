// CreateEventBus, DescribeEventBus, ListEventBuses, UpdateEventBus, DeleteEventBus: the
// account's default bus (always there, never deleted) and custom buses. Partner buses
// need partner event sources, which Bunker does not have.
#include <algorithm>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "events/events_engine.h"
#include "events/validation.h"

namespace bunker::events {

using json = nlohmann::json;

namespace {

constexpr std::size_t kMaxBusName = 256, kMaxDescription = 512;

bool bus_name_chars(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == '/';
  });
}

std::string string_member(const json& body, const char* member) {
  if (!body.contains(member) || body[member].is_null()) return {};
  if (!body[member].is_string()) throw AwsError(400, "SerializationException", "Unexpected value type in payload");
  return body[member];
}

std::string required_bus_name(const json& body) {
  if (!body.contains("Name") || body["Name"].is_null())
    throw validation("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  std::string name = string_member(body, "Name");
  if (name.empty()) constraint(name, "name", "Member must have length greater than or equal to 1");
  if (name.size() > kMaxBusName) constraint(name, "name", "Member must have length less than or equal to 256");
  if (!bus_name_chars(name)) constraint(name, "name", "Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+");
  return name;
}

std::string checked_description(const json& body) {
  std::string d = string_member(body, "Description");
  if (d.size() > kMaxDescription) constraint(d, "description", "Member must have length less than or equal to 512");
  return d;
}

std::string default_bus_arn(const Scope& s) { return "arn:aws:events:" + s.region + ":" + s.account + ":event-bus/default"; }

// The settings a bus answers with in Create/Update/Describe/List, when set.
void add_settings(json& j, const EventBus& b) {
  if (!b.description.empty()) j["Description"] = b.description;
  if (!b.kms_key.empty()) j["KmsKeyIdentifier"] = b.kms_key;
  if (!b.dead_letter_config.is_null()) j["DeadLetterConfig"] = b.dead_letter_config;
  if (!b.log_config.is_null()) j["LogConfig"] = b.log_config;
}

void take_settings(EventBus& b, const json& body) {
  if (body.contains("Description")) b.description = checked_description(body);
  if (body.contains("KmsKeyIdentifier")) b.kms_key = string_member(body, "KmsKeyIdentifier");
  if (body.contains("DeadLetterConfig")) b.dead_letter_config = body["DeadLetterConfig"];
  if (body.contains("LogConfig")) b.log_config = body["LogConfig"];
}

json bus_json(const EventBus& b) {
  json j = {{"Name", b.name}, {"Arn", b.arn()}};
  add_settings(j, b);
  if (b.created > 0) {  // the default bus's record (settings, tags) has no creation of its own
    j["CreationTime"] = b.created;
    j["LastModifiedTime"] = b.modified;
  }
  return j;
}

}  // namespace

json EventBus::to_storage() const {
  return {{"account", account}, {"region", region},       {"name", name},         {"description", description},
          {"kms", kms_key},     {"dlq", dead_letter_config}, {"log", log_config}, {"tags", tags},
          {"created", created}, {"modified", modified}};
}

EventBus EventBus::from_storage(const json& j) {
  EventBus b;
  b.account = j.at("account");
  b.region = j.at("region");
  b.name = j.at("name");
  b.description = j.at("description");
  b.kms_key = j.at("kms");
  b.dead_letter_config = j.at("dlq");
  b.log_config = j.at("log");
  b.tags = j.at("tags");
  if (b.tags.is_null()) b.tags = json::array();
  b.created = j.at("created");
  b.modified = j.at("modified");
  return b;
}

std::string EventsEngine::bus_name_of(const std::string& name_or_arn) {
  if (auto slash = name_or_arn.find(":event-bus/"); name_or_arn.starts_with("arn:") && slash != std::string::npos)
    return name_or_arn.substr(slash + 11);
  return name_or_arn;
}

bool EventsEngine::bus_exists(const Scope& s, const std::string& bus) const {
  return bus == "default" || buses_.contains(key_of(s.account, s.region, bus, ""));
}

EventBus& EventsEngine::stored_bus(const Scope& s, const std::string& bus) {
  std::string key = key_of(s.account, s.region, bus, "");
  auto it = buses_.find(key);
  if (it != buses_.end()) return it->second;
  if (bus != "default") throw AwsError(400, "ResourceNotFoundException", "Event bus " + bus + " does not exist.");
  // The default bus takes settings too (encryption, dead-letter queue, logs, tags).
  EventBus d;
  d.account = s.account;
  d.region = s.region;
  d.name = "default";
  return buses_.emplace(std::move(key), std::move(d)).first->second;
}

std::string EventsEngine::bus_of(const Scope& s, const json& body, const char* member) const {
  std::string bus = string_member(body, member);
  if (bus.empty()) return "default";
  bus = bus_name_of(bus);
  std::lock_guard lock(mutex_);
  if (!bus_exists(s, bus)) throw AwsError(400, "ResourceNotFoundException", "Event bus " + bus + " does not exist.");
  return bus;
}

json EventsEngine::create_event_bus(const Scope& s, const json& body) {
  std::string name = required_bus_name(body);
  if (std::string source = string_member(body, "EventSourceName"); !source.empty())
    // Partner buses match partner event sources; Bunker has none (assumed wording).
    throw AwsError(400, "ResourceNotFoundException", "Event source " + source + " does not exist.");
  if (name.find('/') != std::string::npos)
    throw validation("Event bus name must not contain '/'.");  // assumed wording: names with '/' are partner buses
  EventBus b;
  b.account = s.account;
  b.region = s.region;
  b.name = name;
  take_settings(b, body);
  if (body.contains("Tags") && body["Tags"].is_array()) b.tags = body["Tags"];
  b.created = b.modified = static_cast<double>(now_epoch_seconds());
  std::lock_guard lock(mutex_);
  if (bus_exists(s, name)) throw AwsError(400, "ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
  std::string key = key_of(s.account, s.region, name, "");
  persist(b);
  json out = {{"EventBusArn", b.arn()}};
  add_settings(out, b);
  buses_.emplace(std::move(key), std::move(b));
  return out;
}

json EventsEngine::describe_event_bus(const Scope& s, const json& body) {
  std::string bus = bus_of(s, body, "Name");
  std::lock_guard lock(mutex_);
  auto it = buses_.find(key_of(s.account, s.region, bus, ""));
  if (it != buses_.end()) return bus_json(it->second);
  if (bus == "default") return {{"Name", "default"}, {"Arn", default_bus_arn(s)}};  // never updated
  throw AwsError(400, "ResourceNotFoundException", "Event bus " + bus + " does not exist.");
}

json EventsEngine::list_event_buses(const Scope& s, const json& body) {
  std::string prefix = string_member(body, "NamePrefix");
  std::string after = string_member(body, "NextToken");
  std::size_t limit = 100;
  if (body.contains("Limit") && body["Limit"].is_number_integer()) {
    auto n = body["Limit"].get<int64_t>();
    if (n < 1) constraint(std::to_string(n), "limit", "Member must have value greater than or equal to 1");
    if (n > 100) constraint(std::to_string(n), "limit", "Member must have value less than or equal to 100");
    limit = static_cast<std::size_t>(n);
  }
  std::vector<json> all;
  {
    std::lock_guard lock(mutex_);
    if (!buses_.contains(key_of(s.account, s.region, "default", "")))
      all.push_back({{"Name", "default"}, {"Arn", default_bus_arn(s)}});
    std::string scope_prefix = key_of(s.account, s.region, "", "");
    scope_prefix.pop_back();  // key_of(a, r, "", "") ends "a/r//"; bus keys are "a/r/<name>/"
    for (auto it = buses_.lower_bound(scope_prefix); it != buses_.end() && it->first.starts_with(scope_prefix); ++it)
      all.push_back(bus_json(it->second));
  }
  std::sort(all.begin(), all.end(), [](const json& a, const json& b) { return a["Name"] < b["Name"]; });
  json page = json::array();
  std::string last;
  bool more = false;
  for (const auto& b : all) {
    const std::string& name = b["Name"].get_ref<const std::string&>();
    if (!name.starts_with(prefix) || (!after.empty() && name <= after)) continue;
    if (page.size() == limit) {
      more = true;
      break;
    }
    page.push_back(b);
    last = name;
  }
  json out = {{"EventBuses", page}};
  if (more) out["NextToken"] = last;
  return out;
}

json EventsEngine::update_event_bus(const Scope& s, const json& body) {
  std::string bus = bus_of(s, body, "Name");
  std::lock_guard lock(mutex_);
  EventBus& b = stored_bus(s, bus);
  take_settings(b, body);
  b.modified = static_cast<double>(now_epoch_seconds());
  persist(b);
  json out = {{"Arn", b.arn()}, {"Name", b.name}};
  add_settings(out, b);
  return out;
}

json EventsEngine::delete_event_bus(const Scope& s, const json& body) {
  std::string name = required_bus_name(body);
  if (name == "default") throw validation("Cannot delete event bus default.");
  std::lock_guard lock(mutex_);
  std::string key = key_of(s.account, s.region, name, "");
  auto it = buses_.find(key);
  if (it == buses_.end()) return json::object();  // deleting a missing bus succeeds
  if (auto r = rules_.lower_bound(key); r != rules_.end() && r->first.starts_with(key))
    throw validation("EventBus can't be deleted since it has rules.");
  db_.del(buses_family_, key);
  buses_.erase(it);
  return json::object();
}

}  // namespace bunker::events
