#pragma once
// One function worker: a child process speaking the Runtime API, the invocation it is
// running, and the log lines it wrote. Shared between the invoking coroutine, the
// Runtime API handlers of its requests, and the watchers of its pipe and pidfd.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "runtime/child_process.h"
#include "runtime/invocation.h"
#include "runtime/one_shot.h"

namespace bunker::runtime {

// Steady-clock nanoseconds (Invocation::handed_ns, answered_ns).
int64_t steady_ns();

// How one invocation ended, as its worker reported it (or failed to).
struct WorkerResult {
  enum class Kind { kResponse, kError, kInitError, kExited, kTimedOut, kOutOfMemory, kResponseTooLarge };
  Kind kind = Kind::kResponse;
  std::string body;        // the response, or the error document the runtime posted
  std::string error_type;  // Lambda-Runtime-Function-Error-Type
  int wait_status = 0;     // for kExited
};

struct Invocation {
  Invocation(InvocationInput in, int timeout_seconds, const boost::asio::any_io_executor& executor)
      : input(std::move(in)), timeout_ms(int64_t{timeout_seconds} * 1000), result(executor) {}
  InvocationInput input;
  int64_t timeout_ms;
  OneShot<WorkerResult> result;
  // Unix epoch milliseconds when the runtime received it (0 before), and its deadline
  // (Lambda-Runtime-Deadline-Ms): the timeout counts from delivery, after any cold start.
  std::atomic<int64_t> delivered_ms{0};
  int64_t deadline_ms() const { return delivered_ms.load() + timeout_ms; }
  // Steady-clock nanoseconds when the Runtime API handed it to the runtime and when the
  // runtime's result came back (0 before): the function's own time, for scheduling, without
  // the time the invocation spent in Bunker's queues on either side.
  std::atomic<int64_t> handed_ns{0};
  std::atomic<int64_t> answered_ns{0};
};

class Worker : public std::enable_shared_from_this<Worker> {
 public:
  using Clock = std::chrono::steady_clock;

  Worker(std::shared_ptr<const FunctionSpec> spec, std::string token, std::string log_stream, ChildProcess process,
         const boost::asio::any_io_executor& executor);
  ~Worker();

  // Starts reading the worker's output and watching for its exit; `on_exit` runs once,
  // `on_ready` once when the runtime first asks for an invocation (with the milliseconds
  // its start took).
  void start(std::function<void(const std::shared_ptr<Worker>&)> on_exit,
             std::function<void(const std::shared_ptr<Worker>&, double)> on_ready = {});

  const std::string& token() const { return token_; }
  const FunctionSpec& spec() const { return *spec_; }
  const std::shared_ptr<const FunctionSpec>& spec_ptr() const { return spec_; }
  const std::string& log_stream() const { return log_stream_; }
  pid_t pid() const { return process_.pid(); }

  // --- the invoking side ---
  // Hands the invocation to the worker's pending /next, or keeps it for the next one.
  void assign(std::shared_ptr<Invocation> invocation);
  // The invocation is over; the worker may take another.
  void finish_invocation();
  // Every log line written since the last call, pipe drained first.
  std::vector<LogEvent> take_log();
  // Kills the process group; the exit watcher then fails any current invocation.
  void kill();
  bool alive() const;
  // Milliseconds from start to the first /next, reported once (the cold start).
  std::optional<double> take_init_duration_ms();
  uint64_t peak_memory_mb() const;
  // Nanoseconds the worker's main thread has spent waiting for a CPU (second field of
  // /proc/<pid>/schedstat), to tell a function's own time from a busy machine's delays.
  std::optional<uint64_t> run_queue_ns() const;
  std::optional<uint64_t> resident_bytes() const;
  // The invocation being run, if any (for the memory watchdog).
  std::shared_ptr<Invocation> current() const;

  Clock::time_point last_used() const;

  // --- the Runtime API side ---
  // GET /invocation/next: waits for an invocation.
  boost::asio::awaitable<std::shared_ptr<Invocation>> next_invocation();
  // POST /invocation/{id}/response|error. False when `request_id` is not the current one.
  bool post_result(std::string_view request_id, WorkerResult result);
  // POST /init/error.
  void post_init_error(WorkerResult result);

 private:
  void read_output();
  void watch_exit();
  void on_exited();
  void append_output(const char* data, size_t size);  // mutex held
  // A "<field> <n> kB" line of /proc/<pid>/status, in bytes.
  std::optional<uint64_t> status_field_bytes(const char* field) const;

  std::shared_ptr<const FunctionSpec> spec_;
  std::string token_;
  std::string log_stream_;
  ChildProcess process_;
  boost::asio::any_io_executor executor_;
  boost::asio::posix::stream_descriptor output_;
  boost::asio::posix::stream_descriptor exit_;
  int schedstat_fd_ = -1;
  int status_fd_ = -1;  // /proc/<pid>/status, read once per invocation (peak memory)
  std::array<char, 16384> read_buffer_{};
  std::function<void(const std::shared_ptr<Worker>&)> on_exit_;
  std::function<void(const std::shared_ptr<Worker>&, double)> on_ready_;

  mutable std::mutex mutex_;
  bool dead_ = false;
  std::shared_ptr<Invocation> current_;
  bool delivered_ = false;
  std::shared_ptr<OneShot<std::shared_ptr<Invocation>>> next_waiter_;
  std::string partial_line_;
  std::vector<LogEvent> lines_;
  Clock::time_point started_ = Clock::now();
  std::optional<Clock::time_point> ready_;
  bool init_reported_ = false;
  Clock::time_point last_used_ = Clock::now();
};

}  // namespace bunker::runtime
