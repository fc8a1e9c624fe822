#include "lambda/log_store.h"

#include <spdlog/spdlog.h>

#include "bunker/core/clock.h"
#include "bunker/storage/database.h"
#include "bunker/storage/key_codec.h"

#include <algorithm>
#include <limits>

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

// An event's value: kBinaryEvent, the ingestion time (key_codec i64), the message. Data
// directories from before hold JSON ({"m": message, "i": ingestion, "s": sequence}).
constexpr char kBinaryEvent = '\x01';
// Several events of one stream in one record (an invocation's START … REPORT lines, or
// the appends of a few milliseconds): one key in the memtable and the WAL instead of one
// per line. kPackedEvents, then per event its timestamp (i64), sequence number (u64),
// ingestion time (i64), message length (u32) and message. The key holds the timestamp and
// sequence number of the record's first event in (timestamp, sequence) order, so records
// sort as their first events would, and keys stay unique.
constexpr char kPackedEvents = '\x02';
// Events are packed only when their timestamps lie within this span, so that a reader
// looking for events from `start` on finds every record that may hold one by starting
// this much earlier.
constexpr int64_t kPackedSpanMs = 20 * 60 * 1000;
// A record holds at most this many events / message bytes (a function that prints a lot).
constexpr size_t kPackedMaxEvents = 512;
constexpr size_t kPackedMaxBytes = 256 * 1024;
// Pending appends are written at once beyond these (a burst of output need not wait).
constexpr size_t kPendingMaxAppends = 1024;
constexpr size_t kPendingMaxBytes = 1 << 20;

// Appends the events of the record at `key` (after the stream's prefix: timestamp,
// sequence) to `out`, in the order they were appended.
void decode_record(std::string_view key, std::string_view value, std::vector<StoredLogEvent>& out) {
  if (!value.empty() && value.front() == kPackedEvents) {
    value.remove_prefix(1);
    while (!value.empty()) {
      auto timestamp = storage::read_i64(value);
      auto event_sequence = storage::read_u64(value);
      auto ingestion = storage::read_i64(value);
      auto length = storage::read_u32(value);
      if (!timestamp || !event_sequence || !ingestion || !length || *length > value.size()) break;
      StoredLogEvent& e = out.emplace_back();
      e.timestamp = *timestamp;
      e.sequence = *event_sequence;
      e.ingestion_time = *ingestion;
      e.message = std::string(value.substr(0, *length));
      value.remove_prefix(*length);
    }
    return;
  }
  StoredLogEvent& e = out.emplace_back();
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
}

// Key order of events: timestamp, then sequence.
bool event_before(const StoredLogEvent& a, const StoredLogEvent& b) {
  return a.timestamp != b.timestamp ? a.timestamp < b.timestamp : a.sequence < b.sequence;
}

int64_t earlier_by_span(int64_t t) {
  return t < std::numeric_limits<int64_t>::min() + kPackedSpanMs ? std::numeric_limits<int64_t>::min()
                                                                  : t - kPackedSpanMs;
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

LogStore::LogStore(storage::Database& db, boost::asio::any_io_executor executor, std::chrono::milliseconds delay)
    : LogStore(db) {
  timer_.emplace(std::move(executor));
  delay_ = delay;
}

LogStore::~LogStore() {
  // The server stops its I/O threads before services go: no timer handler runs now.
  std::lock_guard lock(mutex_);
  try {
    write_pending();
  } catch (const std::exception& e) {
    spdlog::error("lambda: functions' logs not written at shutdown: {}", e.what());
  }
}

void LogStore::flush() {
  std::lock_guard lock(mutex_);
  write_pending();
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
  // The names are looked up through one reused buffer: this runs on every invocation.
  std::string& id = id_buffer_;
  id.clear();
  (((((id += scope.account) += '\n') += scope.region) += '\n') += group);
  if (!known_groups_.contains(id)) {
    if (!db_.get(groups_, group_key(scope, group)))
      db_.put(groups_, group_key(scope, group), group_json(scope, group, now).dump());
    known_groups_.insert(id);
  }
  (id += '\n') += stream;
  if (!known_streams_.contains(id)) {
    if (!db_.get(streams_, stream_key(scope, group, stream))) {
      json s = {{"logStreamName", stream},
                {"creationTime", now},
                {"arn", "arn:aws:logs:" + scope.region + ":" + scope.account + ":log-group:" + std::string(group) +
                            ":log-stream:" + std::string(stream)},
                {"storedBytes", 0}};
      db_.put(streams_, stream_key(scope, group, stream), s.dump());
    }
    known_streams_.insert(id);
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
  // invocation's log costs a part of one small batch, whatever the stream holds.
  size_t bytes = 0;
  for (const auto& e : events) bytes += e.message.size() + 32;
  pending_.push_back({stream_key(scope, group, stream), now, sequence_ + 1, std::move(events)});
  sequence_ += pending_.back().events.size();
  pending_bytes_ += bytes;
  if (!timer_ || pending_.size() >= kPendingMaxAppends || pending_bytes_ >= kPendingMaxBytes) write_pending();
  else schedule_write();
}

void LogStore::schedule_write() {
  if (timer_armed_) return;
  timer_armed_ = true;
  timer_->expires_after(delay_);
  timer_->async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    std::lock_guard lock(mutex_);
    timer_armed_ = false;
    try {
      write_pending();
    } catch (const std::exception& e) {
      spdlog::error("lambda: functions' logs not written: {}", e.what());
    }
  });
}

void LogStore::write_pending() const {
  if (pending_.empty()) return;
  // One event of a record to be, in append order.
  struct Entry {
    const runtime::LogEvent* event;
    uint64_t sequence;
    int64_t ingestion_time;
  };
  auto before = [](const Entry& a, const Entry& b) {
    return a.event->timestamp_ms != b.event->timestamp_ms ? a.event->timestamp_ms < b.event->timestamp_ms
                                                          : a.sequence < b.sequence;
  };
  storage::WriteBatch batch;
  std::vector<bool> done(pending_.size());
  std::vector<Entry> entries;
  std::string k, v;
  for (size_t first = 0; first < pending_.size(); ++first) {
    if (done[first]) continue;
    // Every pending event of this stream, in the order appended.
    const std::string& prefix = pending_[first].prefix;
    entries.clear();
    for (size_t i = first; i < pending_.size(); ++i) {
      if (done[i] || pending_[i].prefix != prefix) continue;
      done[i] = true;
      for (size_t j = 0; j < pending_[i].events.size(); ++j)
        entries.push_back({&pending_[i].events[j], pending_[i].sequence + j, pending_[i].ingestion_time});
    }
    for (size_t begin = 0; begin < entries.size();) {
      // The longest run from `begin` that one record may hold.
      int64_t low = entries[begin].event->timestamp_ms, high = low;
      size_t end = begin + 1, bytes = entries[begin].event->message.size();
      for (; end < entries.size() && end - begin < kPackedMaxEvents; ++end) {
        const runtime::LogEvent& e = *entries[end].event;
        const int64_t lo = std::min(low, e.timestamp_ms), hi = std::max(high, e.timestamp_ms);
        if (hi - lo > kPackedSpanMs || bytes + e.message.size() > kPackedMaxBytes) break;
        low = lo, high = hi, bytes += e.message.size();
      }
      const Entry& lead = *std::min_element(entries.begin() + begin, entries.begin() + end, before);
      k = prefix;
      storage::append_i64(k, lead.event->timestamp_ms);
      storage::append_u64(k, lead.sequence);
      v.clear();
      if (end - begin == 1) {
        v = kBinaryEvent;
        storage::append_i64(v, lead.ingestion_time);
        v += lead.event->message;
      } else {
        v.reserve(1 + bytes + 28 * (end - begin));
        v = kPackedEvents;
        for (size_t i = begin; i < end; ++i) {
          storage::append_i64(v, entries[i].event->timestamp_ms);
          storage::append_u64(v, entries[i].sequence);
          storage::append_i64(v, entries[i].ingestion_time);
          storage::append_u32(v, static_cast<uint32_t>(entries[i].event->message.size()));
          v += entries[i].event->message;
        }
      }
      batch.put(events_, k, v);
      begin = end;
    }
  }
  pending_.clear();
  pending_bytes_ = 0;
  db_.write(batch);
}

void LogStore::add_event_bounds(json& record, std::string_view prefix) const {
  auto ro = storage::ReadOptions::prefixed(prefix);
  auto it = db_.iterator(events_, ro);
  it->seek(prefix);
  if (!it->valid()) return;
  // The first record holds the first event: its key has the smallest timestamp of all,
  // and its sequence numbers come before those of any other record with that timestamp.
  std::vector<StoredLogEvent> found;
  decode_record(it->key().substr(prefix.size()), it->value(), found);
  if (found.empty()) return;
  const StoredLogEvent first = *std::min_element(found.begin(), found.end(), event_before);
  // The last event is in one of the last records whose smallest timestamp lies within a
  // packed record's span of the latest timestamp seen.
  found.clear();
  std::optional<StoredLogEvent> last;
  for (it->seek_to_last(); it->valid(); it->prev()) {
    std::string_view key = it->key().substr(prefix.size());
    std::string_view key_time = key;
    const int64_t record_time = storage::read_i64(key_time).value_or(0);
    if (last && record_time < earlier_by_span(last->timestamp)) break;
    decode_record(key, it->value(), found);
    for (auto& e : found)
      if (!last || event_before(*last, e)) last = std::move(e);
    found.clear();
  }
  if (!last) return;
  record["firstEventTimestamp"] = first.timestamp;
  record["lastEventTimestamp"] = last->timestamp;
  record["lastIngestionTime"] = last->ingestion_time;
  record["uploadSequenceToken"] = std::to_string(last->sequence);
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
  write_pending();  // so that the deletion covers them
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

bool LogStore::update_group(const Scope& scope, std::string_view group, const std::function<void(json&)>& change) {
  std::lock_guard lock(mutex_);
  const std::string key = group_key(scope, group);
  auto v = db_.get(groups_, key);
  if (!v) return false;
  json record = json::parse(*v);
  change(record);
  db_.put(groups_, key, record.dump());
  return true;
}

void LogStore::expire_events(const Scope& scope, std::string_view group, int64_t before) {
  std::lock_guard lock(mutex_);
  write_pending();
  const std::string prefix = group_key(scope, group);
  auto ro = storage::ReadOptions::prefixed(prefix);
  auto it = db_.iterator(streams_, ro);
  storage::WriteBatch batch;
  std::string end;
  for (it->seek(prefix); it->valid(); it->next()) {
    // A record's key holds its first event's time; the others lie within its span after.
    end = std::string(it->key());
    storage::append_i64(end, earlier_by_span(before));
    batch.del_range(events_, it->key(), end);
  }
  db_.write(batch);
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
  {
    std::lock_guard lock(mutex_);
    write_pending();
  }
  const std::string key = stream_key(scope, group, stream);
  auto v = db_.get(streams_, key);
  if (!v) return std::nullopt;
  json record = json::parse(*v);
  add_event_bounds(record, key);
  return record;
}

std::vector<json> LogStore::groups(const Scope& scope, std::string_view prefix) const {
  const std::string start = scope_key(scope);
  auto ro = storage::ReadOptions::prefixed(start);
  auto it = db_.iterator(groups_, ro);
  std::vector<json> out;
  for (it->seek(start); it->valid(); it->next()) {
    json g = json::parse(it->value());
    if (g.value("logGroupName", "").starts_with(prefix)) out.push_back(std::move(g));
  }
  return out;
}

std::vector<json> LogStore::streams(const Scope& scope, std::string_view group) const {
  {
    std::lock_guard lock(mutex_);
    write_pending();
  }
  const std::string prefix = group_key(scope, group);
  auto ro = storage::ReadOptions::prefixed(prefix);
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
  {
    std::lock_guard lock(mutex_);
    write_pending();
  }
  const std::string prefix = stream_key(scope, group, stream);
  // A packed record is found by its smallest timestamp, which may lie up to its span
  // before `start`; its events outside [start, end) are dropped.
  std::string lower = prefix;
  storage::append_i64(lower, earlier_by_span(start));
  std::string upper = prefix;
  storage::append_i64(upper, end);
  storage::ReadOptions ro;
  ro.lower_bound = lower;
  ro.upper_bound = upper;
  auto it = db_.iterator(events_, ro);
  std::vector<StoredLogEvent> out, record;
  bool packed = false;
  for (it->seek(lower); it->valid(); it->next()) {
    record.clear();
    decode_record(it->key().substr(prefix.size()), it->value(), record);
    packed |= record.size() > 1;
    for (auto& e : record)
      if (e.timestamp >= start && e.timestamp < end) out.push_back(std::move(e));
  }
  // Events in key order (timestamp, sequence), as when each had its own key.
  if (packed) std::stable_sort(out.begin(), out.end(), event_before);
  for (auto& e : out) e.stream = std::string(stream);
  return out;
}

void LogStore::clear() {
  std::lock_guard lock(mutex_);
  pending_.clear();
  pending_bytes_ = 0;
  for (auto* cf : {groups_, streams_, events_}) db_.clear(cf);
  known_groups_.clear();
  known_streams_.clear();
}

}  // namespace bunker::lambda
