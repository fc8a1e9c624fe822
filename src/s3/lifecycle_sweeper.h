#pragma once
// Applies buckets' lifecycle rules: deletes current objects whose Expiration is due and
// aborts multipart uploads whose AbortIncompleteMultipartUpload is due.
//
// Everything a rule does falls due at a midnight UTC (s3/lifecycle_rules.h), so the sweep
// runs when rules are put (and at start when some bucket has rules), then at each midnight
// UTC while any bucket has rules — no timer at all when none has. It runs on the services'
// executor, yielding between small slices so requests on that thread are not held up.
// --s3-lifecycle-days-ahead (a test aid) makes the rules see the clock that many days
// ahead.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <functional>
#include <string_view>

#include "s3/bucket_config.h"

namespace bunker::s3 {

class Engine;

class LifecycleSweeper {
 public:
  // Told about each object a rule expired, after it is gone.
  using Expired = std::function<void(const BucketRecord& bucket, std::string_view key, const ObjectRecord& object)>;

  LifecycleSweeper(Engine& engine, boost::asio::any_io_executor executor, int64_t days_ahead, Expired expired);

  // Thread-safe: a bucket's rules were set (or the server started): sweep soon.
  void rules_changed();
  void shutdown();

 private:
  void wake();  // on the executor
  boost::asio::awaitable<void> run();
  boost::asio::awaitable<bool> sweep_all();  // false when no bucket has rules
  boost::asio::awaitable<void> sweep(const BucketRecord& bucket, int64_t now);
  int64_t now() const;

  Engine& engine_;
  boost::asio::any_io_executor executor_;
  int64_t days_ahead_;
  Expired expired_;
  boost::asio::steady_timer timer_;
  // Touched on the executor only (a single thread).
  bool running_ = false;
  bool again_ = false;
  bool stopping_ = false;
};

}  // namespace bunker::s3
