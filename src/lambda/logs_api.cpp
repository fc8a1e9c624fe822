#include "lambda/logs_api.h"

#include <algorithm>
#include <limits>

#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"
#include "lambda/log_store.h"
#include "lambda/logs_group_settings.h"

namespace bunker::lambda {
using nlohmann::json;

namespace {

// One caller's view of the store: its account and region.
struct ScopedLogs {
  LogStore& store;
  Scope scope;

  bool create_group(std::string_view g) { return store.create_group(scope, g); }
  bool delete_group(std::string_view g) { return store.delete_group(scope, g); }
  bool create_stream(std::string_view g, std::string_view s) { return store.create_stream(scope, g, s); }
  std::optional<json> group(std::string_view g) const { return store.group(scope, g); }
  std::optional<json> stream(std::string_view g, std::string_view s) const { return store.stream(scope, g, s); }
  std::vector<json> groups(std::string_view prefix) const { return store.groups(scope, prefix); }
  std::vector<json> streams(std::string_view g) const { return store.streams(scope, g); }
  std::vector<StoredLogEvent> events(std::string_view g, std::string_view s, int64_t start, int64_t end) const {
    return store.events(scope, g, s, start, end);
  }
  void append(std::string_view g, std::string_view s, std::vector<runtime::LogEvent> events) {
    store.append(scope, g, s, std::move(events));
  }
};

AwsError invalid(std::string message) { return AwsError(400, "InvalidParameterException", std::move(message)); }
AwsError group_not_found() {
  return AwsError(400, "ResourceNotFoundException", "The specified log group does not exist.");
}
AwsError stream_not_found() {
  return AwsError(400, "ResourceNotFoundException", "The specified log stream does not exist.");
}

std::string required_string(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string())
    throw AwsError(400, "ValidationException",
                   std::string("1 validation error detected: Value null at '") + name +
                       "' failed to satisfy constraint: Member must not be null");
  return it->get<std::string>();
}

int limit_of(const json& body, int fallback, int maximum) {
  int limit = body.value("limit", fallback);
  if (limit < 1 || limit > maximum)
    throw AwsError(400, "ValidationException",
                   "1 validation error detected: Value '" + std::to_string(limit) +
                       "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to " +
                       std::to_string(maximum));
  return limit;
}

// Filter patterns: space-separated terms that must all appear, "quoted phrases", and
// ?term alternatives (any of them). JSON and space-delimited patterns are matched as
// their literal text.
bool matches_pattern(std::string_view message, std::string_view pattern) {
  pattern = trim(pattern);
  if (pattern.empty() || pattern == "\"\"") return true;
  if (pattern.front() == '{' || pattern.front() == '[') return message.find(pattern) != std::string_view::npos;
  std::vector<std::string> all, any;
  size_t i = 0;
  while (i < pattern.size()) {
    while (i < pattern.size() && pattern[i] == ' ') ++i;
    if (i >= pattern.size()) break;
    bool optional = pattern[i] == '?';
    if (optional) ++i;
    std::string term;
    if (i < pattern.size() && pattern[i] == '"') {
      size_t close = pattern.find('"', i + 1);
      term = std::string(pattern.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1));
      i = close == std::string_view::npos ? pattern.size() : close + 1;
    } else {
      size_t end = pattern.find(' ', i);
      term = std::string(pattern.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
      i = end == std::string_view::npos ? pattern.size() : end;
    }
    (optional ? any : all).push_back(std::move(term));
  }
  for (const auto& t : all)
    if (message.find(t) == std::string_view::npos) return false;
  if (any.empty()) return true;
  return std::any_of(any.begin(), any.end(), [&](const std::string& t) { return message.find(t) != std::string_view::npos; });
}

json event_json(const StoredLogEvent& e) {
  return {{"timestamp", e.timestamp}, {"message", e.message}, {"ingestionTime", e.ingestion_time}};
}

// Paging through a list by name: the token is the last name returned.
template <class F>
json page(std::vector<json> items, const json& body, const char* key, const char* list_name, int limit, F name_of) {
  std::string after = body.value("nextToken", "");
  json out = json::object();
  json list = json::array();
  bool more = false;
  for (auto& item : items) {
    if (!after.empty() && name_of(item) <= after) continue;
    if (static_cast<int>(list.size()) == limit) {
      more = true;
      break;
    }
    list.push_back(item);
  }
  out[list_name] = list;
  if (more && !list.empty()) out["nextToken"] = name_of(list.back());
  (void)key;
  return out;
}

json describe_log_groups(ScopedLogs& logs, const json& body) {
  const int limit = limit_of(body, 50, 50);
  auto groups = logs.groups(body.value("logGroupNamePrefix", ""));
  for (auto& g : groups) g = describe_view(std::move(g));
  return page(std::move(groups), body, "logGroupName", "logGroups", limit,
              [](const json& g) { return g.value("logGroupName", ""); });
}

// The group's record, its expired events gone; throws when there is no such group.
json readable_group(ScopedLogs& logs, std::string_view group) {
  auto record = logs.group(group);
  if (!record) throw group_not_found();
  apply_retention(logs.store, logs.scope, group, *record);
  return std::move(*record);
}

json describe_log_streams(ScopedLogs& logs, const json& body) {
  const std::string group = required_string(body, "logGroupName");
  readable_group(logs, group);
  const int limit = limit_of(body, 50, 50);
  const std::string prefix = body.value("logStreamNamePrefix", "");
  const std::string order = body.value("orderBy", "LogStreamName");
  const bool descending = body.value("descending", false);
  if (order == "LastEventTime" && !prefix.empty())
    throw invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
  std::vector<json> streams;
  for (auto& s : logs.streams(group))
    if (s.value("logStreamName", "").starts_with(prefix)) streams.push_back(std::move(s));
  if (order == "LastEventTime") {
    std::stable_sort(streams.begin(), streams.end(), [](const json& a, const json& b) {
      return a.value("lastEventTimestamp", int64_t{0}) < b.value("lastEventTimestamp", int64_t{0});
    });
  }
  if (descending) std::reverse(streams.begin(), streams.end());
  // Token: the position in this ordering.
  size_t start = 0;
  if (auto t = body.find("nextToken"); t != body.end() && t->is_string()) {
    long long n = 0;
    if (!parse_int64(t->get<std::string>(), n) || n < 0) throw invalid("The specified nextToken is invalid.");
    start = static_cast<size_t>(n);
  }
  json out = {{"logStreams", json::array()}};
  for (size_t i = start; i < streams.size() && out["logStreams"].size() < static_cast<size_t>(limit); ++i)
    out["logStreams"].push_back(streams[i]);
  if (start + out["logStreams"].size() < streams.size())
    out["nextToken"] = std::to_string(start + out["logStreams"].size());
  return out;
}

// Tokens of GetLogEvents: "f/<n>" / "b/<n>", the index just past / at the page's edge.
json get_log_events(ScopedLogs& logs, const json& body) {
  const std::string group = required_string(body, "logGroupName");
  const std::string stream = required_string(body, "logStreamName");
  readable_group(logs, group);
  if (!logs.stream(group, stream)) throw stream_not_found();
  const int limit = limit_of(body, 10000, 10000);
  const int64_t start = body.value("startTime", int64_t{0});
  const int64_t end = body.contains("endTime") ? body["endTime"].get<int64_t>() : std::numeric_limits<int64_t>::max();
  auto events = logs.events(group, stream, start, end);
  const size_t n = events.size();
  size_t from, to;  // [from, to)
  const std::string token = body.value("nextToken", "");
  long long pos = 0;
  if (!token.empty()) {
    if (token.size() < 3 || (token[0] != 'f' && token[0] != 'b') || token[1] != '/' ||
        !parse_int64(std::string_view(token).substr(2), pos) || pos < 0)
      throw invalid("The specified nextToken is invalid.");
    pos = std::min<long long>(pos, static_cast<long long>(n));
  }
  if (!token.empty() && token[0] == 'f') {
    from = static_cast<size_t>(pos);
    to = std::min(n, from + limit);
  } else if (!token.empty()) {
    to = static_cast<size_t>(pos);
    from = to > static_cast<size_t>(limit) ? to - limit : 0;
  } else if (body.value("startFromHead", false)) {
    from = 0;
    to = std::min<size_t>(n, limit);
  } else {
    to = n;
    from = n > static_cast<size_t>(limit) ? n - limit : 0;
  }
  json out = {{"events", json::array()}};
  for (size_t i = from; i < to; ++i) out["events"].push_back(event_json(events[i]));
  out["nextForwardToken"] = "f/" + std::to_string(to);
  out["nextBackwardToken"] = "b/" + std::to_string(from);
  return out;
}

json filter_log_events(ScopedLogs& logs, const json& body) {
  const std::string group = body.contains("logGroupIdentifier") ? body.value("logGroupIdentifier", "")
                                                                : required_string(body, "logGroupName");
  readable_group(logs, group);
  const int limit = limit_of(body, 10000, 10000);
  const int64_t start = body.value("startTime", int64_t{0});
  const int64_t end = body.contains("endTime") ? body["endTime"].get<int64_t>() : std::numeric_limits<int64_t>::max();
  const std::string pattern = body.value("filterPattern", "");
  std::vector<std::string> names;
  if (auto it = body.find("logStreamNames"); it != body.end() && it->is_array()) {
    for (const auto& n : *it) names.push_back(n.get<std::string>());
  } else {
    const std::string prefix = body.value("logStreamNamePrefix", "");
    for (const auto& s : logs.streams(group)) {
      std::string name = s.value("logStreamName", "");
      if (name.starts_with(prefix)) names.push_back(std::move(name));
    }
  }
  std::vector<StoredLogEvent> all;
  for (const auto& name : names)
    for (auto& e : logs.events(group, name, start, end))
      if (matches_pattern(e.message, pattern)) all.push_back(std::move(e));
  std::stable_sort(all.begin(), all.end(), [](const StoredLogEvent& a, const StoredLogEvent& b) {
    return a.timestamp != b.timestamp ? a.timestamp < b.timestamp : a.sequence < b.sequence;
  });
  // Token: the sequence number of the last event returned; events are unique by it.
  uint64_t after = 0;
  if (auto t = body.find("nextToken"); t != body.end() && t->is_string()) {
    long long v = 0;
    if (!parse_int64(t->get<std::string>(), v)) throw invalid("The specified nextToken is invalid.");
    after = static_cast<uint64_t>(v);
  }
  json out = {{"events", json::array()}, {"searchedLogStreams", json::array()}};
  bool passed = after == 0;
  size_t count = 0;
  bool more = false;
  uint64_t last = 0;
  for (const auto& e : all) {
    if (!passed) {
      if (e.sequence == after) passed = true;
      continue;
    }
    if (count == static_cast<size_t>(limit)) {
      more = true;
      break;
    }
    json j = event_json(e);
    j["logStreamName"] = e.stream;
    j["eventId"] = std::to_string(e.timestamp) + std::to_string(e.sequence);
    out["events"].push_back(std::move(j));
    last = e.sequence;
    ++count;
  }
  for (const auto& name : names) out["searchedLogStreams"].push_back({{"logStreamName", name}, {"searchedCompletely", !more}});
  if (more) out["nextToken"] = std::to_string(last);
  return out;
}

json put_log_events(ScopedLogs& logs, const json& body) {
  const std::string group = required_string(body, "logGroupName");
  const std::string stream = required_string(body, "logStreamName");
  if (!logs.group(group)) throw group_not_found();
  if (!logs.stream(group, stream)) throw stream_not_found();
  std::vector<runtime::LogEvent> events;
  for (const auto& e : body.value("logEvents", json::array()))
    events.push_back({e.value("timestamp", int64_t{0}), e.value("message", "")});
  logs.append(group, stream, std::move(events));
  return {{"nextSequenceToken", std::to_string(now_millis())}};
}

}  // namespace

const protocol::JsonRpcStyle& logs_style() {
  static const protocol::JsonRpcStyle style{"Logs_20140328.", "application/x-amz-json-1.1", "", false};
  return style;
}

http::Response handle_logs_request(LogStore& store, const http::Request& request, std::string_view text,
                                   const std::string& account, const std::string& region) {
  ScopedLogs logs{store, {account, region}};
  const std::string op = protocol::operation_of(request, logs_style());
  const json body = protocol::parse_json_body(text);
  json out = json::object();
  if (op == "DescribeLogGroups") {
    out = describe_log_groups(logs, body);
  } else if (op == "DescribeLogStreams") {
    out = describe_log_streams(logs, body);
  } else if (op == "GetLogEvents") {
    out = get_log_events(logs, body);
  } else if (op == "FilterLogEvents") {
    out = filter_log_events(logs, body);
  } else if (op == "CreateLogGroup") {
    const std::string group = required_string(body, "logGroupName");
    check_create_tags(body);
    if (!logs.create_group(group))
      throw AwsError(400, "ResourceAlreadyExistsException", "The specified log group already exists");
    store_create_tags(store, logs.scope, group, body);
  } else if (op == "DeleteLogGroup") {
    if (!logs.delete_group(required_string(body, "logGroupName"))) throw group_not_found();
  } else if (op == "CreateLogStream") {
    const std::string group = required_string(body, "logGroupName");
    if (!logs.group(group)) throw group_not_found();
    if (!logs.create_stream(group, required_string(body, "logStreamName")))
      throw AwsError(400, "ResourceAlreadyExistsException", "The specified log stream already exists");
  } else if (op == "PutLogEvents") {
    out = put_log_events(logs, body);
  } else if (auto settings = group_settings_operation(store, logs.scope, op, body)) {
    out = std::move(*settings);
  } else {
    throw AwsError(400, "UnknownOperationException", "");
  }
  return protocol::json_response(request, logs_style(), out);
}

}  // namespace bunker::lambda
