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
#include "runtime/worker_scheduling.h"

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
  // Worker scheduling (runtime/worker_scheduling.h): cold starts in flight at once (0: two
  // per core, at least 4); `eager_workers` starts a worker for every invocation that
  // finds none idle, without waiting for a busy one or for a cold-start slot.
  int max_cold_starts = 0;
  bool eager_workers = false;
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
  // Hands a waiting invocation a worker, or null: decide again (it waited long enough,
  // a cold-start slot came free, or the pool was retired).
  using WorkerHandoff = OneShot<std::shared_ptr<Worker>>;
  // The workers of one function configuration.
  struct Pool {
    std::vector<std::shared_ptr<Worker>> idle;
    std::deque<std::shared_ptr<WorkerHandoff>> waiting;  // invocations waiting for a worker, in order
    int held = 0;                      // workers running (or starting for) an invocation
    RecentMedian duration_ms;          // how long an invocation holds a worker
    RecentAverage cold_start_ms;       // spawn to the first /next
    uint64_t completed = 0;            // invocations finished (whether the queue moves)
    bool retired = false;              // its workers are not reused (retire() while busy)
  };

  boost::asio::awaitable<std::shared_ptr<Worker>> acquire(const std::shared_ptr<const FunctionSpec>& spec, bool& cold);
  // Counts an invocation against its function's and account's concurrency (throws 429).
  void count_invocation(const FunctionSpec& spec);  // mutex held
  void uncount_invocation(const FunctionSpec& spec);  // mutex held
  std::shared_ptr<Worker> spawn(const std::shared_ptr<const FunctionSpec>& spec);
  // `duration_ms` feeds the pool's average (negative: not a completed invocation).
  void release(const std::shared_ptr<Worker>& worker, bool reusable, double duration_ms);
  void forget(const std::shared_ptr<Worker>& worker);
  // A cold start ended (the worker asked for its first invocation: `init_ms`; it died or
  // its slot's lease ran out: nullopt): its slot goes to the next invocation waiting for one.
  void cold_start_over(const std::string& token, const std::string& pool_key, std::optional<double> init_ms);
  void wake_slot_waiter();  // mutex held
  // What the scheduler weighs for an invocation with `waiting_ahead` others before it.
  PoolLoad load_of(const Pool& pool, size_t waiting_ahead) const;  // mutex held
  void schedule_watchdog();
  void schedule_watchdog_locked();  // mutex held
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
  int max_cold_starts_;
  int cold_starts_ = 0;  // in flight, across functions
  RecentAverage cold_start_ms_;  // across functions: the guess for a function's first
  std::unordered_map<std::string, std::unique_ptr<boost::asio::steady_timer>> starting_;  // token → slot lease
  std::deque<std::weak_ptr<WorkerHandoff>> slot_waiters_;  // invocations waiting for a cold-start slot
  std::atomic<int> busy_total_{0};
  std::atomic<bool> stopping_{false};
  std::unique_ptr<boost::asio::steady_timer> watchdog_;
  int watchdog_ticks_ = 0;
  bool watchdog_armed_ = false;  // mutex held
};

}  // namespace bunker::runtime
