#pragma once
// Event invocations: accepted into RocksDB before Invoke answers 202 (so they survive a
// restart), then run in the background; a function error or timeout is retried twice
// with growing delays, a throttle is retried until there is capacity.
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "bunker/lambda/invoker.h"
#include "lambda/lambda_core.h"

namespace bunker::lambda {

class AsyncQueue {
 public:
  explicit AsyncQueue(Lambda& lambda);

  // Runs what a previous process left queued.
  void start();
  void stop() { stopping_ = true; }
  void enqueue(const InvokeRequest& request, const std::string& request_id);

 private:
  boost::asio::awaitable<void> process(uint64_t sequence, json record);

  Lambda& lambda_;
  std::mutex mutex_;
  uint64_t next_sequence_;
  std::atomic<bool> stopping_{false};
};

}  // namespace bunker::lambda
