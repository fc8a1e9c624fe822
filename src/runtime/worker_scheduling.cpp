#include "runtime/worker_scheduling.h"

#include <algorithm>

namespace bunker::runtime {

namespace {
double expected_wait_ms(const PoolLoad& pool) {
  return pool.duration_ms.value_or(0) * static_cast<double>(pool.waiting + 1) / static_cast<double>(std::max(pool.held, 1));
}
}  // namespace

bool should_start_worker(const PoolLoad& pool) {
  if (pool.held < pool.free_workers) return true;
  return pool.duration_ms.known() && expected_wait_ms(pool) >= pool.cold_start_ms;
}

// Twice the expected wait: a loaded machine's hiccups are not a function gone slow.
double wait_bound_ms(const PoolLoad& pool) { return pool.cold_start_ms + 2 * expected_wait_ms(pool); }

}  // namespace bunker::runtime
