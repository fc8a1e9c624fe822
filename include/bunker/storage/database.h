#pragma once
// The one RocksDB instance under the data directory (or in memory), shared by every
// service, each owning column families named "<service>.<concern>". RocksDB headers stay
// inside src/storage; callers see this small interface.
//
// Durability contract: a write returns after it is in the write-ahead log, so it
// survives a kill -9 of the server; with Options::fsync it is also synced to disk and
// survives power loss. Multi-key changes go in one WriteBatch, applied atomically.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bunker::storage {

class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string path = "./.bunker";
  bool in_memory = false;
  bool fsync = false;
  uint64_t block_cache_bytes = 32ull << 20;
  // Values of large_values families that readers ask to cache (hot S3 objects): served
  // from memory without a file read or a copy.
  uint64_t blob_cache_bytes = 32ull << 20;
};

struct FamilyOptions {
  // Values that are often large (object data): kept in blob files so compaction does not
  // rewrite them.
  bool large_values = false;
  // Keys are looked up mostly by point reads: enables bloom filters.
  bool point_lookups = true;
};

class Database;
class ColumnFamily;  // opaque handle, owned by the Database

class WriteBatch {
 public:
  WriteBatch();
  // Reserves room for this many bytes of keys and values.
  explicit WriteBatch(size_t reserved_bytes);
  ~WriteBatch();
  WriteBatch(WriteBatch&&) noexcept;
  WriteBatch& operator=(WriteBatch&&) noexcept;

  void put(ColumnFamily* cf, std::string_view key, std::string_view value);
  void del(ColumnFamily* cf, std::string_view key);
  // Deletes keys in [begin, end).
  void del_range(ColumnFamily* cf, std::string_view begin, std::string_view end);
  size_t count() const;
  size_t data_size() const;
  void clear();

 private:
  friend class Database;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A point-in-time view for consistent multi-key reads.
class Snapshot {
 public:
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

 private:
  friend class Database;
  Snapshot(Database* db, const void* snap) : db_(db), snap_(snap) {}
  Database* db_;
  const void* snap_;
};

struct ReadOptions {
  std::optional<std::string> lower_bound;  // inclusive
  std::optional<std::string> upper_bound;  // exclusive
  const Snapshot* snapshot = nullptr;
  bool fill_cache = true;
  // Off for bulk data whose owner checks it end to end (S3 object bytes carry MD5 and
  // CRC checksums): RocksDB's own read-side CRC of every value is then pure overhead.
  bool verify_checksums = true;

  // Bounds covering every key that starts with `prefix`.
  static ReadOptions prefixed(std::string_view prefix);
};

class Iterator {
 public:
  virtual ~Iterator() = default;
  virtual void seek_to_first() = 0;
  virtual void seek_to_last() = 0;
  virtual void seek(std::string_view key) = 0;           // first key >= key
  virtual void seek_for_prev(std::string_view key) = 0;  // last key <= key
  virtual bool valid() const = 0;
  virtual void next() = 0;
  virtual void prev() = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  // Throws StorageError if the iteration stopped because of an error.
  virtual void check() const = 0;
};

class Database {
 public:
  // Opens or creates the database. Throws StorageError with a message fit for a user
  // (e.g. when another bunker process holds the data directory).
  static std::unique_ptr<Database> open(const Options& options);
  ~Database();

  // The column family of that name, created on first use (on a new data directory,
  // creation is batched until finish_bootstrap or the family's first write; until then
  // it reads as empty). Thread-safe; the handle stays valid for the Database's lifetime.
  ColumnFamily* family(std::string_view name, const FamilyOptions& options = {});

  bool get(ColumnFamily* cf, std::string_view key, std::string* value, const Snapshot* snap = nullptr) const;
  std::optional<std::string> get(ColumnFamily* cf, std::string_view key) const;
  void put(ColumnFamily* cf, std::string_view key, std::string_view value);
  void del(ColumnFamily* cf, std::string_view key);
  void write(WriteBatch& batch);
  // True while RocksDB holds every write back (memtables full, waiting for a flush): a
  // write made now would block its thread until the flush ends. Callers that can wait
  // without a thread (coroutines) check this first and wait on a timer instead.
  bool writes_stopped() const;

  std::unique_ptr<Iterator> iterator(ColumnFamily* cf, const ReadOptions& options = {}) const;
  std::unique_ptr<Snapshot> snapshot();

  // Removes every key of the family (POST /_bunker/reset).
  void clear(ColumnFamily* cf);
  // Estimated bytes on disk and in memtables for the family.
  uint64_t approximate_size(ColumnFamily* cf) const;

  // A brand-new data directory is set up with fsyncs deferred; this ends that, creates the
  // families asked for so far, and makes it durable in one go. The server runs it just
  // after it starts accepting requests (RocksDB's OPTIONS file rewrite and re-verification
  // for a few dozen families is most of the CPU of starting); a write that comes first
  // runs it (or waits for it) before writing, so nothing is acknowledged un-synced.
  // Thread-safe and idempotent; a no-op for existing directories.
  void finish_bootstrap();

  bool in_memory() const;
  const std::string& path() const;
  // Flushes memtables and syncs the WAL (clean shutdown).
  void flush();
  // Compacts the whole family: deleted keys (range deletions included) are dropped, blob
  // files no live key refers to are deleted, and the family's usual blob garbage
  // collection (the oldest quarter of blob files) runs. Blocks while it works.
  void compact(ColumnFamily* cf);

  static constexpr int kSchemaVersion = 1;

  struct Impl;

 private:
  friend class Snapshot;
  explicit Database(std::unique_ptr<Impl> impl);
  void before_write();
  std::unique_ptr<Impl> impl_;
};

}  // namespace bunker::storage
