#pragma once
// Giving deleted object data's disk space back.
//
// Deleting an object (or overwriting it, or aborting a multipart upload) removes its chunks
// with a range deletion in the same batch as the record, which is instant — but the bytes
// stay in RocksDB's blob files until a compaction drops the deleted keys and the blob files
// that held them lose their last reference, and with object data nothing else may ever
// trigger one: a bucket emptied and left alone kept all its megabytes. This thread does it:
// once kMinBytes were deleted, or kIdleDelay after the last deletion, it flushes and
// compacts the data family. The compaction rewrites only keys (small) and what RocksDB's
// blob garbage collection picks (the oldest quarter of blob files), so a blob file still
// shared with live objects outside that quarter keeps its dead bytes until it ages into it.
// It runs on its own thread because a compaction takes seconds.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace bunker::s3 {

class DataStore;

class SpaceReclaimer {
 public:
  static constexpr uint64_t kMinBytes = 64ull << 20;
  static constexpr std::chrono::seconds kIdleDelay{30};

  explicit SpaceReclaimer(DataStore& store);
  ~SpaceReclaimer();
  SpaceReclaimer(const SpaceReclaimer&) = delete;
  SpaceReclaimer& operator=(const SpaceReclaimer&) = delete;

  // Called after deleted bytes were counted: wakes the thread when the threshold is met.
  void discarded();

 private:
  void run(std::stop_token stop);
  bool due(uint64_t pending) const;
  DataStore& store_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: joined before the members it uses go
};

}  // namespace bunker::s3
