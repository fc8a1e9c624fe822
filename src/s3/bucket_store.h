#pragma once
// Buckets: persisted in "s3.buckets" (name -> JSON), cached in memory because every
// request looks its bucket up.
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bunker/storage/database.h"
#include "s3/bucket_config.h"

namespace bunker::s3 {

using BucketPtr = std::shared_ptr<const BucketRecord>;

class BucketStore {
 public:
  explicit BucketStore(storage::Database& db);

  BucketPtr find(std::string_view name) const;
  // Throws NoSuchBucket.
  BucketPtr get(std::string_view name) const;
  // Adds the bucket unless one of that name exists; returns the one that is there then.
  BucketPtr create(BucketRecord record, bool* created);
  // Applies `change` to the bucket and persists it (NoSuchBucket when absent).
  void update(std::string_view name, const std::function<void(BucketRecord&)>& change);
  void remove(std::string_view name);
  std::vector<BucketPtr> list() const;  // by name
  void reset();

 private:
  storage::Database& db_;
  storage::ColumnFamily* cf_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, BucketPtr, std::less<>> buckets_;
};

}  // namespace bunker::s3
