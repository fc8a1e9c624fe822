#pragma once
// Functions' logs as CloudWatch Logs keeps them: log groups (/aws/lambda/<name>), log
// streams (one per worker, as one per execution environment on AWS) and their events,
// in RocksDB, per account and region. The runtime manager appends each finished
// invocation's lines in one batch.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lambda/lambda_store.h"
#include "runtime/invocation.h"

namespace bunker::storage {
class Database;
class ColumnFamily;
}  // namespace bunker::storage

namespace bunker::lambda {

struct StoredLogEvent {
  std::string stream;
  int64_t timestamp = 0;
  int64_t ingestion_time = 0;
  uint64_t sequence = 0;
  std::string message;
};

class LogStore final : public runtime::LogSink {
 public:
  // Every append is written at once.
  explicit LogStore(storage::Database& db);
  // Appends are written together `delay` after the first of them (one RocksDB write, one
  // record per stream, instead of one write per invocation, which made the log write the
  // largest cost of a warm invoke). Every read of this store sees them at once, as it
  // writes what is pending first; only a kill -9 within `delay` can lose them (as the log
  // of an invocation reaches CloudWatch Logs a while after it ends on AWS).
  LogStore(storage::Database& db, boost::asio::any_io_executor executor,
           std::chrono::milliseconds delay = std::chrono::milliseconds(2));
  ~LogStore() override;  // writes what is pending

  void append(std::string_view account, std::string_view region, std::string_view group, std::string_view stream,
              std::vector<runtime::LogEvent> events) override;
  void append(const Scope& scope, std::string_view group, std::string_view stream,
              std::vector<runtime::LogEvent> events);

  // The Logs API's resources, as its JSON members.
  bool create_group(const Scope& scope, std::string_view group);  // false when it exists
  bool delete_group(const Scope& scope, std::string_view group);
  // Changes a group's record (retention, tags) in place; false when there is no such group.
  bool update_group(const Scope& scope, std::string_view group, const std::function<void(nlohmann::json&)>& change);
  // Deletes the group's events older than `before` (retention). Events packed with younger
  // ones may stay up to a packed record's span longer, never less.
  void expire_events(const Scope& scope, std::string_view group, int64_t before);
  bool create_stream(const Scope& scope, std::string_view group, std::string_view stream);  // false when it exists
  std::optional<nlohmann::json> group(const Scope& scope, std::string_view group) const;
  std::optional<nlohmann::json> stream(const Scope& scope, std::string_view group, std::string_view stream) const;
  std::vector<nlohmann::json> groups(const Scope& scope, std::string_view prefix) const;
  std::vector<nlohmann::json> streams(const Scope& scope, std::string_view group) const;

  // Events of one stream with timestamps in [start, end), in order.
  std::vector<StoredLogEvent> events(const Scope& scope, std::string_view group, std::string_view stream, int64_t start,
                                     int64_t end) const;

  void clear();
  // Writes pending appends now.
  void flush();

 private:
  // An append not written yet; its events' sequence numbers follow on from `sequence`.
  struct PendingAppend {
    std::string prefix;  // the stream's key
    int64_t ingestion_time = 0;
    uint64_t sequence = 0;
    std::vector<runtime::LogEvent> events;
  };
  void write_pending() const;  // mutex held
  void schedule_write();       // mutex held

  void ensure(const Scope& scope, std::string_view group, std::string_view stream, int64_t now);  // mutex held
  nlohmann::json group_json(const Scope& scope, std::string_view group, int64_t created) const;
  // Sets a stream record's event-derived members from its first and last events.
  void add_event_bounds(nlohmann::json& record, std::string_view stream_key) const;

  storage::Database& db_;
  storage::ColumnFamily* groups_;
  storage::ColumnFamily* streams_;
  storage::ColumnFamily* events_;
  mutable std::mutex mutex_;
  uint64_t sequence_ = 0;
  std::set<std::string, std::less<>> known_groups_;
  std::set<std::string, std::less<>> known_streams_;  // group '\n' stream
  std::string id_buffer_;  // ensure()'s lookups
  mutable std::vector<PendingAppend> pending_;
  mutable size_t pending_bytes_ = 0;
  std::optional<boost::asio::steady_timer> timer_;  // absent: appends are written at once
  std::chrono::milliseconds delay_{0};
  bool timer_armed_ = false;
};

}  // namespace bunker::lambda
