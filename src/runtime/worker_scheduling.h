#pragma once
// When an invocation finds no idle worker of its function: start a new one (a cold
// start), or wait for a busy one to come free? AWS starts a new execution environment
// every time; on a laptop every worker is a process competing for a few cores, so Bunker
// starts one only when waiting would likely take longer than the cold start itself:
//
//   expected wait = recent duration × (invocations already waiting + 1) / workers held
//   (durations leave out the time a worker waited for a CPU: on a busy machine that is
//   not the function being slow, and more workers would only lengthen it)
//   start a worker  ⇔  nothing is known yet, or fewer workers are held than two per core
//                      (cores are there to be used), or expected wait ≥ recent cold start
//
// An invocation that waits does so for at most one cold-start time plus twice its expected
// wait, then starts a worker anyway, so a function that suddenly runs long still scales
// out; each worker still runs one invocation at a time. Cold starts in flight are capped (a few per core): more would
// only slow each other down.
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

struct PoolLoad {
  int held = 0;                // the function's workers running or starting an invocation
  size_t waiting = 0;          // invocations already waiting for one of them
  RecentAverage duration_ms;   // how long its invocations hold a worker
  double cold_start_ms = 150;  // how long a new worker of it takes to be ready
  int free_workers = 4;        // this many are started without weighing (two per core)
};

// True: start a new worker now. False: wait for a busy one (at most wait_bound_ms()).
bool should_start_worker(const PoolLoad& pool);
// How long an invocation that did not start a worker waits before it starts one anyway.
double wait_bound_ms(const PoolLoad& pool);

}  // namespace bunker::runtime
