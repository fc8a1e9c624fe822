#pragma once
// Which items are being written right now, so that conflicts surface where DynamoDB
// reports them (its "transaction conflict handling" rules):
//  - PutItem/UpdateItem/DeleteItem on an item of an ongoing TransactWriteItems fails
//    with TransactionConflictException;
//  - a TransactWriteItems item that is part of another ongoing TransactWriteItems is
//    cancelled with reason TransactionConflict;
//  - a TransactGetItems item that an ongoing TransactWriteItems or single-item write is
//    changing is cancelled with reason TransactionConflict.
// Everything else waits on the item locks instead, so results stay serializable.
#include <array>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bunker/core/aws_error.h"

namespace bunker::dynamodb {

AwsError transaction_conflict();  // TransactionConflictException

class TransactionRegistry {
 public:
  // A single-item write starts on `key`; throws TransactionConflictException when a
  // transaction holds the item. Pair with end_single.
  void begin_single(const std::string& key);
  void end_single(const std::string& key);

  // A write transaction claims its items: returns the positions of the keys another
  // transaction holds (nothing is claimed then), or an empty list once all are claimed.
  std::vector<std::size_t> begin_transaction(const std::vector<std::string>& keys);
  void end_transaction(const std::vector<std::string>& keys);

  // Positions of the keys any ongoing write holds (for TransactGetItems).
  std::vector<std::size_t> busy(const std::vector<std::string>& keys) const;

 private:
  // Sharded by key so that single-item writes on different items rarely share a mutex;
  // a transaction locks the shards of its keys in ascending order.
  struct Shard {
    std::mutex mutex;
    std::unordered_set<std::string> transactional;
    std::unordered_map<std::string, int> single;
  };
  static constexpr std::size_t kShards = 64;
  Shard& shard(const std::string& key) const;
  std::vector<std::size_t> shards_of(const std::vector<std::string>& keys) const;
  mutable std::array<Shard, kShards> shards_;
};

// RAII for a single-item write.
class SingleWriteClaim {
 public:
  SingleWriteClaim(TransactionRegistry& r, std::string key) : r_(r), key_(std::move(key)) { r_.begin_single(key_); }
  ~SingleWriteClaim() { r_.end_single(key_); }
  SingleWriteClaim(const SingleWriteClaim&) = delete;
  SingleWriteClaim& operator=(const SingleWriteClaim&) = delete;

 private:
  TransactionRegistry& r_;
  std::string key_;
};

}  // namespace bunker::dynamodb
