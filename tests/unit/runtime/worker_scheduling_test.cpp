#include "runtime/worker_scheduling.h"

#include <gtest/gtest.h>

namespace bunker::runtime {
namespace {

PoolLoad known_load(int held, size_t waiting, double duration_ms, double cold_ms) {
  PoolLoad load;
  load.held = held;
  load.waiting = waiting;
  load.duration_ms.add(duration_ms);
  load.cold_start_ms = cold_ms;
  load.free_workers = 2;
  return load;
}

TEST(WorkerScheduling, StartsOnePerCoreBeforeAnythingIsKnown) {
  PoolLoad load;
  load.free_workers = 2;
  load.held = 1;
  EXPECT_TRUE(should_start_worker(load));
  // Beyond those, an invocation waits for the first duration (at most one cold start).
  load.held = 2;
  load.waiting = 20;
  EXPECT_FALSE(should_start_worker(load));
  EXPECT_DOUBLE_EQ(wait_bound_ms(load), load.cold_start_ms);
}

TEST(WorkerScheduling, StartsBelowTheFreeWorkers) {
  EXPECT_TRUE(should_start_worker(known_load(0, 0, 1, 100)));
  EXPECT_TRUE(should_start_worker(known_load(1, 5, 1, 100)));
}

TEST(WorkerScheduling, WaitsForAQuickFunctionsBusyWorker) {
  // 2 workers, 1 ms invocations, 10 waiting: about 5.5 ms to wait against 100 ms to start.
  EXPECT_FALSE(should_start_worker(known_load(2, 10, 1, 100)));
}

TEST(WorkerScheduling, StartsForASlowFunction) {
  // 2 s invocations: waiting for one costs more than a 100 ms cold start.
  EXPECT_TRUE(should_start_worker(known_load(2, 0, 2000, 100)));
}

TEST(WorkerScheduling, StartsWhenTheQueueGrowsLongEnough) {
  EXPECT_FALSE(should_start_worker(known_load(4, 10, 20, 100)));  // 55 ms
  EXPECT_TRUE(should_start_worker(known_load(4, 30, 20, 100)));   // 155 ms
}

TEST(WorkerScheduling, WaitsAtMostOneColdStartPlusTwiceTheExpectedWait) {
  EXPECT_DOUBLE_EQ(wait_bound_ms(known_load(2, 9, 1, 100)), 110);  // expected 5 ms
  EXPECT_DOUBLE_EQ(wait_bound_ms(known_load(4, 0, 2, 50)), 51);
}

TEST(WorkerScheduling, RecentAverageFollowsNewSamples) {
  RecentAverage a;
  EXPECT_FALSE(a.known());
  EXPECT_EQ(a.value_or(7), 7);
  a.add(10);
  EXPECT_EQ(a.value_or(0), 10);
  for (int i = 0; i < 50; ++i) a.add(100);
  EXPECT_NEAR(a.value_or(0), 100, 0.01);
}

TEST(WorkerScheduling, RecentMedianIgnoresAnOddSlowValue) {
  RecentMedian m;
  EXPECT_FALSE(m.known());
  EXPECT_EQ(m.value_or(7), 7);
  for (int i = 0; i < 10; ++i) m.add(0.2);
  m.add(40);  // one stall
  EXPECT_DOUBLE_EQ(m.value_or(0), 0.2);
  for (int i = 0; i < 8; ++i) m.add(50);  // the function got slow: most recent values say so
  EXPECT_DOUBLE_EQ(m.value_or(0), 50);
}

}  // namespace
}  // namespace bunker::runtime
