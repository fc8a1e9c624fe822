#include "runtime/worker_scheduling.h"

namespace bunker::runtime {

bool should_start_worker(const PoolLoad& pool) {
  if (!pool.duration_ms.known() || pool.held < pool.free_workers) return true;
  const double expected_wait =
      pool.duration_ms.value_or(0) * static_cast<double>(pool.waiting + 1) / static_cast<double>(pool.held);
  return expected_wait >= pool.cold_start_ms;
}

}  // namespace bunker::runtime
