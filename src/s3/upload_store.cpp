#include "s3/upload_store.h"

#include <algorithm>
#include <atomic>

#include "bunker/core/clock.h"
#include "bunker/core/ids.h"
#include "bunker/storage/key_codec.h"

namespace bunker::s3 {
namespace {

std::string part_key(std::string_view upload_id, uint32_t number) {
  std::string k;
  storage::append_string(k, upload_id);
  storage::append_u32(k, number);
  return k;
}

std::string parts_prefix(std::string_view upload_id) {
  std::string k;
  storage::append_string(k, upload_id);
  return k;
}

}  // namespace

UploadStore::UploadStore(storage::Database& db, DataStore& data)
    : db_(db), data_(data), uploads_(db.family("s3.uploads")), parts_(db.family("s3.parts")) {}

std::string UploadStore::new_upload_id() {
  // Time first (hex millis), so one key's uploads list in initiation order; then randomness.
  // Two uploads started in the same millisecond take successive stamps, so that order
  // holds for them too.
  static std::atomic<int64_t> last{0};
  int64_t stamp = now_millis();
  int64_t prev = last.load();
  while (!last.compare_exchange_weak(prev, std::max(stamp, prev + 1))) {
  }
  stamp = std::max(stamp, prev + 1);
  char head[17];
  std::snprintf(head, sizeof head, "%016llx", static_cast<unsigned long long>(stamp));
  return std::string(head + 4) + random_alnum(52, false);
}

std::string UploadStore::upload_key(std::string_view bucket, std::string_view key, std::string_view upload_id) const {
  std::string k;
  storage::append_string(k, bucket);
  storage::append_string(k, key);
  k.append(upload_id);
  return k;
}

std::mutex& UploadStore::lock_for(std::string_view upload_id) {
  return locks_[std::hash<std::string_view>{}(upload_id) % locks_.size()];
}

void UploadStore::create(const UploadRecord& upload) {
  db_.put(uploads_, upload_key(upload.bucket, upload.key, upload.upload_id), encode(upload));
}

std::optional<UploadRecord> UploadStore::get(std::string_view bucket, std::string_view key,
                                             std::string_view upload_id) const {
  std::string value;
  if (!db_.get(uploads_, upload_key(bucket, key, upload_id), &value)) return std::nullopt;
  return decode_upload(value);
}

bool UploadStore::put_part(const UploadRecord& upload, const PartRecord& part, storage::WriteBatch& batch) {
  std::lock_guard lock(lock_for(upload.upload_id));
  std::string value;
  if (!db_.get(uploads_, upload_key(upload.bucket, upload.key, upload.upload_id), &value)) return false;
  const std::string pk = part_key(upload.upload_id, part.number);
  if (db_.get(parts_, pk, &value)) {
    if (auto old = decode_part(value); old && old->data.data_id && old->data.data_id != part.data.data_id)
      data_.discard(batch, old->data.data_id, old->data.size);
  }
  batch.put(parts_, pk, encode(part));
  db_.write(batch);
  return true;
}

std::vector<PartRecord> UploadStore::parts(std::string_view upload_id) const {
  auto it = db_.iterator(parts_, storage::ReadOptions::prefixed(parts_prefix(upload_id)));
  std::vector<PartRecord> out;
  for (it->seek_to_first(); it->valid(); it->next())
    if (auto p = decode_part(it->value())) out.push_back(std::move(*p));
  it->check();
  return out;
}

void UploadStore::remove_locked(const UploadRecord& upload, storage::WriteBatch& batch,
                                const std::vector<uint64_t>& kept) {
  for (const auto& p : parts(upload.upload_id))
    if (p.data.data_id && std::find(kept.begin(), kept.end(), p.data.data_id) == kept.end())
      data_.discard(batch, p.data.data_id, p.data.size);
  const std::string prefix = parts_prefix(upload.upload_id);
  batch.del_range(parts_, prefix, storage::prefix_successor(prefix));
  batch.del(uploads_, upload_key(upload.bucket, upload.key, upload.upload_id));
}

bool UploadStore::finish(const UploadRecord& upload,
                         const std::function<std::vector<uint64_t>(const std::vector<PartRecord>&)>& prepare,
                         const std::function<void(storage::WriteBatch&)>& commit) {
  std::lock_guard lock(lock_for(upload.upload_id));
  if (!get(upload.bucket, upload.key, upload.upload_id)) return false;
  std::vector<uint64_t> kept = prepare(parts(upload.upload_id));
  storage::WriteBatch batch;
  remove_locked(upload, batch, kept);
  commit(batch);
  return true;
}

bool UploadStore::abort(std::string_view bucket, std::string_view key, std::string_view upload_id) {
  std::lock_guard lock(lock_for(upload_id));
  auto upload = get(bucket, key, upload_id);
  if (!upload) return false;
  storage::WriteBatch batch;
  remove_locked(*upload, batch, {});
  db_.write(batch);
  return true;
}

void UploadStore::abort_all(std::string_view bucket) {
  std::vector<UploadRecord> all;
  auto it = iterator(bucket);
  for (it->seek_to_first(); it->valid(); it->next())
    if (auto u = decode_upload(it->value())) all.push_back(std::move(*u));
  for (const auto& u : all) abort(u.bucket, u.key, u.upload_id);
}

std::unique_ptr<storage::Iterator> UploadStore::iterator(std::string_view bucket) const {
  std::string prefix;
  storage::append_string(prefix, bucket);
  return db_.iterator(uploads_, storage::ReadOptions::prefixed(prefix));
}

void UploadStore::reset() {
  db_.clear(uploads_);
  db_.clear(parts_);
}

}  // namespace bunker::s3
