#pragma once
// When an invocation finds no idle worker of its function: start a new one (a cold
// start), or wait for a busy one to come free? AWS starts a new execution environment
// every time; on a laptop every worker is a process competing for a few cores, so Bunker
// starts one only when waiting would likely take longer than the cold start itself:
//
//   expected wait = recent duration (median) × (invocations already waiting + 1) / workers held
//   (durations leave out the time a worker waited for a CPU and the time the invocation
//   spent in Bunker's own queues: on a busy machine that is not the function being slow,
//   and more workers would only lengthen it)
//   start a worker  ⇔  fewer workers are held than cores (each core gets one without
//                      weighing), or the duration is known and expected wait ≥ recent cold start
//
// One worker per core, not more: a quick function's invocations keep a worker busy on a
// core (its own work and Bunker's on its behalf), so a second one there only adds context
// switches and cold caches (measured on 2 cores, API Gateway to a Node function at 16
// connections: ~280 µs of CPU per request in all with 2 workers, 330-420 µs with 4-6).
// Until a function's first invocation has told its duration, the invocations beyond those
// workers wait rather than each starting one.
//
// An invocation that waits does so for at most one cold-start time plus twice its expected
// wait, then starts a worker anyway, so a function that suddenly runs long (or whose first
// invocations are slow) still scales out; each worker still runs one invocation at a time.
// Cold starts in flight are capped (a few per core): more would only slow each other down.
#include <algorithm>
#include <array>
#include <cstddef>

namespace bunker::runtime {

// A running average that follows recent values (exponentially weighted).
class RecentAverage {
 public:
  bool known() const { return value_ >= 0; }
  double value_or(double fallback) const { return known() ? value_ : fallback; }
  void add(double sample) { value_ = known() ? value_ * 0.8 + sample * 0.2 : sample; }

 private:
  double value_ = -1;
};

// The median of the last few values: one slow invocation (the machine, or Bunker's own event
// loop, stalled for a moment) does not read as a slow function, while a function that
// really got slower moves it within a handful of invocations.
class RecentMedian {
 public:
  bool known() const { return count_ > 0; }
  double value_or(double fallback) const {
    if (count_ == 0) return fallback;
    const size_t n = std::min(count_, kSize);
    std::array<double, kSize> sorted;
    std::copy_n(values_.begin(), n, sorted.begin());
    std::nth_element(sorted.begin(), sorted.begin() + n / 2, sorted.begin() + n);
    return sorted[n / 2];
  }
  void add(double sample) { values_[count_++ % kSize] = sample; }

 private:
  static constexpr size_t kSize = 15;
  std::array<double, kSize> values_{};
  size_t count_ = 0;
};

struct PoolLoad {
  int held = 0;                // the function's workers running or starting an invocation
  size_t waiting = 0;          // invocations already waiting for one of them
  RecentMedian duration_ms;    // how long its invocations hold a worker
  double cold_start_ms = 150;  // how long a new worker of it takes to be ready
  int free_workers = 2;        // this many are started without weighing (one per core)
};

// True: start a new worker now. False: wait for a busy one (at most wait_bound_ms()).
bool should_start_worker(const PoolLoad& pool);
// How long an invocation that did not start a worker waits before it starts one anyway.
double wait_bound_ms(const PoolLoad& pool);

}  // namespace bunker::runtime
