#include "s3/object_store.h"

#include <functional>
#include <set>

#include "bunker/storage/key_codec.h"

namespace bunker::s3 {
namespace {

std::string bucket_prefix(std::string_view bucket) {
  std::string p;
  storage::append_string(p, bucket);
  return p;
}

void discard_replaced(DataStore& data, storage::WriteBatch& batch, const ObjectRecord& old, const ObjectRecord* now) {
  std::set<uint64_t> kept;
  if (now)
    for (const auto& s : now->segments) kept.insert(s.data_id);
  for (const auto& s : old.segments)
    if (s.data_id && !kept.contains(s.data_id)) data.discard(batch, s.data_id, s.size);
}

}  // namespace

ObjectStore::ObjectStore(storage::Database& db, DataStore& data)
    : db_(db), data_(data), cf_(db.family("s3.objects", storage::FamilyOptions{.point_lookups = true})) {}

std::string ObjectStore::record_key(std::string_view bucket, std::string_view key) const {
  std::string k = bucket_prefix(bucket);
  k.append(key);
  return k;
}

size_t ObjectStore::bucket_prefix_size(std::string_view bucket) { return bucket_prefix(bucket).size(); }

std::string_view ObjectStore::object_key(std::string_view record_key, size_t prefix_size) {
  return record_key.substr(prefix_size);
}

std::mutex& ObjectStore::lock_for(std::string_view bucket, std::string_view key) {
  size_t h = std::hash<std::string_view>{}(bucket) * 31 + std::hash<std::string_view>{}(key);
  return locks_[h % locks_.size()];
}

std::optional<ObjectRecord> ObjectStore::get(std::string_view bucket, std::string_view key,
                                             const storage::Snapshot* snap) const {
  std::string value;
  if (!db_.get(cf_, record_key(bucket, key), &value, snap)) return std::nullopt;
  return decode_object(value);
}

void ObjectStore::put(std::string_view bucket, std::string_view key, const ObjectRecord& record,
                      storage::WriteBatch& batch) {
  std::lock_guard lock(lock_for(bucket, key));
  const std::string rk = record_key(bucket, key);
  std::string old_value;
  if (db_.get(cf_, rk, &old_value)) {
    if (auto old = decode_object(old_value)) discard_replaced(data_, batch, *old, &record);
  }
  batch.put(cf_, rk, encode(record));
  db_.write(batch);
}

bool ObjectStore::update(std::string_view bucket, std::string_view key,
                         const std::function<void(ObjectRecord&)>& change) {
  std::lock_guard lock(lock_for(bucket, key));
  const std::string rk = record_key(bucket, key);
  std::string value;
  if (!db_.get(cf_, rk, &value)) return false;
  auto rec = decode_object(value);
  if (!rec) return false;
  change(*rec);
  db_.put(cf_, rk, encode(*rec));
  return true;
}

bool ObjectStore::remove(std::string_view bucket, std::string_view key) {
  std::lock_guard lock(lock_for(bucket, key));
  const std::string rk = record_key(bucket, key);
  std::string value;
  if (!db_.get(cf_, rk, &value)) return false;
  storage::WriteBatch batch;
  if (auto old = decode_object(value)) discard_replaced(data_, batch, *old, nullptr);
  batch.del(cf_, rk);
  db_.write(batch);
  return true;
}

bool ObjectStore::remove_if(std::string_view bucket, std::string_view key,
                            const std::function<bool(const ObjectRecord&)>& still) {
  std::lock_guard lock(lock_for(bucket, key));
  const std::string rk = record_key(bucket, key);
  std::string value;
  if (!db_.get(cf_, rk, &value)) return false;
  auto old = decode_object(value);
  if (!old || !still(*old)) return false;
  storage::WriteBatch batch;
  discard_replaced(data_, batch, *old, nullptr);
  batch.del(cf_, rk);
  db_.write(batch);
  return true;
}

std::unique_ptr<storage::Iterator> ObjectStore::iterator(std::string_view bucket, const storage::Snapshot* snap) const {
  auto ro = storage::ReadOptions::prefixed(bucket_prefix(bucket));
  ro.snapshot = snap;
  return db_.iterator(cf_, ro);
}

bool ObjectStore::bucket_empty(std::string_view bucket) const {
  auto it = iterator(bucket);
  it->seek_to_first();
  bool empty = !it->valid();
  it->check();
  return empty;
}

ReadView ObjectStore::read_view() const {
  ReadView v;
  v.db = &db_;
  v.snapshot = std::shared_ptr<storage::Snapshot>(db_.snapshot().release());
  return v;
}

void ObjectStore::reset() { db_.clear(cf_); }

}  // namespace bunker::s3
