#include "runtime/runtime_manager.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <thread>

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
constexpr auto kColdStartLease = std::chrono::seconds(2);

// Two per core: cold starts in flight at once.
int two_per_core() {
  static const int n = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()) * 2);
  return n;
}

// One per core: the workers a function starts without weighing (worker_scheduling.h).
int one_per_core() {
  static const int n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return n;
}

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
    : executor_(std::move(executor)),
      settings_(std::move(settings)),
      logs_(logs),
      max_cold_starts_(settings_.max_cold_starts > 0 ? settings_.max_cold_starts : two_per_core()) {
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
  std::lock_guard lock(mutex_);
  watchdog_ = std::make_unique<asio::steady_timer>(executor_);
  schedule_watchdog_locked();
}

void RuntimeManager::shutdown() {
  stopping_ = true;
  std::vector<std::shared_ptr<Worker>> all;
  std::vector<std::shared_ptr<WorkerHandoff>> waiters;
  {
    std::lock_guard lock(mutex_);
    for (auto& [token, w] : workers_) all.push_back(w);
    for (auto& [key, pool] : pools_)
      for (auto& h : pool.waiting) waiters.push_back(h);
    for (auto& [token, lease] : starting_) lease->cancel();
    if (watchdog_) watchdog_->cancel();
  }
  for (auto& h : waiters) h->set(nullptr);  // they see stopping_ and give up
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
  std::vector<std::shared_ptr<WorkerHandoff>> waiters;
  {
    std::lock_guard lock(mutex_);
    for (auto it = pools_.lower_bound(prefix); it != pools_.end() && it->first.starts_with(prefix);) {
      Pool& pool = it->second;
      for (auto& w : pool.idle) stop.push_back(w);
      pool.idle.clear();
      if (pool.held == 0 && pool.waiting.empty()) {
        it = pools_.erase(it);
        continue;
      }
      // Invocations under way keep their pool's counts; its workers are not reused.
      pool.retired = true;
      for (auto& h : pool.waiting) waiters.push_back(h);
      ++it;
    }
  }
  for (auto& h : waiters) h->set(nullptr);
  for (auto& w : stop) w->kill();
}

void RuntimeManager::count_invocation(const FunctionSpec& spec) {
  int& busy = busy_by_function_[spec.concurrency_key];
  if (busy >= spec.max_workers) {
    throw AwsError(429, "TooManyRequestsException", "Rate Exceeded.")
        .field("Reason", spec.reserved_limit ? "ReservedFunctionConcurrentInvocationLimitExceeded"
                                             : "ConcurrentInvocationLimitExceeded");
  }
  int& account_busy = busy_by_account_[spec.account];
  if (account_busy >= settings_.account_concurrency) {
    throw AwsError(429, "TooManyRequestsException", "Rate Exceeded.").field("Reason", "ConcurrentInvocationLimitExceeded");
  }
  ++busy;
  ++account_busy;
  ++busy_total_;
}

void RuntimeManager::uncount_invocation(const FunctionSpec& spec) {
  --busy_by_function_[spec.concurrency_key];
  --busy_by_account_[spec.account];
  --busy_total_;
}

// Concurrency is counted in invocations, waiting ones included, so throttling is as on
// AWS whatever the scheduling; which worker runs an invocation is runtime/
// worker_scheduling.h's decision.
asio::awaitable<std::shared_ptr<Worker>> RuntimeManager::acquire(const std::shared_ptr<const FunctionSpec>& spec,
                                                                 bool& cold) {
  bool counted = false;
  bool waited = false;  // waited out a bound once: after that, only a cold-start slot is waited for
  uint64_t completed_before = 0;  // the pool's completed invocations when this one began waiting
  try {
    for (;;) {
      std::shared_ptr<WorkerHandoff> handoff;
      std::optional<std::chrono::microseconds> bound;
      {
        std::lock_guard lock(mutex_);
        if (stopping_) throw AwsError(503, "ServiceException", "Bunker is shutting down");
        if (!counted) {
          count_invocation(*spec);
          counted = true;
        }
        Pool& pool = pools_[spec->pool_key];
        while (!pool.idle.empty()) {
          auto w = std::move(pool.idle.back());
          pool.idle.pop_back();
          if (w->alive()) {
            ++pool.held;
            busy_.push_back(w);
            cold = false;
            co_return w;
          }
        }
        const PoolLoad load = load_of(pool, pool.waiting.size());
        const bool start = settings_.eager_workers || waited || should_start_worker(load);
        if (start && (settings_.eager_workers || cold_starts_ < max_cold_starts_)) {
          ++pool.held;
          ++cold_starts_;
          break;
        }
        handoff = std::make_shared<WorkerHandoff>(co_await asio::this_coro::executor);
        pool.waiting.push_back(handoff);
        completed_before = pool.completed;
        if (start) {
          slot_waiters_.push_back(handoff);
        } else {
          bound = std::chrono::microseconds(static_cast<int64_t>(wait_bound_ms(load) * 1000));
        }
      }
      for (;;) {
        std::optional<asio::steady_timer> timer;
        auto expired = std::make_shared<std::atomic<bool>>(false);
        if (bound) {
          timer.emplace(co_await asio::this_coro::executor);
          timer->expires_after(*bound);
          timer->async_wait([handoff, expired](boost::system::error_code ec) {
            if (ec) return;
            expired->store(true);
            handoff->set(nullptr);
          });
        }
        auto w = co_await handoff->wait();
        if (timer) timer->cancel();
        std::lock_guard lock(mutex_);
        if (w) {  // released to us: the pool counts it held already
          busy_.push_back(w);
          cold = false;
          co_return w;
        }
        auto it = pools_.find(spec->pool_key);
        if (expired->load() && it != pools_.end() && !stopping_ && it->second.completed > completed_before) {
          // The bound ran out but invocations ahead finished meanwhile: the machine is slow,
          // not the function. Decide again from where it stands in the queue, keeping its
          // place when waiting still looks quicker than a cold start.
          Pool& pool = it->second;
          auto place = std::find(pool.waiting.begin(), pool.waiting.end(), handoff);
          if (place != pool.waiting.end()) {
            const PoolLoad load = load_of(pool, static_cast<size_t>(place - pool.waiting.begin()));
            if (!should_start_worker(load)) {
              handoff = std::make_shared<WorkerHandoff>(co_await asio::this_coro::executor);
              *place = handoff;
              completed_before = pool.completed;
              bound = std::chrono::microseconds(static_cast<int64_t>(wait_bound_ms(load) * 1000));
              continue;
            }
          }
        }
        if (it != pools_.end()) std::erase(it->second.waiting, handoff);
        // Waited long enough with no progress: start a worker. Woken otherwise (a
        // cold-start slot came free, the pool was retired): decide again with what is known now.
        waited = waited || expired->load();
        break;
      }
    }
  } catch (...) {
    if (counted) {
      std::lock_guard lock(mutex_);
      uncount_invocation(*spec);
    }
    throw;
  }

  cold = true;
  try {
    auto w = spawn(spec);
    std::lock_guard lock(mutex_);
    busy_.push_back(w);
    co_return w;
  } catch (...) {
    std::lock_guard lock(mutex_);
    uncount_invocation(*spec);
    if (auto it = pools_.find(spec->pool_key); it != pools_.end()) --it->second.held;
    --cold_starts_;
    wake_slot_waiter();
    throw;
  }
}

PoolLoad RuntimeManager::load_of(const Pool& pool, size_t waiting_ahead) const {
  PoolLoad load;
  load.held = pool.held;
  load.waiting = waiting_ahead;
  load.duration_ms = pool.duration_ms;
  load.cold_start_ms = pool.cold_start_ms.value_or(cold_start_ms_.value_or(150));
  load.free_workers = one_per_core();
  return load;
}

void RuntimeManager::wake_slot_waiter() {
  while (!slot_waiters_.empty()) {
    auto h = slot_waiters_.front().lock();
    slot_waiters_.pop_front();
    if (h && h->set(nullptr)) return;
  }
}

void RuntimeManager::cold_start_over(const std::string& token, const std::string& pool_key,
                                     std::optional<double> init_ms) {
  std::lock_guard lock(mutex_);
  auto it = starting_.find(token);
  if (it == starting_.end()) return;
  it->second->cancel();
  starting_.erase(it);
  --cold_starts_;
  if (init_ms) {
    cold_start_ms_.add(*init_ms);
    if (auto p = pools_.find(pool_key); p != pools_.end()) p->second.cold_start_ms.add(*init_ms);
  }
  wake_slot_waiter();
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
    if (!watchdog_armed_) schedule_watchdog_locked();
    // A cold start holds its slot until the worker is ready, or for kColdStartLease at
    // most: a runtime that hangs in its init does not hold up everyone else's.
    auto lease = std::make_unique<asio::steady_timer>(executor_);
    lease->expires_after(kColdStartLease);
    lease->async_wait([this, token, key = spec->pool_key](boost::system::error_code ec) {
      if (!ec) cold_start_over(token, key, std::nullopt);
    });
    starting_.emplace(token, std::move(lease));
  }
  worker->start([this](const std::shared_ptr<Worker>& w) { forget(w); },
                [this](const std::shared_ptr<Worker>& w, double init_ms) {
                  cold_start_over(w->token(), w->spec().pool_key, init_ms);
                });
  return worker;
}

void RuntimeManager::forget(const std::shared_ptr<Worker>& worker) {
  cold_start_over(worker->token(), worker->spec().pool_key, std::nullopt);
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
  {
    std::lock_guard lock(mutex_);
    uncount_invocation(worker->spec());
    std::erase(busy_, worker);
    auto it = pools_.find(worker->spec().pool_key);
    if (it == pools_.end()) {
      kill = true;
    } else {
      Pool& pool = it->second;
      if (duration_ms >= 0) {
        pool.duration_ms.add(duration_ms);
        ++pool.completed;
      }
      if (pool.retired || stopping_ || !worker->alive()) kill = true;
      bool handed = false;
      if (!kill) {
        // The first waiting invocation takes the worker as it is (still held).
        while (!pool.waiting.empty() && !handed) {
          auto handoff = std::move(pool.waiting.front());
          pool.waiting.pop_front();
          handed = handoff->set(worker);
        }
        if (!handed) pool.idle.push_back(worker);
      }
      if (!handed) --pool.held;
      if (pool.retired && pool.held == 0 && pool.waiting.empty()) pools_.erase(it);
    }
  }
  if (kill) worker->kill();
}

asio::awaitable<InvocationOutcome> RuntimeManager::invoke(std::shared_ptr<const FunctionSpec> spec,
                                                          InvocationInput input) {
  auto executor = co_await asio::this_coro::executor;
  const std::string request_id = input.request_id;

  for (int attempt = 0;; ++attempt) {
    bool cold = false;
    std::shared_ptr<Worker> worker;
    // Duration counts from when the invocation has its worker: time spent waiting for
    // one is not the function's (as an invocation on AWS is not billed for its queueing).
    int64_t started_ms = now_millis();
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

    started_ms = now_millis();
    const auto started = Clock::now();
    auto invocation = std::make_shared<Invocation>(input, spec->timeout_seconds, executor);
    auto watch = std::make_shared<TimeoutWatch>(executor, invocation, worker);
    const auto queued_before = worker->run_queue_ns();
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
    // The scheduler weighs the function's own time: on a busy machine, the time its worker
    // waited for a CPU would otherwise read as a slow function and call for more workers,
    // which only make the wait longer.
    double own_ms = figures.duration_ms;
    // From the runtime's point of view: Bunker's own queues (a busy event loop delays
    // handing the event over and reading the result) are not the function being slow either.
    if (const int64_t handed = invocation->handed_ns.load(), answered = invocation->answered_ns.load();
        handed && answered >= handed)
      own_ms = std::min(own_ms, static_cast<double>(answered - handed) / 1e6);
    // (A cold start's waits are not the invocation's: its figure stays as it is.)
    if (const auto queued_after = worker->run_queue_ns();
        !cold && queued_before && queued_after && *queued_after >= *queued_before)
      own_ms = std::max(0.0, own_ms - static_cast<double>(*queued_after - *queued_before) / 1e6);
    release(worker, reusable && worker->alive(), own_ms);
    co_return out;
  }
}

void RuntimeManager::schedule_watchdog() {
  std::lock_guard lock(mutex_);
  schedule_watchdog_locked();
}

// The watchdog runs only while workers exist: an idle server without workers has no
// timer waking it ten times a second.
void RuntimeManager::schedule_watchdog_locked() {
  watchdog_armed_ = false;
  if (!watchdog_ || stopping_ || workers_.empty()) return;
  watchdog_armed_ = true;
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
