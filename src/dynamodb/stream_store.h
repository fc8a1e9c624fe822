#pragma once
// DynamoDB Streams storage: every stream a table ever had (a new one each time a stream
// is enabled), its one shard, and its change records.
//
// Layout:
//   dynamodb.streams         stream-id(u64)              -> stream metadata (JSON)
//                            "~next-stream-id"           -> next id
//   dynamodb.stream_records  stream-id(u64) | seq(u64)   -> {"t": epoch ms, "r": record}
//
// Ordering: a record is staged into the same WriteBatch as its item change while the
// stream's commit mutex is held, and the mutex is released only after the batch is
// written. Sequence numbers therefore become visible in increasing order, so a reader
// that has seen sequence number N never later finds a record below N appearing.
// Records are kept for 24 hours; a disabled stream stays readable for 24 hours too.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bunker/storage/database.h"
#include "dynamodb/table_definition.h"

namespace bunker::dynamodb {

struct StreamInfo {
  uint64_t id = 0;
  std::string account, region, table_name, label, view_type;
  uint64_t table_id = 0;
  KeyElement hash;
  std::optional<KeyElement> range;
  double created = 0;  // epoch seconds
  bool enabled = true;
  double disabled_at = 0;
  std::string shard_id;
  uint64_t first_sequence = 0;    // the shard's StartingSequenceNumber
  uint64_t ending_sequence = 0;   // EndingSequenceNumber once the shard is closed (0: open or empty)
  uint64_t trimmed_through = 0;   // records up to this sequence number were trimmed

  std::string table_arn() const;
  std::string arn() const { return table_arn() + "/stream/" + label; }
  nlohmann::json to_storage() const;
  static StreamInfo from_storage(const nlohmann::json& j);
};

// An item change as a stream records it.
struct StreamChange {
  const std::optional<Item>* before = nullptr;
  const std::optional<Item>* after = nullptr;
  Item keys;
  bool by_ttl = false;  // deleted by Time to Live: the record names the DynamoDB service
};

struct StoredRecord {
  uint64_t sequence = 0;
  int64_t created_ms = 0;
  nlohmann::json record;  // the Record as GetRecords returns it
};

class StreamStore {
 public:
  static constexpr int64_t kRetentionMs = 24ll * 3600 * 1000;

  explicit StreamStore(storage::Database& db);

  // A new stream for the table (its stream was just enabled).
  StreamInfo open(const TableDefinition& def, const std::string& view_type, const std::string& label, double now);
  // The stream was disabled or its table deleted: the shard closes, records stay 24 hours.
  void close(uint64_t id, double now);

  std::optional<StreamInfo> find(uint64_t id) const;
  std::optional<StreamInfo> find_by_arn(std::string_view arn) const;
  // Streams of an account and region, ordered by ARN.
  std::vector<StreamInfo> list(const std::string& account, const std::string& region) const;

  // Commit path: see StreamCommit.
  class Commit;
  Commit begin_commit(std::vector<uint64_t> stream_ids);

  // Records with sequence numbers >= from, in order, up to `limit` records or `max_bytes`.
  std::vector<StoredRecord> read(uint64_t id, uint64_t from, std::size_t limit, std::size_t max_bytes) const;
  // The last sequence number written to the stream (0 when none).
  uint64_t last_sequence(uint64_t id) const;

  // Drops records past the retention period and streams disabled longer than it.
  void trim(int64_t now_ms);
  void reset();

  static std::string format_sequence(uint64_t sequence);
  static std::optional<uint64_t> parse_sequence(std::string_view text);

 private:
  friend class Commit;
  struct State {
    std::mutex commit;
    StreamInfo info;
    uint64_t last_written = 0;  // last sequence committed (guarded by commit)
    uint64_t staged = 0;        // sequence staged but not yet committed
  };
  std::shared_ptr<State> state(uint64_t id) const;
  void persist(const StreamInfo& info);
  static std::string record_key(uint64_t id, uint64_t sequence);

  storage::Database& db_;
  storage::ColumnFamily* meta_;
  storage::ColumnFamily* records_;
  mutable std::mutex mutex_;
  std::map<uint64_t, std::shared_ptr<State>> streams_;
  uint64_t next_id_ = 1;
  std::atomic<uint64_t> next_sequence_{1};
};

// The streams one WriteBatch touches, locked (in ascending id order) from the staging
// of their records until the batch is written and committed() is called.
class StreamStore::Commit {
 public:
  Commit(Commit&&) = default;
  // Stages the record of one change with the next sequence number. Returns false (and
  // stages nothing) when the stream is no longer enabled.
  bool stage(storage::WriteBatch& batch, uint64_t id, const StreamChange& change, int64_t now_ms);
  // After the batch is written: the streams' last sequence numbers move on.
  void committed();

 private:
  friend class StreamStore;
  Commit(StreamStore& store) : store_(&store) {}
  StreamStore* store_;
  std::vector<std::shared_ptr<State>> states_;
  std::vector<std::unique_lock<std::mutex>> locks_;
};

}  // namespace bunker::dynamodb
