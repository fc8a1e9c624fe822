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
  // The stream's record stays in memory once read: appends only write.
  const std::string id = stream_id(scope, group, stream);
  auto meta = stream_meta_.find(id);
  if (meta == stream_meta_.end()) {
    auto current = db_.get(streams_, stream_key(scope, group, stream));
    meta = stream_meta_.emplace(id, current ? json::parse(*current) : json::object()).first;
  }
  json& s = meta->second;
  storage::WriteBatch batch;
  const std::string prefix = stream_key(scope, group, stream);
  for (auto& e : events) {
    std::string k = prefix;
    storage::append_i64(k, e.timestamp_ms);
    const uint64_t seq = ++sequence_;
    storage::append_u64(k, seq);
    batch.put(events_, k, json{{"m", std::move(e.message)}, {"i", now}, {"s", seq}}.dump());
    if (!s.contains("firstEventTimestamp") || s["firstEventTimestamp"].get<int64_t>() > e.timestamp_ms)
      s["firstEventTimestamp"] = e.timestamp_ms;
    if (!s.contains("lastEventTimestamp") || s["lastEventTimestamp"].get<int64_t>() < e.timestamp_ms)
      s["lastEventTimestamp"] = e.timestamp_ms;
  }
  s["lastIngestionTime"] = now;
  s["uploadSequenceToken"] = std::to_string(sequence_);
  batch.put(streams_, prefix, s.dump());
  db_.write(batch);
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
  std::erase_if(stream_meta_, [&](const auto& kv) { return kv.first.starts_with(gid + '\n'); });
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
  auto v = db_.get(streams_, stream_key(scope, group, stream));
  if (!v) return std::nullopt;
  return json::parse(*v);
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
  for (it->seek(prefix); it->valid(); it->next()) out.push_back(json::parse(it->value()));
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
    std::string_view k = it->key();
    k.remove_prefix(prefix.size());
    StoredLogEvent e;
    e.stream = std::string(stream);
    e.timestamp = storage::read_i64(k).value_or(0);
    json v = json::parse(it->value());
    e.message = v.value("m", "");
    e.ingestion_time = v.value("i", int64_t{0});
    e.sequence = v.value("s", uint64_t{0});
    out.push_back(std::move(e));
  }
  return out;
}

void LogStore::clear() {
  std::lock_guard lock(mutex_);
  for (auto* cf : {groups_, streams_, events_}) db_.clear(cf);
  known_groups_.clear();
  known_streams_.clear();
  stream_meta_.clear();
}

}  // namespace bunker::lambda
