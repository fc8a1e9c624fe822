#pragma once
// The tables of every account and region: definitions persisted in the
// "dynamodb.tables" family and cached in memory, live item/byte counters, and the
// lifecycle (CREATING/UPDATING/DELETING → settled) DynamoDB reports. Definitions are
// immutable snapshots: an operation takes one and works on it, UpdateTable swaps in
// a new one.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bunker/storage/database.h"
#include "dynamodb/item_store.h"
#include "dynamodb/stream_store.h"
#include "dynamodb/table_definition.h"

namespace bunker::dynamodb {

struct Scope {
  std::string account, region;
};

class TableHandle {
 public:
  explicit TableHandle(TableDefinition def) : def_(std::make_shared<const TableDefinition>(std::move(def))) {}
  std::shared_ptr<const TableDefinition> definition() const {
    std::lock_guard lock(mutex_);
    return def_;
  }
  void replace(TableDefinition def) {
    std::lock_guard lock(mutex_);
    def_ = std::make_shared<const TableDefinition>(std::move(def));
  }
  TableStats stats;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const TableDefinition> def_;
};

class TableCatalog {
 public:
  TableCatalog(storage::Database& db, ItemStore& store, StreamStore& streams, double transition_seconds);

  // Throws ResourceInUseException when the name is taken. Assigns id and TableId.
  std::shared_ptr<TableHandle> create(TableDefinition def);
  // Throws ResourceNotFoundException ("Requested resource not found", or the
  // DescribeTable wording when describe_message).
  std::shared_ptr<TableHandle> get(const Scope& scope, std::string_view name, bool describe_message = false);
  std::shared_ptr<TableHandle> find(const Scope& scope, std::string_view name);
  std::vector<std::string> list(const Scope& scope);
  // Every live table (for the TTL sweeper).
  std::vector<std::shared_ptr<TableHandle>> all();
  // Starts deletion; returns the definition as it was (status DELETING).
  TableDefinition remove(const Scope& scope, std::string_view name);
  // Applies fn to a copy of the definition and persists it.
  std::shared_ptr<const TableDefinition> update(TableHandle& handle,
                                                const std::function<void(TableDefinition&)>& fn);
  double transition_seconds() const { return transition_seconds_; }
  void reset();

 private:
  static std::string key_of(const std::string& account, const std::string& region, std::string_view name);
  void persist(const TableDefinition& def);
  void settle(TableHandle& handle);  // finish a timed transition once its time has come
  void finish_delete(const std::string& key, const TableDefinition& def);

  storage::Database& db_;
  ItemStore& store_;
  StreamStore& streams_;
  storage::ColumnFamily* family_;
  double transition_seconds_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<TableHandle>> tables_;
  std::map<std::string, std::pair<TableDefinition, double>> deleting_;  // key -> (definition, gone at)
  uint64_t next_id_ = 1;
};

double now_seconds();

}  // namespace bunker::dynamodb
