#pragma once
// Object records in "s3.objects", keyed by (bucket, key bytes) so that RocksDB's order is
// S3's listing order (UTF-8 bytes). Replacing or deleting a record discards the data it
// owned in the same WriteBatch; a per-key lock keeps two writers of one key from both
// discarding the same old data and leaking each other's.
#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "bunker/storage/database.h"
#include "s3/data_store.h"
#include "s3/object_record.h"

namespace bunker::s3 {

class ObjectStore {
 public:
  ObjectStore(storage::Database& db, DataStore& data);

  std::optional<ObjectRecord> get(std::string_view bucket, std::string_view key,
                                  const storage::Snapshot* snap = nullptr) const;
  // Writes `batch` plus the record, discarding the data of the record it replaces (unless
  // the new record reuses it). Returns after the batch is durable.
  void put(std::string_view bucket, std::string_view key, const ObjectRecord& record, storage::WriteBatch& batch);
  // Rewrites only the record (tags, metadata) if the object still has `etag`; false when
  // it is gone.
  bool update(std::string_view bucket, std::string_view key, const std::function<void(ObjectRecord&)>& change);
  bool remove(std::string_view bucket, std::string_view key);
  // Removes the record only if `still` says it is the one the caller meant (the lifecycle
  // sweep's, which must not delete an object written since it looked).
  bool remove_if(std::string_view bucket, std::string_view key, const std::function<bool(const ObjectRecord&)>& still);
  bool bucket_empty(std::string_view bucket) const;

  // Listing access: an iterator over one bucket's records, and the object key of an
  // iterator key.
  std::unique_ptr<storage::Iterator> iterator(std::string_view bucket, const storage::Snapshot* snap = nullptr) const;
  std::string record_key(std::string_view bucket, std::string_view key) const;
  static std::string_view object_key(std::string_view record_key, size_t bucket_prefix_size);
  static size_t bucket_prefix_size(std::string_view bucket);

  ReadView read_view() const;
  void reset();

 private:
  std::mutex& lock_for(std::string_view bucket, std::string_view key);
  storage::Database& db_;
  DataStore& data_;
  storage::ColumnFamily* cf_;
  std::array<std::mutex, 128> locks_;
};

}  // namespace bunker::s3
