#pragma once
// EventBridge: the default event bus and custom buses ("events.buses"); rules (event
// patterns or schedules) and their targets, persisted in "events.rules"; PutEvents
// matched against the patterns of the bus's rules; a
// scheduler that fires rate() and cron() rules; delivery to Lambda targets as
// asynchronous (Event) invocations through Lambda's Invoker. Targets of other services
// are kept but cannot be delivered to (Bunker has no SQS, SNS, Step Functions…).
#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bunker/events/publisher.h"
#include "bunker/service/engines.h"
#include "bunker/storage/database.h"

namespace bunker::events {

struct Rule {
  std::string account, region, bus = "default", name;
  std::string event_pattern, schedule, state = "ENABLED", description, role_arn;
  nlohmann::json targets = nlohmann::json::array();  // as PutTargets gave them
  nlohmann::json tags = nlohmann::json::array();     // [{Key, Value}]
  double created = 0;
  int64_t last_fired_ms = 0;  // rate() rules: when they last fired (in memory)

  std::string arn() const {
    return "arn:aws:events:" + region + ":" + account + ":rule/" + (bus == "default" ? "" : bus + "/") + name;
  }
  nlohmann::json to_storage() const;
  static Rule from_storage(const nlohmann::json& j);
};

// A custom event bus (the default bus of each account and region is implicit).
struct EventBus {
  std::string account, region, name, description, kms_key;
  nlohmann::json dead_letter_config, log_config;  // as given, or null
  nlohmann::json tags = nlohmann::json::array();  // [{Key, Value}]
  double created = 0, modified = 0;

  std::string arn() const { return "arn:aws:events:" + region + ":" + account + ":event-bus/" + name; }
  nlohmann::json to_storage() const;
  static EventBus from_storage(const nlohmann::json& j);
};

struct Scope {
  std::string account, region;
};

class EventsEngine final : public Publisher {
 public:
  EventsEngine(storage::Database& db, boost::asio::any_io_executor executor, Engines& engines);

  // The operations (rule_operations.cpp, event_operations.cpp): request body in,
  // response body out; errors thrown as AwsError.
  nlohmann::json put_rule(const Scope& s, const nlohmann::json& body);
  nlohmann::json describe_rule(const Scope& s, const nlohmann::json& body);
  nlohmann::json list_rules(const Scope& s, const nlohmann::json& body);
  nlohmann::json delete_rule(const Scope& s, const nlohmann::json& body);
  nlohmann::json enable_rule(const Scope& s, const nlohmann::json& body, bool enabled);
  nlohmann::json put_targets(const Scope& s, const nlohmann::json& body);
  nlohmann::json remove_targets(const Scope& s, const nlohmann::json& body);
  nlohmann::json list_targets_by_rule(const Scope& s, const nlohmann::json& body);
  nlohmann::json list_rule_names_by_target(const Scope& s, const nlohmann::json& body);
  nlohmann::json put_events(const Scope& s, const nlohmann::json& body);
  // An AWS service's event, to the default bus of its account and region.
  void publish(const ServiceEvent& event) override;
  nlohmann::json test_event_pattern(const Scope& s, const nlohmann::json& body);
  nlohmann::json list_event_buses(const Scope& s, const nlohmann::json& body);
  nlohmann::json describe_event_bus(const Scope& s, const nlohmann::json& body);
  nlohmann::json create_event_bus(const Scope& s, const nlohmann::json& body);
  nlohmann::json tag_resource(const Scope& s, const nlohmann::json& body);
  nlohmann::json untag_resource(const Scope& s, const nlohmann::json& body);
  nlohmann::json list_tags_for_resource(const Scope& s, const nlohmann::json& body);
  nlohmann::json update_event_bus(const Scope& s, const nlohmann::json& body);
  nlohmann::json delete_event_bus(const Scope& s, const nlohmann::json& body);

  // Scheduler: fires the schedule rules due at `now_ms` (called every second while
  // has_enabled_schedules()). `resumed` marks the first call after start-up or after the
  // scheduler slept: cron rules fire at the start of a minute, so the minute under way
  // counts as already seen.
  void tick(int64_t now_ms, bool resumed = false);
  bool has_enabled_schedules() const;
  // Fires one schedule rule now (POST /_bunker/events/rules/<name>/trigger); returns
  // how many targets it was sent to.
  std::size_t trigger(const Scope& s, const std::string& name);

  void reset();

 private:
  static std::string key_of(const std::string& account, const std::string& region, const std::string& bus,
                            const std::string& name);
  // The bus a request names (by name or ARN; "default" when absent), which must exist.
  // Sends each (event, bus) to the targets of the bus's enabled pattern rules that match.
  void route(const Scope& s, const std::vector<std::pair<nlohmann::json, std::string>>& events, int hops = 0);
  std::string bus_of(const Scope& s, const nlohmann::json& body, const char* member = "EventBusName") const;
  static std::string bus_name_of(const std::string& name_or_arn);
  bool bus_exists(const Scope& s, const std::string& bus) const;  // requires mutex_
  // A bus's record (requires mutex_): the default bus gets one the first time it takes a
  // setting or a tag; a custom bus that does not exist is ResourceNotFoundException.
  EventBus& stored_bus(const Scope& s, const std::string& bus);
  Rule& find_rule(const Scope& s, const std::string& bus, const std::string& name);  // requires mutex_
  void persist(const Rule& r);
  void persist(const EventBus& b);
  // The tags of the rule or bus an ARN names, and what to call to store them again
  // (requires mutex_); ResourceNotFoundException when there is none.
  nlohmann::json& tags_of(const Scope& s, const std::string& arn, std::function<void()>& save);
  // Sends the event to every target of the rule. `hops` counts event-bus targets the
  // event has already passed through.
  std::size_t deliver(const Rule& r, const nlohmann::json& event, int hops = 0);
  // An event-bus target: the event, unchanged, to that bus (same account; any region).
  bool forward_to_bus(const Rule& r, const std::string& bus_arn, const nlohmann::json& event, int hops);
  nlohmann::json scheduled_event(const Rule& r, int64_t now_ms) const;

  storage::Database& db_;
  storage::ColumnFamily* family_;
  storage::ColumnFamily* buses_family_;
  boost::asio::any_io_executor executor_;
  Engines& engines_;
  mutable std::mutex mutex_;
  std::map<std::string, Rule> rules_;
  std::map<std::string, EventBus> buses_;  // by key_of(account, region, name, "")
  int64_t last_cron_minute_ = 0;
};

}  // namespace bunker::events
