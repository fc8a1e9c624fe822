#include "s3/space_reclaimer.h"

#include <spdlog/spdlog.h>

#include "s3/data_store.h"

namespace bunker::s3 {

SpaceReclaimer::SpaceReclaimer(DataStore& store)
    : store_(store), thread_([this](std::stop_token stop) { run(stop); }) {}

SpaceReclaimer::~SpaceReclaimer() {
  thread_.request_stop();
  wake_.notify_all();
}

bool SpaceReclaimer::due(uint64_t pending) const { return pending >= kMinBytes; }

void SpaceReclaimer::discarded() {
  if (due(store_.discarded_.load())) wake_.notify_all();
}

void SpaceReclaimer::run(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    const uint64_t before = store_.discarded_.load();
    // Wake on the threshold, or once deletions have been quiet for kIdleDelay.
    wake_.wait_for(lock, stop, kIdleDelay, [&] { return due(store_.discarded_.load()); });
    if (stop.stop_requested()) break;
    const uint64_t pending = store_.discarded_.load();
    if (pending == 0) continue;
    if (!due(pending) && pending != before) continue;  // still deleting: wait for a quiet spell
    // (a small deletion waits for kIdleDelay of quiet; a large one goes at once)
    store_.discarded_.fetch_sub(pending);
    lock.unlock();
    try {
      const uint64_t size_before = store_.db_.approximate_size(store_.data_);
      store_.db_.flush();
      store_.db_.compact(store_.data_);
      spdlog::debug("s3: reclaimed deleted object data ({} bytes deleted, data family {} -> {} bytes)", pending,
                    size_before, store_.db_.approximate_size(store_.data_));
    } catch (const std::exception& e) {
      spdlog::warn("s3: reclaiming deleted object data failed: {}", e.what());
    }
    lock.lock();
  }
}

}  // namespace bunker::s3
