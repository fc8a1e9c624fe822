#pragma once
// Persistence of items and secondary-index entries in RocksDB.
//
// Layout (all parts order-preserving, see key_codec.h):
//   dynamodb.items    table-id(u64) | bucket(u16) | hash | [range]             -> item
//   dynamodb.indexes  table-id(u64) | index(u16) | bucket(u16) | idx-hash | [idx-range]
//                     | hash | [range]                                         -> projected item
// The bucket is a 16-bit hash of the partition key: a partition's items are adjacent
// and ordered by sort key (Query), while partitions spread over the key space, which
// gives Scan DynamoDB's hash order and lets a parallel Scan segment take a contiguous
// bucket range. An item and its index entries change in one WriteBatch.
#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "bunker/storage/database.h"
#include "dynamodb/key_condition.h"
#include "dynamodb/table_definition.h"

namespace bunker::dynamodb {

// Item and byte counts of a table or index, kept current by every write.
struct Counters {
  std::atomic<int64_t> items{0};
  std::atomic<int64_t> bytes{0};
  void reset() { items = 0; bytes = 0; }
};

struct TableStats {
  Counters table;
  std::array<Counters, 256> indexes;  // slot = index number % 256
  Counters& index(uint16_t number) { return indexes[number % indexes.size()]; }
};

// One range of a table or index to walk, in key order or backwards.
struct KeyRange {
  std::string lower, upper;  // [lower, upper); upper empty = unbounded
};

class ItemStore {
 public:
  explicit ItemStore(storage::Database& db);

  std::string item_key(const TableDefinition& t, const Item& key) const;
  std::optional<Item> get(const TableDefinition& t, const Item& key) const;

  // Writes `after` (or deletes when nullopt) in place of `before`, with index entries,
  // in one batch. Validates index key types of `after` first.
  void write(const TableDefinition& t, TableStats& stats, const std::optional<Item>& before,
             const std::optional<Item>& after);

  // Ranges for Query (one partition, narrowed by the sort-key condition) and Scan
  // (one parallel-scan segment of the whole table or index).
  KeyRange query_range(const TableDefinition& t, const IndexDefinition* index, const KeyCondition& kc) const;
  KeyRange scan_range(const TableDefinition& t, const IndexDefinition* index, int segment, int total_segments) const;
  // The stored key of an item as seen through `index` (or the table when null);
  // nullopt when the item has no entry there (sparse index).
  std::optional<std::string> key_in(const TableDefinition& t, const IndexDefinition* index, const Item& item) const;

  std::unique_ptr<storage::Iterator> iterate(const IndexDefinition* index, const KeyRange& range) const;

  // Index backfill: entries for every existing item of the table.
  void backfill(const TableDefinition& t, TableStats& stats, const IndexDefinition& index);
  // Removes all items and index entries of a table, or one index's entries.
  void drop_table(const TableDefinition& t);
  void drop_index(const TableDefinition& t, const IndexDefinition& index);
  // Recomputes the counters from storage (startup).
  void recount(const TableDefinition& t, TableStats& stats) const;

  void clear_all();

 private:
  std::string partition_prefix(uint64_t table_id, const IndexDefinition* index, const AttributeValue& hash) const;
  storage::Database& db_;
  storage::ColumnFamily* items_;
  storage::ColumnFamily* indexes_;
};

// Striped locks that make read-check-write of one item atomic.
class ItemLocks {
 public:
  std::mutex& lock_for(std::string_view item_key);

 private:
  std::array<std::mutex, 4096> stripes_;
};

}  // namespace bunker::dynamodb
