#pragma once
// Persistence of items and secondary-index entries in RocksDB.
//
// Layout (all parts order-preserving, see key_codec.h):
//   dynamodb.items    table-id(u64) | bucket(u16) | hash | [range]             -> item
//   dynamodb.indexes  table-id(u64) | index(u16) | bucket(u16) | idx-hash | [idx-range]
//                     | hash | [range]                                         -> projected item
//   dynamodb.ttl      table-id(u64) | expiry epoch seconds(u64) | item key     -> ""
//                     (only while the table's TTL is enabled: the sweeper's work list)
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
#include <vector>

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

// How one item change moves the counters; applied once its batch is written.
struct StatDelta {
  int64_t items = 0, bytes = 0;
  struct Index {
    uint16_t number;
    int64_t items, bytes;
  };
  std::vector<Index> indexes;
};

// One range of a table or index to walk, in key order or backwards.
struct KeyRange {
  std::string lower, upper;  // [lower, upper); upper empty = unbounded
};

class ItemStore {
 public:
  explicit ItemStore(storage::Database& db);

  std::string item_key(const TableDefinition& t, const Item& key) const;
  std::optional<Item> get(const TableDefinition& t, const Item& key, const storage::Snapshot* snapshot = nullptr) const;
  // The stored bytes (item_codec.h) of the item with that key; false when absent.
  bool get_stored_bytes(const TableDefinition& t, const Item& key, std::string* value) const;
  // The item stored under a key made by item_key().
  std::optional<Item> get_stored(std::string_view store_key) const;

  // Throws DynamoDB's ValidationException when an attribute of `item` that keys a
  // secondary index has the wrong type or is an empty string/binary.
  void check_index_keys(const TableDefinition& t, const Item& item) const;
  // Adds to `batch` the change of `before` into `after` (nullopt: absent) with its index
  // and TTL entries. Checks index keys of `after` first. The counters move when the
  // caller applies the returned delta after writing the batch.
  StatDelta stage(storage::WriteBatch& batch, const TableDefinition& t, const std::optional<Item>& before,
                  const std::optional<Item>& after) const;
  static void apply(TableStats& stats, const StatDelta& delta);

  // The expiry (whole epoch seconds) an item's TTL attribute holds, when the table's
  // TTL is enabled and the attribute is a non-negative number.
  static std::optional<uint64_t> ttl_expiry(const TableDefinition& t, const Item& item);
  // TTL work-list entries whose expiry lies in [from, to], oldest first, at most limit.
  struct TtlEntry {
    std::string entry_key, store_key;
  };
  std::vector<TtlEntry> expired_entries(const TableDefinition& t, uint64_t from, uint64_t to, std::size_t limit) const;
  // Drops a work-list entry that no longer matches its item (the item changed or went).
  void remove_ttl_entry(std::string_view entry_key);
  // TTL work list for every existing item (TTL enabled), or its removal (disabled).
  void backfill_ttl(const TableDefinition& t);
  void drop_ttl(const TableDefinition& t);

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
  storage::ColumnFamily* ttl_;
};

// Striped locks that make read-check-write of one item atomic. A transaction takes the
// stripes of all its items in ascending stripe order, a single write takes one, so no
// two writers can wait on each other in a cycle.
class ItemLocks {
 public:
  static constexpr std::size_t kStripes = 4096;
  std::size_t stripe_of(std::string_view item_key) const;
  std::mutex& lock_for(std::string_view item_key) { return stripes_[stripe_of(item_key)]; }
  std::mutex& stripe(std::size_t index) { return stripes_[index]; }

 private:
  std::array<std::mutex, kStripes> stripes_;
};

// Holds the stripes of many items, taken in ascending order, until destroyed.
class MultiItemLock {
 public:
  MultiItemLock(ItemLocks& locks, const std::vector<std::string>& item_keys);
  ~MultiItemLock();
  MultiItemLock(const MultiItemLock&) = delete;
  MultiItemLock& operator=(const MultiItemLock&) = delete;

 private:
  ItemLocks& locks_;
  std::vector<std::size_t> held_;
};

}  // namespace bunker::dynamodb
