#include "dynamodb/stream_store.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "bunker/core/ids.h"
#include "bunker/storage/key_codec.h"
#include "dynamodb/stream_record.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;
constexpr const char* kNextIdKey = "~next-stream-id";

std::string id_key(uint64_t id) {
  std::string k;
  storage::append_u64(k, id);
  return k;
}

json key_element_json(const KeyElement& k) { return {{"name", k.name}, {"type", std::string(type_name(k.type))}}; }

KeyElement key_element_from(const json& j) {
  std::string t = j.at("type");
  return {j.at("name").get<std::string>(), t == "N" ? Type::N : t == "B" ? Type::B : Type::S};
}

}  // namespace

std::string StreamInfo::table_arn() const { return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table_name; }

json StreamInfo::to_storage() const {
  json j = {{"id", id},           {"account", account},       {"region", region},
            {"table", table_name}, {"label", label},           {"view", view_type},
            {"table_id", table_id}, {"hash", key_element_json(hash)}, {"created", created},
            {"enabled", enabled},  {"disabled_at", disabled_at}, {"shard", shard_id},
            {"first", first_sequence}, {"ending", ending_sequence}, {"trimmed", trimmed_through}};
  if (range) j["range"] = key_element_json(*range);
  return j;
}

StreamInfo StreamInfo::from_storage(const json& j) {
  StreamInfo s;
  s.id = j.at("id");
  s.account = j.at("account");
  s.region = j.at("region");
  s.table_name = j.at("table");
  s.label = j.at("label");
  s.view_type = j.at("view");
  s.table_id = j.at("table_id");
  s.hash = key_element_from(j.at("hash"));
  if (j.contains("range")) s.range = key_element_from(j["range"]);
  s.created = j.at("created");
  s.enabled = j.at("enabled");
  s.disabled_at = j.at("disabled_at");
  s.shard_id = j.at("shard");
  s.first_sequence = j.at("first");
  s.ending_sequence = j.at("ending");
  s.trimmed_through = j.at("trimmed");
  return s;
}

std::string StreamStore::format_sequence(uint64_t sequence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%021" PRIu64, sequence);
  return buf;
}

std::optional<uint64_t> StreamStore::parse_sequence(std::string_view text) {
  if (text.size() < 21 || text.size() > 40) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

std::string StreamStore::record_key(uint64_t id, uint64_t sequence) {
  std::string k = id_key(id);
  storage::append_u64(k, sequence);
  return k;
}

StreamStore::StreamStore(storage::Database& db)
    : db_(db), meta_(db.family("dynamodb.streams")), records_(db.family("dynamodb.stream_records")) {
  if (auto v = db_.get(meta_, kNextIdKey)) next_id_ = std::stoull(*v);
  uint64_t next_sequence = 1;
  auto it = db_.iterator(meta_);
  for (it->seek_to_first(); it->valid(); it->next()) {
    if (it->key() == kNextIdKey) continue;
    auto st = std::make_shared<State>();
    st->info = StreamInfo::from_storage(json::parse(it->value()));
    next_sequence = std::max({next_sequence, st->info.first_sequence, st->info.ending_sequence + 1});
    // The last record of the stream gives the sequence numbers already used.
    storage::ReadOptions ro;
    ro.lower_bound = id_key(st->info.id);
    ro.upper_bound = storage::prefix_successor(*ro.lower_bound);
    auto rit = db_.iterator(records_, ro);
    rit->seek_to_last();
    if (rit->valid()) {
      std::string_view k = rit->key();
      k.remove_prefix(8);
      st->last_written = storage::read_u64(k).value_or(0);
      next_sequence = std::max(next_sequence, st->last_written + 1);
    }
    rit->check();
    streams_.emplace(st->info.id, std::move(st));
  }
  it->check();
  next_sequence_ = next_sequence;
}

void StreamStore::persist(const StreamInfo& info) { db_.put(meta_, id_key(info.id), info.to_storage().dump()); }

StreamInfo StreamStore::open(const TableDefinition& def, const std::string& view_type, const std::string& label,
                             double now) {
  auto st = std::make_shared<State>();
  StreamInfo& s = st->info;
  {
    std::lock_guard lock(mutex_);
    s.id = next_id_++;
    db_.put(meta_, kNextIdKey, std::to_string(next_id_));
  }
  s.account = def.account;
  s.region = def.region;
  s.table_name = def.name;
  s.table_id = def.id;
  s.label = label;
  s.view_type = view_type;
  s.hash = def.hash;
  s.range = def.range;
  s.created = now;
  char shard[64];
  std::snprintf(shard, sizeof shard, "shardId-%020" PRId64 "-%s", static_cast<int64_t>(now * 1000),
                random_hex(8, false).c_str());
  s.shard_id = shard;
  s.first_sequence = next_sequence_.load();
  persist(s);
  StreamInfo copy = s;
  std::lock_guard lock(mutex_);
  streams_.emplace(copy.id, std::move(st));
  return copy;
}

std::shared_ptr<StreamStore::State> StreamStore::state(uint64_t id) const {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : it->second;
}

void StreamStore::close(uint64_t id, double now) {
  auto st = state(id);
  if (!st) return;
  std::lock_guard lock(st->commit);
  if (!st->info.enabled) return;
  st->info.enabled = false;
  st->info.disabled_at = now;
  st->info.ending_sequence = st->last_written;
  persist(st->info);
}

std::optional<StreamInfo> StreamStore::find(uint64_t id) const {
  auto st = state(id);
  if (!st) return std::nullopt;
  std::lock_guard lock(st->commit);
  return st->info;
}

std::optional<StreamInfo> StreamStore::find_by_arn(std::string_view arn) const {
  std::vector<std::shared_ptr<State>> all;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, st] : streams_) all.push_back(st);
  }
  for (const auto& st : all) {
    std::lock_guard lock(st->commit);
    if (st->info.arn() == arn) return st->info;
  }
  return std::nullopt;
}

std::vector<StreamInfo> StreamStore::list(const std::string& account, const std::string& region) const {
  std::vector<std::shared_ptr<State>> all;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, st] : streams_) all.push_back(st);
  }
  std::vector<StreamInfo> out;
  for (const auto& st : all) {
    std::lock_guard lock(st->commit);
    if (st->info.account == account && st->info.region == region) out.push_back(st->info);
  }
  std::sort(out.begin(), out.end(), [](const StreamInfo& a, const StreamInfo& b) { return a.arn() < b.arn(); });
  return out;
}

StreamStore::Commit StreamStore::begin_commit(std::vector<uint64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  Commit c(*this);
  for (uint64_t id : ids) {
    auto st = state(id);
    if (!st) continue;
    c.locks_.emplace_back(st->commit);
    c.states_.push_back(std::move(st));
  }
  return c;
}

bool StreamStore::Commit::stage(storage::WriteBatch& batch, uint64_t id, const StreamChange& change, int64_t now_ms) {
  for (auto& st : states_) {
    if (st->info.id != id) continue;
    if (!st->info.enabled) return false;
    uint64_t sequence = store_->next_sequence_.fetch_add(1);
    json record = make_stream_record({*change.before, *change.after, change.keys, st->info.view_type, st->info.region,
                                      format_sequence(sequence), now_ms, change.by_ttl});
    batch.put(store_->records_, record_key(id, sequence), json{{"t", now_ms}, {"r", std::move(record)}}.dump());
    st->staged = sequence;
    return true;
  }
  return false;
}

void StreamStore::Commit::committed() {
  for (auto& st : states_)
    if (st->staged > st->last_written) st->last_written = st->staged;
  locks_.clear();
}

uint64_t StreamStore::last_sequence(uint64_t id) const {
  auto st = state(id);
  if (!st) return 0;
  std::lock_guard lock(st->commit);
  return st->last_written;
}

std::vector<StoredRecord> StreamStore::read(uint64_t id, uint64_t from, std::size_t limit, std::size_t max_bytes) const {
  storage::ReadOptions ro;
  ro.lower_bound = record_key(id, from);
  ro.upper_bound = storage::prefix_successor(id_key(id));
  auto it = db_.iterator(records_, ro);
  std::vector<StoredRecord> out;
  std::size_t bytes = 0;
  for (it->seek_to_first(); it->valid() && out.size() < limit && bytes < max_bytes; it->next()) {
    std::string_view k = it->key();
    k.remove_prefix(8);
    json stored = json::parse(it->value());
    bytes += it->value().size();
    out.push_back({storage::read_u64(k).value_or(0), stored.at("t").get<int64_t>(), std::move(stored.at("r"))});
  }
  it->check();
  return out;
}

void StreamStore::trim(int64_t now_ms) {
  int64_t cutoff = now_ms - kRetentionMs;
  std::vector<std::shared_ptr<State>> all;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, st] : streams_) all.push_back(st);
  }
  for (const auto& st : all) {
    uint64_t id;
    bool drop_stream;
    {
      std::lock_guard lock(st->commit);
      id = st->info.id;
      drop_stream = !st->info.enabled && st->info.disabled_at * 1000 < static_cast<double>(cutoff);
    }
    if (drop_stream) {
      storage::WriteBatch batch;
      std::string base = id_key(id);
      batch.del_range(records_, base, storage::prefix_successor(base));
      batch.del(meta_, base);
      db_.write(batch);
      std::lock_guard lock(mutex_);
      streams_.erase(id);
      continue;
    }
    // Records are in sequence order and so, nearly, in time order: trim from the front.
    auto old = read(id, 0, 1000, SIZE_MAX);
    uint64_t last_trimmed = 0;
    for (const auto& r : old) {
      if (r.created_ms >= cutoff) break;
      last_trimmed = r.sequence;
    }
    if (!last_trimmed) continue;
    storage::WriteBatch batch;
    batch.del_range(records_, record_key(id, 0), record_key(id, last_trimmed + 1));
    db_.write(batch);
    std::lock_guard lock(st->commit);
    st->info.trimmed_through = last_trimmed;
    persist(st->info);
  }
}

void StreamStore::reset() {
  std::lock_guard lock(mutex_);
  streams_.clear();
  db_.clear(meta_);
  db_.clear(records_);
  next_id_ = 1;
}

}  // namespace bunker::dynamodb
