#include "events/events_engine.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/core/ids.h"
#include "bunker/lambda/invoker.h"
#include "events/schedule.h"
#include "events/target_input.h"

namespace bunker::events {

using json = nlohmann::json;

json Rule::to_storage() const {
  return {{"account", account}, {"region", region}, {"bus", bus}, {"name", name}, {"pattern", event_pattern},
          {"schedule", schedule}, {"state", state}, {"description", description}, {"role", role_arn},
          {"targets", targets}, {"created", created}, {"tags", tags}};
}

Rule Rule::from_storage(const json& j) {
  Rule r;
  r.account = j.at("account");
  r.region = j.at("region");
  r.bus = j.at("bus");
  r.name = j.at("name");
  r.event_pattern = j.at("pattern");
  r.schedule = j.at("schedule");
  r.state = j.at("state");
  r.description = j.at("description");
  r.role_arn = j.at("role");
  r.targets = j.at("targets");
  r.created = j.at("created");
  r.tags = j.value("tags", json::array());  // rules stored before tags had none
  return r;
}

EventsEngine::EventsEngine(storage::Database& db, boost::asio::any_io_executor executor, Engines& engines)
    : db_(db),
      family_(db.family("events.rules")),
      buses_family_(db.family("events.buses")),
      executor_(std::move(executor)),
      engines_(engines) {
  auto it = db_.iterator(family_);
  for (it->seek_to_first(); it->valid(); it->next()) {
    Rule r = Rule::from_storage(json::parse(it->value()));
    r.last_fired_ms = now_millis();  // rate() rules count their period from the start
    rules_.emplace(std::string(it->key()), std::move(r));
  }
  it->check();
  auto buses = db_.iterator(buses_family_);
  for (buses->seek_to_first(); buses->valid(); buses->next())
    buses_.emplace(std::string(buses->key()), EventBus::from_storage(json::parse(buses->value())));
  buses->check();
}

std::string EventsEngine::key_of(const std::string& account, const std::string& region, const std::string& bus,
                                 const std::string& name) {
  return account + "/" + region + "/" + bus + "/" + name;
}

void EventsEngine::persist(const Rule& r) {
  db_.put(family_, key_of(r.account, r.region, r.bus, r.name), r.to_storage().dump());
}

void EventsEngine::persist(const EventBus& b) {
  db_.put(buses_family_, key_of(b.account, b.region, b.name, ""), b.to_storage().dump());
}

Rule& EventsEngine::find_rule(const Scope& s, const std::string& bus, const std::string& name) {
  auto it = rules_.find(key_of(s.account, s.region, bus, name));
  if (it == rules_.end())
    throw AwsError(400, "ResourceNotFoundException", "Rule " + name + " does not exist on EventBus " + bus + ".");
  return it->second;
}

json EventsEngine::scheduled_event(const Rule& r, int64_t now_ms) const {
  return {{"version", "0"},
          {"id", uuid4()},
          {"detail-type", "Scheduled Event"},
          {"source", "aws.events"},
          {"account", r.account},
          {"time", iso8601_seconds(now_ms)},
          {"region", r.region},
          {"resources", json::array({r.arn()})},
          {"detail", json::object()}};
}

namespace {

// How many event-bus targets one event may pass through. EventBridge itself does not stop
// a loop of rules forwarding between buses (its guide warns about them); a local server
// that spins on one forever helps nobody, so Bunker stops it and says so.
constexpr int kMaxBusHops = 8;

}  // namespace

bool EventsEngine::forward_to_bus(const Rule& r, const std::string& bus_arn, const json& event, int hops) {
  // arn:aws:events:<region>:<account>:event-bus/<name>: six fields, the last one the rest.
  std::vector<std::string> parts;
  std::size_t at = 0;
  for (std::size_t next; parts.size() < 5 && (next = bus_arn.find(':', at)) != std::string::npos; at = next + 1)
    parts.push_back(bus_arn.substr(at, next - at));
  if (parts.size() < 5) return false;
  const std::string resource = bus_arn.substr(at);
  if (parts[2] != "events" || !resource.starts_with("event-bus/")) return false;
  Scope to{parts[4], parts[3]};
  std::string bus = resource.substr(10);
  if (to.account != r.account) {
    spdlog::warn("events: rule {} targets event bus {} of another account; Bunker has no event bus policies to allow it",
                 r.name, bus_arn);
    return false;
  }
  if (hops >= kMaxBusHops) {
    spdlog::warn("events: an event has passed through {} event-bus targets (rule {} -> {}): a loop? Not forwarded",
                 hops, r.name, bus_arn);
    return false;
  }
  {
    std::lock_guard lock(mutex_);
    if (!bus_exists(to, bus)) {
      spdlog::warn("events: rule {} targets event bus {}, which does not exist", r.name, bus_arn);
      return false;
    }
  }
  // Posted, not called: a chain of buses must not grow the stack or run under a caller's lock.
  boost::asio::post(executor_, [this, to, bus, event, hops] { route(to, {{event, bus}}, hops + 1); });
  return true;
}

std::size_t EventsEngine::deliver(const Rule& r, const json& event, int hops) {
  auto* invoker = engines_.find<lambda::Invoker>();
  std::size_t sent = 0;
  for (const auto& target : r.targets) {
    std::string arn = target.value("Arn", "");
    if (arn.starts_with("arn:") && arn.find(":event-bus/") != std::string::npos) {
      // The event goes on unchanged (EventBridge applies no input transformation to a bus).
      if (forward_to_bus(r, arn, event, hops)) ++sent;
      continue;
    }
    if (arn.find(":lambda:") == std::string::npos || arn.find(":function:") == std::string::npos || !invoker) {
      spdlog::warn("events: rule {} target {} ({}) is not a Lambda function or an event bus; Bunker cannot deliver to it", r.name,
                   target.value("Id", ""), arn);
      continue;
    }
    // As on AWS, the function's resource policy must let EventBridge invoke it for this
    // rule (lambda add-permission --principal events.amazonaws.com --source-arn <rule>);
    // without it the delivery fails and nothing tells the sender.
    lambda::ServiceInvokeQuery query;
    query.function_name = arn;
    query.region = r.region;
    query.account = r.account;
    query.service = "events.amazonaws.com";
    query.source_arn = r.arn();
    query.source_account = r.account;
    if (!invoker->service_may_invoke(query)) {
      spdlog::warn("events: rule {} cannot invoke {}: its policy does not let events.amazonaws.com invoke it for {}",
                   r.name, arn, r.arn());
      continue;
    }
    lambda::InvokeRequest req;
    req.function_name = arn;
    req.payload = target_input(target, event);
    req.type = lambda::InvokeRequest::Type::kEvent;
    req.region = r.region;
    req.account = r.account;
    // Event invocations are queued by Lambda (with its own retries); this only hands over.
    boost::asio::co_spawn(executor_, invoker->invoke(std::move(req)), [name = r.name, arn](std::exception_ptr e, lambda::InvokeResult) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::warn("events: rule {} could not invoke {}: {}", name, arn, ex.what());
      }
    });
    ++sent;
  }
  return sent;
}

void EventsEngine::tick(int64_t now_ms, bool resumed) {
  std::vector<std::pair<Rule, json>> due;
  {
    std::lock_guard lock(mutex_);
    int64_t minute = now_ms / 60000;
    bool new_minute = !resumed && minute != last_cron_minute_;
    last_cron_minute_ = minute;
    for (auto& [key, r] : rules_) {
      if (r.schedule.empty() || r.state != "ENABLED") continue;
      auto schedule = Schedule::parse(r.schedule);
      if (!schedule) continue;
      bool fire = false;
      if (schedule->is_rate()) {
        if (now_ms - r.last_fired_ms >= schedule->rate_seconds() * 1000) {
          r.last_fired_ms = now_ms;
          fire = true;
        }
      } else {
        fire = new_minute && schedule->cron_matches(minute * 60);
      }
      if (fire) due.emplace_back(r, scheduled_event(r, now_ms));
    }
  }
  for (const auto& [r, event] : due) deliver(r, event);
}

bool EventsEngine::has_enabled_schedules() const {
  std::lock_guard lock(mutex_);
  for (const auto& [key, r] : rules_)
    if (!r.schedule.empty() && r.state == "ENABLED") return true;
  return false;
}

std::size_t EventsEngine::trigger(const Scope& s, const std::string& name) {
  Rule r;
  {
    std::lock_guard lock(mutex_);
    r = find_rule(s, "default", name);
  }
  if (r.schedule.empty()) throw AwsError(400, "ValidationException", "Rule " + name + " has no ScheduleExpression.");
  return deliver(r, scheduled_event(r, now_millis()));
}

void EventsEngine::reset() {
  std::lock_guard lock(mutex_);
  rules_.clear();
  buses_.clear();
  db_.clear(family_);
  db_.clear(buses_family_);
}

}  // namespace bunker::events
