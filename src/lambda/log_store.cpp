#include "lambda/log_store.h"

#include "bunker/core/clock.h"
#include "bunker/storage/database.h"
#include "bunker/storage/key_codec.h"

namespace bunker::lambda {
using nlohmann::json;

namespace {

// Keys: account, region, group[, stream[, timestamp, sequence]].
std::string scope_key(const Scope& scope) {
  std::string k;
  storage::append_string(k, scope.account);
  storage::append_string(k, scope.region);
  return k;
}

std::string group_key(const Scope& scope, std::string_view group) {
  std::string k = scope_key(scope);
  storage::append_string(k, group);
  return k;
}

std::string stream_key(const Scope& scope, std::string_view group, std::string_view stream) {
  std::string k = group_key(scope, group);
  storage::append_string(k, stream);
  return k;
}

// In-memory names of known groups and streams.
std::string group_id(const Scope& scope, std::string_view group) {
  return scope.account + '\n' + scope.region + '\n' + std::string(group);
}

std::string stream_id(const Scope& scope, std::string_view group, std::string_view stream) {
  return group_id(scope, group) + '\n' + std::string(stream);
}

// An event's value: kBinaryEvent, the ingestion time (key_codec i64), the message. Data
// directories from before hold JSON ({"m": message, "i": ingestion, "s": sequence}).
constexpr char kBinaryEvent = '\x01';

// `key` is the event key after the stream's prefix: timestamp, sequence.
StoredLogEvent decode_event(std::string_view key, std::string_view value) {
  StoredLogEvent e;
  e.timestamp = storage::read_i64(key).value_or(0);
  e.sequence = storage::read_u64(key).value_or(0);
  if (!value.empty() && value.front() == kBinaryEvent) {
    value.remove_prefix(1);
    e.ingestion_time = storage::read_i64(value).value_or(0);
    e.message = std::string(value);
  } else {
    json v = json::parse(value, nullptr, false);
    if (v.is_object()) {
      e.message = v.value("m", "");
      e.ingestion_time = v.value("i", int64_t{0});
    }
  }
  return e;
}

}  // namespace

LogStore::LogStore(storage::Database& db)
    : db_(db),
      groups_(db.family("logs.groups")),
      streams_(db.family("logs.streams")),
      events_(db.family("logs.events")) {
  // Event keys end in a sequence number that only needs to grow across restarts.
  sequence_ = static_cast<uint64_t>(now_millis()) * 1000;
}

json LogStore::group_json(const Scope& scope, std::string_view group, int64_t created) const {
  const std::string base = "arn:aws:logs:" + scope.region + ":" + scope.account + ":log-group:" + std::string(group);
  return {{"logGroupName", group},
          {"creationTime", created},
          {"metricFilterCount", 0},
          {"arn", base + ":*"},
          {"logGroupArn", base},
          {"storedBytes", 0},
          {"logGroupClass", "STANDARD"}};
}

void LogStore::ensure(const Scope& scope, std::string_view group, std::string_view stream, int64_t now) {
  if (std::string gid = group_id(scope, group); !known_groups_.contains(gid)) {
    if (!db_.get(groups_, group_key(scope, group)))
      db_.put(groups_, group_key(scope, group), group_json(scope, group, now).dump());
    known_groups_.insert(std::move(gid));
  }
  std::string id = stream_id(scope, group, stream);
  if (!known_streams_.contains(id)) {
    if (!db_.get(streams_, stream_key(scope, group, stream))) {
      json s = {{"logStreamName", stream},
                {"creationTime", now},
                {"arn", "arn:aws:logs:" + scope.region + ":" + scope.account + ":log-group:" + std::string(group) +
                            ":log-stream:" + std::string(stream)},
                {"storedBytes", 0}};
      db_.put(streams_, stream_key(scope, group, stream), s.dump());
    }
    known_streams_.insert(std::move(id));
  }
}

void LogStore::append(std::string_view account, std::string_view region, std::string_view group,
                      std::string_view stream, std::vector<runtime::LogEvent> events) {
  append(Scope{std::string(account), std::string(region)}, group, stream, std::move(events));
}

void LogStore::append(const Scope& scope, std::string_view group, std::string_view stream,
                      std::vector<runtime::LogEvent> events) {
  if (events.empty()) return;
  const int64_t now = now_millis();
  std::lock_guard lock(mutex_);
  ensure(scope, group, stream, now);
  // Only the events are written: the stream's first/last timestamps, ingestion time and
  // sequence token are read from its first and last events (add_event_bounds), so an
  // invocation's log costs one small batch, whatever the stream holds.
  storage::WriteBatch batch;
  const std::string prefix = stream_key(scope, group, stream);
  std::string k, v;
  for (auto& e : events) {
    k = prefix;
    storage::append_i64(k, e.timestamp_ms);
    storage::append_u64(k, ++sequence_);
    v = kBinaryEvent;
    storage::append_i64(v, now);
    v += e.message;
    batch.put(events_, k, v);
  }
  db_.write(batch);
}

void LogStore::add_event_bounds(json& record, std::string_view prefix) const {
  storage::ReadOptions ro;
  ro.lower_bound = std::string(prefix);
  ro.upper_bound = storage::prefix_successor(prefix);
  auto it = db_.iterator(events_, ro);
  it->seek(prefix);
  if (!it->valid()) return;
  auto first = decode_event(it->key().substr(prefix.size()), it->value());
  it->seek_to_last();
  if (!it->valid()) return;
  auto last = decode_event(it->key().substr(prefix.size()), it->value());
  record["firstEventTimestamp"] = first.timestamp;
  record["lastEventTimestamp"] = last.timestamp;
  record["lastIngestionTime"] = last.ingestion_time;
  record["uploadSequenceToken"] = std::to_string(last.sequence);
}

bool LogStore::create_group(const Scope& scope, std::string_view group) {
  std::lock_guard lock(mutex_);
  if (db_.get(groups_, group_key(scope, group))) return false;
  db_.put(groups_, group_key(scope, group), group_json(scope, group, now_millis()).dump());
  known_groups_.insert(group_id(scope, group));
  return true;
}

bool LogStore::delete_group(const Scope& scope, std::string_view group) {
  std::lock_guard lock(mutex_);
  if (!db_.get(groups_, group_key(scope, group))) return false;
  storage::WriteBatch batch;
  batch.del(groups_, group_key(scope, group));
  const std::string prefix = group_key(scope, group);
  const std::string end = storage::prefix_successor(prefix);
  batch.del_range(streams_, prefix, end);
  batch.del_range(events_, prefix, end);
  db_.write(batch);
  const std::string gid = group_id(scope, group);
  known_groups_.erase(gid);
  std::erase_if(known_streams_, [&](const std::string& id) { return id.starts_with(gid + '\n'); });
  return true;
}

bool LogStore::create_stream(const Scope& scope, std::string_view group, std::string_view stream) {
  std::lock_guard lock(mutex_);
  if (db_.get(streams_, stream_key(scope, group, stream))) return false;
  ensure(scope, group, stream, now_millis());
  return true;
}

std::optional<json> LogStore::group(const Scope& scope, std::string_view group) const {
  auto v = db_.get(groups_, group_key(scope, group));
  if (!v) return std::nullopt;
  return json::parse(*v);
}

std::optional<json> LogStore::stream(const Scope& scope, std::string_view group, std::string_view stream) const {
  const std::string key = stream_key(scope, group, stream);
  auto v = db_.get(streams_, key);
  if (!v) return std::nullopt;
  json record = json::parse(*v);
  add_event_bounds(record, key);
  return record;
}

std::vector<json> LogStore::groups(const Scope& scope, std::string_view prefix) const {
  const std::string start = scope_key(scope);
  storage::ReadOptions ro;
  ro.lower_bound = start;
  ro.upper_bound = storage::prefix_successor(start);
  auto it = db_.iterator(groups_, ro);
  std::vector<json> out;
  for (it->seek(start); it->valid(); it->next()) {
    json g = json::parse(it->value());
    if (g.value("logGroupName", "").starts_with(prefix)) out.push_back(std::move(g));
  }
  return out;
}

std::vector<json> LogStore::streams(const Scope& scope, std::string_view group) const {
  const std::string prefix = group_key(scope, group);
  storage::ReadOptions ro;
  ro.lower_bound = prefix;
  ro.upper_bound = storage::prefix_successor(prefix);
  auto it = db_.iterator(streams_, ro);
  std::vector<json> out;
  for (it->seek(prefix); it->valid(); it->next()) {
    out.push_back(json::parse(it->value()));
    add_event_bounds(out.back(), it->key());
  }
  return out;
}

std::vector<StoredLogEvent> LogStore::events(const Scope& scope, std::string_view group, std::string_view stream,
                                             int64_t start, int64_t end) const {
  const std::string prefix = stream_key(scope, group, stream);
  std::string lower = prefix;
  storage::append_i64(lower, start);
  std::string upper = prefix;
  storage::append_i64(upper, end);
  storage::ReadOptions ro;
  ro.lower_bound = lower;
  ro.upper_bound = upper;
  auto it = db_.iterator(events_, ro);
  std::vector<StoredLogEvent> out;
  for (it->seek(lower); it->valid(); it->next()) {
    StoredLogEvent e = decode_event(it->key().substr(prefix.size()), it->value());
    e.stream = std::string(stream);
    out.push_back(std::move(e));
  }
  return out;
}

void LogStore::clear() {
  std::lock_guard lock(mutex_);
  for (auto* cf : {groups_, streams_, events_}) db_.clear(cf);
  known_groups_.clear();
  known_streams_.clear();
}

}  // namespace bunker::lambda
