#include "lambda/log_store.h"

#include "bunker/core/clock.h"
#include "bunker/storage/database.h"
#include "bunker/storage/key_codec.h"

namespace bunker::lambda {
using nlohmann::json;

namespace {

std::string group_key(std::string_view group) {
  std::string k;
  storage::append_string(k, group);
  return k;
}

std::string stream_key(std::string_view group, std::string_view stream) {
  std::string k = group_key(group);
  storage::append_string(k, stream);
  return k;
}

}  // namespace

LogStore::LogStore(storage::Database& db, std::string region, std::string account)
    : db_(db),
      groups_(db.family("logs.groups")),
      streams_(db.family("logs.streams")),
      events_(db.family("logs.events")),
      region_(std::move(region)),
      account_(std::move(account)) {
  // Event keys end in a sequence number that only needs to grow across restarts.
  sequence_ = static_cast<uint64_t>(now_millis()) * 1000;
}

json LogStore::group_json(std::string_view group, int64_t created) const {
  return {{"logGroupName", group},
          {"creationTime", created},
          {"metricFilterCount", 0},
          {"arn", "arn:aws:logs:" + region_ + ":" + account_ + ":log-group:" + std::string(group) + ":*"},
          {"logGroupArn", "arn:aws:logs:" + region_ + ":" + account_ + ":log-group:" + std::string(group)},
          {"storedBytes", 0},
          {"logGroupClass", "STANDARD"}};
}

void LogStore::ensure(std::string_view group, std::string_view stream, int64_t now) {
  if (!known_groups_.contains(group)) {
    if (!db_.get(groups_, group_key(group))) db_.put(groups_, group_key(group), group_json(group, now).dump());
    known_groups_.emplace(group);
  }
  std::string id = std::string(group) + '\n' + std::string(stream);
  if (!known_streams_.contains(id)) {
    if (!db_.get(streams_, stream_key(group, stream))) {
      json s = {{"logStreamName", stream},
                {"creationTime", now},
                {"arn", "arn:aws:logs:" + region_ + ":" + account_ + ":log-group:" + std::string(group) +
                            ":log-stream:" + std::string(stream)},
                {"storedBytes", 0}};
      db_.put(streams_, stream_key(group, stream), s.dump());
    }
    known_streams_.insert(std::move(id));
  }
}

void LogStore::append(std::string_view group, std::string_view stream, std::vector<runtime::LogEvent> events) {
  if (events.empty()) return;
  const int64_t now = now_millis();
  std::lock_guard lock(mutex_);
  ensure(group, stream, now);
  // The stream's record stays in memory once read: appends only write.
  const std::string id = std::string(group) + '\n' + std::string(stream);
  auto meta = stream_meta_.find(id);
  if (meta == stream_meta_.end()) {
    auto current = db_.get(streams_, stream_key(group, stream));
    meta = stream_meta_.emplace(id, current ? json::parse(*current) : json::object()).first;
  }
  json& s = meta->second;
  storage::WriteBatch batch;
  for (auto& e : events) {
    std::string k = stream_key(group, stream);
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
  batch.put(streams_, stream_key(group, stream), s.dump());
  db_.write(batch);
}

bool LogStore::create_group(std::string_view group) {
  std::lock_guard lock(mutex_);
  if (db_.get(groups_, group_key(group))) return false;
  db_.put(groups_, group_key(group), group_json(group, now_millis()).dump());
  known_groups_.emplace(group);
  return true;
}

bool LogStore::delete_group(std::string_view group) {
  std::lock_guard lock(mutex_);
  if (!db_.get(groups_, group_key(group))) return false;
  storage::WriteBatch batch;
  batch.del(groups_, group_key(group));
  const std::string prefix = group_key(group);
  const std::string end = storage::prefix_successor(prefix);
  batch.del_range(streams_, prefix, end);
  batch.del_range(events_, prefix, end);
  db_.write(batch);
  known_groups_.erase(std::string(group));
  std::erase_if(known_streams_, [&](const std::string& id) { return id.starts_with(std::string(group) + '\n'); });
  std::erase_if(stream_meta_, [&](const auto& kv) { return kv.first.starts_with(std::string(group) + '\n'); });
  return true;
}

bool LogStore::create_stream(std::string_view group, std::string_view stream) {
  std::lock_guard lock(mutex_);
  if (db_.get(streams_, stream_key(group, stream))) return false;
  ensure(group, stream, now_millis());
  return true;
}

std::optional<json> LogStore::group(std::string_view group) const {
  auto v = db_.get(groups_, group_key(group));
  if (!v) return std::nullopt;
  return json::parse(*v);
}

std::optional<json> LogStore::stream(std::string_view group, std::string_view stream) const {
  auto v = db_.get(streams_, stream_key(group, stream));
  if (!v) return std::nullopt;
  return json::parse(*v);
}

std::vector<json> LogStore::groups(std::string_view prefix) const {
  std::vector<json> out;
  auto it = db_.iterator(groups_);
  for (it->seek_to_first(); it->valid(); it->next()) {
    json g = json::parse(it->value());
    if (g.value("logGroupName", "").starts_with(prefix)) out.push_back(std::move(g));
  }
  return out;
}

std::vector<json> LogStore::streams(std::string_view group) const {
  const std::string prefix = group_key(group);
  storage::ReadOptions ro;
  ro.lower_bound = prefix;
  ro.upper_bound = storage::prefix_successor(prefix);
  auto it = db_.iterator(streams_, ro);
  std::vector<json> out;
  for (it->seek(prefix); it->valid(); it->next()) out.push_back(json::parse(it->value()));
  return out;
}

std::vector<StoredLogEvent> LogStore::events(std::string_view group, std::string_view stream, int64_t start,
                                             int64_t end) const {
  const std::string prefix = stream_key(group, stream);
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
