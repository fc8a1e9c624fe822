#pragma once
// Runs functions in worker processes: warm workers are reused per function
// configuration, new ones started up to the concurrency limit, idle ones reaped;
// timeouts and memory limits kill them, and a crashed worker is simply replaced by the
// next invocation's cold start. Invocations are coroutines: waiting holds no thread.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bunker/service/credentials.h"
#include "runtime/invocation.h"
#include "runtime/one_shot.h"

namespace bunker::runtime {

class Worker;

struct ManagerSettings {
  std::filesystem::path runtimes_dir;
  std::filesystem::path scratch_dir;  // workers' private /tmp folders
  std::string node_command = "node";
  std::string python_command = "python3";
  // Bunker's own address as workers reach it ("127.0.0.1:4566"); asked at each start,
  // since the port may only be known once the server listens.
  std::function<std::string()> address;
  // The keys a worker of the account gets (AWS_ACCESS_KEY_ID, …), as AWS hands a
  // function its execution role's credentials; unset: dummy "test" keys.
  std::function<Credential(const std::string& account)> credentials;
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(10)};
  int account_concurrency = 1000;  // per account
  bool drop_privileges = true;  // run workers as nobody when Bunker runs as root
};

class RuntimeManager {
 public:
  RuntimeManager(boost::asio::any_io_executor executor, ManagerSettings settings, LogSink& logs);
  ~RuntimeManager();

  // Starts the watchdog (memory limits, idle reaping).
  void start();
  // Kills every worker and wakes every waiter.
  void shutdown();

  // Runs one invocation. Throws AwsError TooManyRequestsException (429) when the
  // function's or the account's concurrency is exhausted.
  boost::asio::awaitable<InvocationOutcome> invoke(std::shared_ptr<const FunctionSpec> spec, InvocationInput input);

  // The worker a Runtime API request comes from (by the token in its path), or null.
  std::shared_ptr<Worker> find_worker(std::string_view token) const;

  // Stops the idle workers of a function (its code or configuration changed, or it was
  // deleted); busy ones finish their invocation and are not reused.
  void retire(std::string_view pool_key_prefix);

  int busy_invocations() const { return busy_total_.load(); }
  size_t worker_count() const;

 private:
  using WorkerHandoff = OneShot<std::shared_ptr<Worker>>;
  struct Pool {
    std::vector<std::shared_ptr<Worker>> idle;
    std::deque<std::shared_ptr<WorkerHandoff>> waiting;  // invocations waiting briefly for a busy worker
    int busy = 0;
    double average_ms = -1;  // recent invocation duration (EWMA); -1 before the first
  };

  boost::asio::awaitable<std::shared_ptr<Worker>> acquire(const std::shared_ptr<const FunctionSpec>& spec, bool& cold);
  std::shared_ptr<Worker> spawn(const std::shared_ptr<const FunctionSpec>& spec);
  // `duration_ms` feeds the pool's average (negative: not a completed invocation).
  void release(const std::shared_ptr<Worker>& worker, bool reusable, double duration_ms);
  void forget(const std::shared_ptr<Worker>& worker);
  void schedule_watchdog();
  void watchdog_tick();

  boost::asio::any_io_executor executor_;
  ManagerSettings settings_;
  LogSink& logs_;
  std::optional<uid_t> worker_uid_;
  std::optional<gid_t> worker_gid_;

  mutable std::mutex mutex_;
  std::map<std::string, Pool, std::less<>> pools_;
  std::unordered_map<std::string, std::shared_ptr<Worker>> workers_;  // by token
  std::unordered_map<std::string, int> busy_by_function_;              // by FunctionSpec::concurrency_key
  std::unordered_map<std::string, int> busy_by_account_;
  std::vector<std::shared_ptr<Worker>> busy_;
  std::atomic<int> busy_total_{0};
  std::atomic<bool> stopping_{false};
  std::unique_ptr<boost::asio::steady_timer> watchdog_;
  int watchdog_ticks_ = 0;
};

}  // namespace bunker::runtime
