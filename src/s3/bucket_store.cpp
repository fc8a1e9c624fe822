#include "s3/bucket_store.h"

#include <spdlog/spdlog.h>

#include <mutex>

#include "s3/errors.h"

namespace bunker::s3 {

BucketStore::BucketStore(storage::Database& db) : db_(db), cf_(db.family("s3.buckets")) {
  auto it = db_.iterator(cf_);
  for (it->seek_to_first(); it->valid(); it->next()) {
    auto b = decode_bucket(it->value());
    if (!b) {
      spdlog::warn("s3: skipping unreadable bucket record {}", it->key());
      continue;
    }
    std::string name = b->name;
    buckets_.emplace(std::move(name), std::make_shared<const BucketRecord>(std::move(*b)));
  }
  it->check();
}

BucketPtr BucketStore::find(std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto it = buckets_.find(name);
  return it == buckets_.end() ? nullptr : it->second;
}

BucketPtr BucketStore::get(std::string_view name) const {
  auto b = find(name);
  if (!b) throw no_such_bucket(name);
  return b;
}

BucketPtr BucketStore::create(BucketRecord record, bool* created) {
  std::unique_lock lock(mutex_);
  auto it = buckets_.find(record.name);
  if (it != buckets_.end()) {
    *created = false;
    return it->second;
  }
  db_.put(cf_, record.name, encode(record));
  auto ptr = std::make_shared<const BucketRecord>(std::move(record));
  buckets_.emplace(ptr->name, ptr);
  *created = true;
  return ptr;
}

void BucketStore::update(std::string_view name, const std::function<void(BucketRecord&)>& change) {
  std::unique_lock lock(mutex_);
  auto it = buckets_.find(name);
  if (it == buckets_.end()) throw no_such_bucket(name);
  BucketRecord copy = *it->second;
  change(copy);
  db_.put(cf_, copy.name, encode(copy));
  it->second = std::make_shared<const BucketRecord>(std::move(copy));
}

void BucketStore::remove(std::string_view name) {
  std::unique_lock lock(mutex_);
  auto it = buckets_.find(name);
  if (it == buckets_.end()) return;
  db_.del(cf_, name);
  buckets_.erase(it);
}

std::vector<BucketPtr> BucketStore::list() const {
  std::shared_lock lock(mutex_);
  std::vector<BucketPtr> out;
  out.reserve(buckets_.size());
  for (const auto& [name, b] : buckets_) out.push_back(b);
  return out;
}

void BucketStore::reset() {
  std::unique_lock lock(mutex_);
  db_.clear(cf_);
  buckets_.clear();
}

}  // namespace bunker::s3
