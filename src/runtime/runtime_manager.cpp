#include "runtime/runtime_manager.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/this_coro.hpp>

#include <algorithm>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/core/ids.h"
#include "runtime/invocation_report.h"
#include "runtime/worker.h"
#include "runtime/worker_launch.h"

namespace bunker::runtime {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kInitBudget = std::chrono::seconds(10);  // AWS's limit for a cold start
constexpr auto kWatchdogPeriod = std::chrono::milliseconds(100);
constexpr auto kMaxHandoffWait = std::chrono::microseconds(20000);

// Workers run as nobody only if nobody can reach the code and the runtimes; otherwise
// (a checkout under /root, say) they keep Bunker's user.
bool world_traversable(const std::filesystem::path& p) {
  std::filesystem::path current;
  for (const auto& part : std::filesystem::absolute(p)) {
    current /= part;
    struct stat st;
    if (::stat(current.c_str(), &st) != 0) return false;
    if (S_ISDIR(st.st_mode) && !(st.st_mode & S_IXOTH)) return false;
  }
  return true;
}

std::string log_stream_name(std::string_view version) {
  // As AWS names them: date, [version], 32 hex digits of the execution environment.
  std::string date = iso8601_seconds(now_millis()).substr(0, 10);
  std::replace(date.begin(), date.end(), '-', '/');
  return date + "/[" + std::string(version) + "]" + random_hex(32, false);
}

// Fires the invocation's timeout. The timeout counts from delivery to the runtime, so a
// cold start does not eat into it (within AWS's 10 s init limit).
struct TimeoutWatch : std::enable_shared_from_this<TimeoutWatch> {
  TimeoutWatch(const asio::any_io_executor& ex, std::shared_ptr<Invocation> inv, std::shared_ptr<Worker> w)
      : timer(ex), invocation(std::move(inv)), worker(std::move(w)) {}

  void arm(Clock::time_point at) {
    std::lock_guard lock(mutex);
    if (stopped) return;
    timer.expires_at(at);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->fired();
    });
  }
  void fired() {
    const int64_t delivered = invocation->delivered_ms.load();
    if (delivered) {
      const int64_t remaining = delivered + invocation->timeout_ms - now_millis();
      if (remaining > 0) {
        arm(Clock::now() + std::chrono::milliseconds(remaining));
        return;
      }
    } else if (Clock::now() < assigned + kInitBudget) {
      arm(assigned + kInitBudget);
      return;
    }
    WorkerResult r;
    r.kind = WorkerResult::Kind::kTimedOut;
    if (invocation->result.set(std::move(r))) worker->kill();
  }
  void stop() {
    std::lock_guard lock(mutex);
    stopped = true;
    timer.cancel();
  }

  std::mutex mutex;
  bool stopped = false;
  asio::steady_timer timer;
  std::shared_ptr<Invocation> invocation;
  std::shared_ptr<Worker> worker;
  Clock::time_point assigned = Clock::now();
};

std::string tail_text(const std::vector<LogEvent>& events) {
  std::string text;
  for (const auto& e : events) {
    text += e.message;
  }
  return text;
}

}  // namespace

RuntimeManager::RuntimeManager(asio::any_io_executor executor, ManagerSettings settings, LogSink& logs)
    : executor_(std::move(executor)), settings_(std::move(settings)), logs_(logs) {
  if (settings_.drop_privileges && ::geteuid() == 0) {
    std::error_code ec;
    std::filesystem::create_directories(settings_.scratch_dir, ec);
    if (world_traversable(settings_.runtimes_dir) && world_traversable(settings_.scratch_dir)) {
      worker_uid_ = 65534;  // nobody
      worker_gid_ = 65534;  // nogroup
    } else {
      spdlog::warn("lambda: workers run as root: {} or {} is not reachable by other users",
                   settings_.runtimes_dir.string(), settings_.scratch_dir.string());
    }
  }
}

RuntimeManager::~RuntimeManager() { shutdown(); }

void RuntimeManager::start() {
  watchdog_ = std::make_unique<asio::steady_timer>(executor_);
  schedule_watchdog();
}

void RuntimeManager::shutdown() {
  stopping_ = true;
  std::vector<std::shared_ptr<Worker>> all;
  {
    std::lock_guard lock(mutex_);
    for (auto& [token, w] : workers_) all.push_back(w);
    if (watchdog_) watchdog_->cancel();
  }
  for (auto& w : all) w->kill();
}

size_t RuntimeManager::worker_count() const {
  std::lock_guard lock(mutex_);
  return workers_.size();
}

std::shared_ptr<Worker> RuntimeManager::find_worker(std::string_view token) const {
  std::lock_guard lock(mutex_);
  auto it = workers_.find(std::string(token));
  return it == workers_.end() ? nullptr : it->second;
}

void RuntimeManager::retire(std::string_view prefix) {
  std::vector<std::shared_ptr<Worker>> stop;
  {
    std::lock_guard lock(mutex_);
    for (auto it = pools_.lower_bound(prefix); it != pools_.end() && it->first.starts_with(prefix);) {
      for (auto& w : it->second.idle) stop.push_back(w);
      it = pools_.erase(it);
    }
  }
  for (auto& w : stop) w->kill();
}

// A new worker costs a cold start (tens of milliseconds of CPU); when the function's
// invocations are short, an invocation first waits about two of their durations (at
// most kMaxHandoffWait) for a busy worker to come free, and starts a new one only if
// none does. Each worker still runs one invocation at a time.
asio::awaitable<std::shared_ptr<Worker>> RuntimeManager::acquire(const std::shared_ptr<const FunctionSpec>& spec,
                                                                 bool& cold) {
  std::shared_ptr<WorkerHandoff> handoff;
  std::chrono::microseconds wait{0};
  {
    std::lock_guard lock(mutex_);
    if (stopping_) throw AwsError(503, "ServiceException", "Bunker is shutting down");
    int& busy = busy_by_function_[spec->concurrency_key];
    if (busy >= spec->max_workers) {
      throw AwsError(429, "TooManyRequestsException", "Rate Exceeded.")
          .field("Reason", spec->reserved_limit ? "ReservedFunctionConcurrentInvocationLimitExceeded"
                                                : "ConcurrentInvocationLimitExceeded");
    }
    int& account_busy = busy_by_account_[spec->account];
    if (account_busy >= settings_.account_concurrency) {
      throw AwsError(429, "TooManyRequestsException", "Rate Exceeded.")
          .field("Reason", "ConcurrentInvocationLimitExceeded");
    }
    ++busy;
    ++account_busy;
    ++busy_total_;
    Pool& pool = pools_[spec->pool_key];
    ++pool.busy;
    while (!pool.idle.empty()) {
      auto w = std::move(pool.idle.back());
      pool.idle.pop_back();
      if (w->alive()) {
        busy_.push_back(w);
        cold = false;
        co_return w;
      }
    }
    if (pool.busy > 1 && pool.average_ms >= 0 && pool.average_ms * 2 < kMaxHandoffWait.count() / 1000.0) {
      wait = std::chrono::microseconds(static_cast<int64_t>(pool.average_ms * 2000) + 200);
      handoff = std::make_shared<WorkerHandoff>(co_await asio::this_coro::executor);
      pool.waiting.push_back(handoff);
    }
  }
  if (handoff) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(wait);
    timer.async_wait([handoff](boost::system::error_code ec) {
      if (!ec) handoff->set(nullptr);
    });
    auto w = co_await handoff->wait();
    timer.cancel();
    if (w) {
      std::lock_guard lock(mutex_);
      busy_.push_back(w);
      cold = false;
      co_return w;
    }
    std::lock_guard lock(mutex_);
    if (auto it = pools_.find(spec->pool_key); it != pools_.end()) std::erase(it->second.waiting, handoff);
  }
  cold = true;
  try {
    auto w = spawn(spec);
    std::lock_guard lock(mutex_);
    busy_.push_back(w);
    co_return w;
  } catch (...) {
    std::lock_guard lock(mutex_);
    --busy_by_function_[spec->concurrency_key];
    --busy_by_account_[spec->account];
    --busy_total_;
    if (auto it = pools_.find(spec->pool_key); it != pools_.end()) --it->second.busy;
    throw;
  }
}

std::shared_ptr<Worker> RuntimeManager::spawn(const std::shared_ptr<const FunctionSpec>& spec) {
  const std::string token = random_hex(24, false);
  LaunchSettings launch;
  launch.runtimes_dir = settings_.runtimes_dir;
  launch.node_command = settings_.node_command;
  launch.python_command = settings_.python_command;
  const std::string address = settings_.address ? settings_.address() : "127.0.0.1:4566";
  // The worker's token goes in a path after host:port: Runtime API requests then reach
  // Bunker's own port under /2018-06-01/runtime and say which worker they come from.
  launch.runtime_api_address = address + "/2018-06-01/runtime/" + token;
  launch.endpoint_url = "http://" + address;
  launch.tmp_dir = settings_.scratch_dir / token;
  launch.log_stream = log_stream_name(spec->version);
  if (settings_.credentials) launch.credentials = settings_.credentials(spec->account);
  launch.uid = worker_uid_;
  launch.gid = worker_gid_;
  std::filesystem::create_directories(launch.tmp_dir);
  if (worker_uid_) ::chown(launch.tmp_dir.c_str(), *worker_uid_, *worker_gid_);

  SpawnSpec process_spec = launch_spec(*spec, launch);  // throws LaunchError
  ChildProcess process = ChildProcess::spawn(process_spec);
  auto worker = std::make_shared<Worker>(spec, token, launch.log_stream, std::move(process), executor_);
  {
    std::lock_guard lock(mutex_);
    workers_[token] = worker;
  }
  worker->start([this](const std::shared_ptr<Worker>& w) { forget(w); });
  return worker;
}

void RuntimeManager::forget(const std::shared_ptr<Worker>& worker) {
  {
    std::lock_guard lock(mutex_);
    workers_.erase(worker->token());
    if (auto it = pools_.find(worker->spec().pool_key); it != pools_.end()) std::erase(it->second.idle, worker);
  }
  std::error_code ec;
  std::filesystem::remove_all(settings_.scratch_dir / worker->token(), ec);
}

void RuntimeManager::release(const std::shared_ptr<Worker>& worker, bool reusable, double duration_ms) {
  worker->finish_invocation();
  bool kill = !reusable;
  std::shared_ptr<Worker> handed;
  {
    std::lock_guard lock(mutex_);
    --busy_by_function_[worker->spec().concurrency_key];
    --busy_by_account_[worker->spec().account];
    --busy_total_;
    std::erase(busy_, worker);
    auto it = pools_.find(worker->spec().pool_key);
    if (it != pools_.end()) {
      Pool& pool = it->second;
      --pool.busy;
      if (duration_ms >= 0)
        pool.average_ms = pool.average_ms < 0 ? duration_ms : pool.average_ms * 0.8 + duration_ms * 0.2;
    }
    if (!kill) {
      if (it == pools_.end() || stopping_ || !worker->alive()) {
        kill = true;
      } else {
        // A waiting invocation takes the worker as it is (it counts itself busy already).
        while (!it->second.waiting.empty()) {
          auto handoff = std::move(it->second.waiting.front());
          it->second.waiting.pop_front();
          if (handoff->set(worker)) {
            handed = worker;
            break;
          }
        }
        if (!handed) it->second.idle.push_back(worker);
      }
    }
  }
  if (kill) worker->kill();
}

asio::awaitable<InvocationOutcome> RuntimeManager::invoke(std::shared_ptr<const FunctionSpec> spec,
                                                          InvocationInput input) {
  auto executor = co_await asio::this_coro::executor;
  const std::string request_id = input.request_id;
  const int64_t started_ms = now_millis();
  const auto started = Clock::now();

  for (int attempt = 0;; ++attempt) {
    bool cold = false;
    std::shared_ptr<Worker> worker;
    try {
      worker = co_await acquire(spec, cold);
    } catch (const LaunchError& e) {
      InvocationOutcome out;
      out.function_error = true;
      out.payload = launch_error_payload(request_id, e.error_type(), e.what());
      std::vector<LogEvent> events{{started_ms, start_line(request_id, input.qualifier_label)},
                                   {now_millis(), e.error_type() + ": " + e.what() + "\n"},
                                   {now_millis(), end_line(request_id)}};
      out.log_text = tail_text(events);
      logs_.append(spec->account, spec->region, spec->log_group, log_stream_name(spec->version), std::move(events));
      co_return out;
    }

    auto invocation = std::make_shared<Invocation>(input, spec->timeout_seconds, executor);
    auto watch = std::make_shared<TimeoutWatch>(executor, invocation, worker);
    worker->assign(invocation);
    watch->arm(Clock::now() + std::chrono::milliseconds(invocation->timeout_ms));
    WorkerResult result;
    try {
      result = co_await invocation->result.wait();
    } catch (...) {
      result.kind = WorkerResult::Kind::kExited;
    }
    watch->stop();

    // A warm worker that died before it even took the invocation (it crashed after its
    // previous one) is replaced, as AWS would start a fresh environment.
    if (result.kind == WorkerResult::Kind::kExited && !cold && invocation->delivered_ms == 0 && attempt == 0) {
      release(worker, false, -1);
      continue;
    }

    const int64_t delivered = invocation->delivered_ms.load();
    const int64_t end_ms = now_millis();
    ReportFigures figures;
    figures.duration_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - started).count() -
        (cold && delivered ? static_cast<double>(delivered - started_ms) : 0.0);
    if (figures.duration_ms < 0) figures.duration_ms = 0;
    figures.memory_size_mb = spec->memory_mb;
    figures.init_duration_ms = worker->take_init_duration_ms();
    figures.max_memory_used_mb = std::min<uint64_t>(worker->peak_memory_mb(), spec->memory_mb);

    InvocationOutcome out;
    bool reusable = false;
    std::vector<LogEvent> events;
    if (cold) events.push_back({started_ms, init_start_line(spec->runtime, spec->region)});
    events.push_back({started_ms, start_line(request_id, input.qualifier_label)});
    switch (result.kind) {
      case WorkerResult::Kind::kResponse:
        out.payload = std::move(result.body);
        reusable = true;
        break;
      case WorkerResult::Kind::kResponseTooLarge:
        out.function_error = true;
        out.payload = response_too_large_payload();
        reusable = true;
        break;
      case WorkerResult::Kind::kError:
      case WorkerResult::Kind::kInitError:
        out.function_error = true;
        out.payload = std::move(result.body);
        reusable = result.kind == WorkerResult::Kind::kError;
        break;
      case WorkerResult::Kind::kExited:
        out.function_error = true;
        out.payload = exit_error_payload(request_id, result.wait_status);
        break;
      case WorkerResult::Kind::kTimedOut:
        out.function_error = true;
        out.payload = timeout_payload(request_id, spec->timeout_seconds);
        figures.timed_out = true;
        break;
      case WorkerResult::Kind::kOutOfMemory:
        out.function_error = true;
        out.payload = out_of_memory_payload(request_id);
        figures.max_memory_used_mb = spec->memory_mb;
        break;
    }
    for (auto& e : worker->take_log()) events.push_back(std::move(e));
    if (result.kind == WorkerResult::Kind::kTimedOut)
      events.push_back({end_ms, timeout_log_line(end_ms, request_id, spec->timeout_seconds)});
    events.push_back({end_ms, end_line(request_id)});
    events.push_back({end_ms, report_line(request_id, figures)});
    out.log_text = tail_text(events);
    logs_.append(spec->account, spec->region, spec->log_group, worker->log_stream(), std::move(events));
    release(worker, reusable && worker->alive(), figures.duration_ms);
    co_return out;
  }
}

void RuntimeManager::schedule_watchdog() {
  std::lock_guard lock(mutex_);
  if (!watchdog_ || stopping_) return;
  watchdog_->expires_after(kWatchdogPeriod);
  watchdog_->async_wait([this](boost::system::error_code ec) {
    if (ec || stopping_) return;
    watchdog_tick();
    schedule_watchdog();
  });
}

void RuntimeManager::watchdog_tick() {
  std::vector<std::shared_ptr<Worker>> busy, expired;
  const bool reap = (++watchdog_ticks_ % 10) == 0;
  {
    std::lock_guard lock(mutex_);
    busy = busy_;
    if (reap) {
      const auto cutoff = Clock::now() - settings_.idle_timeout;
      for (auto& [key, pool] : pools_) {
        std::erase_if(pool.idle, [&](const std::shared_ptr<Worker>& w) {
          if (w->last_used() >= cutoff) return false;
          expired.push_back(w);
          return true;
        });
      }
    }
  }
  // Memory limit: a worker above its function's MemorySize is killed, as Lambda does.
  for (auto& w : busy) {
    auto rss = w->resident_bytes();
    if (!rss || *rss <= static_cast<uint64_t>(w->spec().memory_mb) << 20) continue;
    if (auto inv = w->current()) {
      WorkerResult r;
      r.kind = WorkerResult::Kind::kOutOfMemory;
      if (inv->result.set(std::move(r))) w->kill();
    }
  }
  for (auto& w : expired) w->kill();
}

}  // namespace bunker::runtime
