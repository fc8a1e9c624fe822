// PutEvents (events matched against the bus's rules and sent to their targets) and
// TestEventPattern.
#include <spdlog/spdlog.h>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/core/ids.h"
#include "bunker/event_sources/event_pattern.h"
#include "events/events_engine.h"

namespace bunker::events {

using json = nlohmann::json;

namespace {

json entry_error(const char* code, const std::string& message) { return {{"ErrorCode", code}, {"ErrorMessage", message}}; }

json required(const json& entry, const char* member) {
  return entry_error("InvalidArgument", std::string("Parameter ") + member + " is not valid. Reason: " + member +
                                            " is a required argument.");
}

}  // namespace

json EventsEngine::put_events(const Scope& s, const json& body) {
  if (!body.contains("Entries") || !body["Entries"].is_array())
    throw AwsError(400, "ValidationException",
                   "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
  const json& entries = body["Entries"];
  if (entries.empty() || entries.size() > 10)
    throw AwsError(400, "ValidationException",
                   "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length " +
                       std::string(entries.empty() ? "greater than or equal to 1" : "less than or equal to 10"));
  json results = json::array();
  int failed = 0;
  std::vector<std::pair<json, std::string>> accepted;  // event, bus
  for (const auto& e : entries) {
    json result;
    std::string bus = "default";
    if (e.contains("EventBusName") && e["EventBusName"].is_string()) bus = bus_name_of(e["EventBusName"]);
    if (!e.contains("Source") || !e["Source"].is_string()) result = required(e, "Source");
    else if (!e.contains("DetailType") || !e["DetailType"].is_string()) result = required(e, "DetailType");
    else if (!e.contains("Detail") || !e["Detail"].is_string()) result = required(e, "Detail");
    if (result.is_null()) {
      json detail = json::parse(e["Detail"].get<std::string>(), nullptr, false);
      if (detail.is_discarded() || !detail.is_object()) {
        result = entry_error("MalformedDetail", "Detail is malformed.");
      } else {
        int64_t when = now_millis();
        if (e.contains("Time") && e["Time"].is_number()) when = static_cast<int64_t>(e["Time"].get<double>() * 1000);
        std::string id = uuid4();
        json event = {{"version", "0"},
                      {"id", id},
                      {"detail-type", e["DetailType"]},
                      {"source", e["Source"]},
                      {"account", s.account},
                      {"time", iso8601_seconds(when)},
                      {"region", s.region},
                      {"resources", e.value("Resources", json::array())},
                      {"detail", detail}};
        accepted.emplace_back(std::move(event), bus);
        result = {{"EventId", id}};
      }
    }
    if (result.contains("ErrorCode")) ++failed;
    results.push_back(std::move(result));
  }
  route(s, accepted);
  return {{"FailedEntryCount", failed}, {"Entries", results}};
}

void EventsEngine::route(const Scope& s, const std::vector<std::pair<json, std::string>>& events, int hops) {
  std::vector<std::pair<Rule, json>> sends;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [event, bus] : events) {
      // EventBridge accepts an event for a bus that does not exist (an EventId, no error
      // entry) and drops it; the log says so, since nothing else will.
      if (!bus_exists(s, bus)) spdlog::warn("events: PutEvents to event bus {}, which does not exist: dropped", bus);
      std::string prefix = key_of(s.account, s.region, bus, "");
      for (auto it = rules_.lower_bound(prefix); it != rules_.end() && it->first.starts_with(prefix); ++it) {
        const Rule& r = it->second;
        if (r.event_pattern.empty() || r.state == "DISABLED") continue;
        if (event_sources::EventPattern::parse_text(r.event_pattern).matches(event)) sends.emplace_back(r, event);
      }
    }
  }
  for (const auto& [r, event] : sends) deliver(r, event, hops);
}

void EventsEngine::publish(const ServiceEvent& e) {
  json event = {{"version", "0"},
                {"id", uuid4()},
                {"detail-type", e.detail_type},
                {"source", e.source},
                {"account", e.account},
                {"time", iso8601_seconds(e.time_ms ? e.time_ms : now_millis())},
                {"region", e.region},
                {"resources", e.resources},
                {"detail", e.detail}};
  route(Scope{e.account, e.region}, {{std::move(event), "default"}});
}

json EventsEngine::test_event_pattern(const Scope&, const json& body) {
  std::string pattern = body.value("EventPattern", "");
  json event = json::parse(body.value("Event", ""), nullptr, false);
  if (event.is_discarded() || !event.is_object()) throw AwsError(400, "ValidationException", "Parameter Event is not valid.");
  try {
    return {{"Result", event_sources::EventPattern::parse_text(pattern).matches(event)}};
  } catch (const event_sources::InvalidPattern& e) {
    throw AwsError(400, "InvalidEventPatternException", std::string("Event pattern is not valid. Reason: ") + e.what());
  }
}

}  // namespace bunker::events
