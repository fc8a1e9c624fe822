#include "runtime/worker.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/post.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bunker/core/clock.h"

namespace bunker::runtime {
namespace asio = boost::asio;

namespace {
constexpr size_t kMaxEventBytes = 256 * 1024;
constexpr size_t kMaxPendingLines = 10000;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Worker::Worker(std::shared_ptr<const FunctionSpec> spec, std::string token, std::string log_stream,
               ChildProcess process, const asio::any_io_executor& executor)
    : spec_(std::move(spec)),
      token_(std::move(token)),
      log_stream_(std::move(log_stream)),
      process_(std::move(process)),
      executor_(executor),
      output_(executor, process_.release_output_fd()),
      exit_(executor, process_.release_pid_fd()),
      schedstat_fd_(::open(("/proc/" + std::to_string(process_.pid()) + "/schedstat").c_str(), O_RDONLY | O_CLOEXEC)),
      status_fd_(::open(("/proc/" + std::to_string(process_.pid()) + "/status").c_str(), O_RDONLY | O_CLOEXEC)) {}

Worker::~Worker() {
  if (schedstat_fd_ >= 0) ::close(schedstat_fd_);
  if (status_fd_ >= 0) ::close(status_fd_);
  boost::system::error_code ignored;
  output_.close(ignored);
  exit_.close(ignored);
}

void Worker::start(std::function<void(const std::shared_ptr<Worker>&)> on_exit,
                   std::function<void(const std::shared_ptr<Worker>&, double)> on_ready) {
  on_exit_ = std::move(on_exit);
  on_ready_ = std::move(on_ready);
  read_output();
  watch_exit();
}

void Worker::read_output() {
  output_.async_read_some(asio::buffer(read_buffer_), [self = shared_from_this()](boost::system::error_code ec,
                                                                                  size_t n) {
    if (n > 0) {
      std::lock_guard lock(self->mutex_);
      self->append_output(self->read_buffer_.data(), n);
    }
    if (!ec) self->read_output();
  });
}

void Worker::watch_exit() {
  exit_.async_wait(asio::posix::stream_descriptor::wait_read, [self = shared_from_this()](boost::system::error_code ec) {
    if (ec == asio::error::operation_aborted) return;
    self->on_exited();
  });
}

void Worker::on_exited() {
  auto status = process_.try_reap();
  std::shared_ptr<Invocation> failed;
  std::shared_ptr<OneShot<std::shared_ptr<Invocation>>> waiter;
  {
    std::lock_guard lock(mutex_);
    if (dead_) return;
    dead_ = true;
    failed = current_;
    waiter = std::move(next_waiter_);
  }
  if (failed) {
    WorkerResult r;
    r.kind = WorkerResult::Kind::kExited;
    r.wait_status = status.value_or(0);
    failed->result.set(std::move(r));
  }
  if (waiter) waiter->close();
  if (on_exit_) on_exit_(shared_from_this());
}

void Worker::append_output(const char* data, size_t size) {
  const int64_t ts = now_ms();
  size_t start = 0;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] != '\n') continue;
    partial_line_.append(data + start, i - start);
    // Runtimes turn the newlines inside one message into '\r'; the event keeps them as
    // newlines, as CloudWatch Logs shows them.
    for (char& c : partial_line_)
      if (c == '\r') c = '\n';
    partial_line_ += '\n';
    lines_.push_back({ts, std::move(partial_line_)});
    partial_line_.clear();
    start = i + 1;
  }
  partial_line_.append(data + start, size - start);
  // Bounded memory for a worker that writes without end: CloudWatch Logs events are at
  // most 256 KB, and a worker keeps at most kMaxPendingLines between invocations.
  if (partial_line_.size() >= kMaxEventBytes) {
    lines_.push_back({ts, partial_line_.substr(0, kMaxEventBytes)});
    partial_line_.erase(0, kMaxEventBytes);
  }
  if (lines_.size() > kMaxPendingLines) lines_.erase(lines_.begin(), lines_.begin() + (lines_.size() - kMaxPendingLines));
}

void Worker::assign(std::shared_ptr<Invocation> invocation) {
  std::shared_ptr<OneShot<std::shared_ptr<Invocation>>> waiter;
  {
    std::lock_guard lock(mutex_);
    current_ = invocation;
    delivered_ = false;
    last_used_ = Clock::now();
    if (next_waiter_) {
      waiter = std::move(next_waiter_);
      delivered_ = true;
      invocation->delivered_ms = now_ms();
    }
  }
  if (waiter) waiter->set(std::move(invocation));
}

void Worker::finish_invocation() {
  std::lock_guard lock(mutex_);
  current_.reset();
  delivered_ = false;
  last_used_ = Clock::now();
}

std::vector<LogEvent> Worker::take_log() {
  std::lock_guard lock(mutex_);
  // Runtimes flush their output before they post a result, so what the invocation wrote
  // is already in the pipe: read it now rather than waiting for the watcher.
  if (output_.is_open()) {
    char buf[16384];
    for (;;) {
      ssize_t n = ::read(output_.native_handle(), buf, sizeof buf);
      if (n > 0) {
        append_output(buf, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      break;
    }
  }
  if (dead_ && !partial_line_.empty()) {
    lines_.push_back({now_ms(), std::move(partial_line_)});
    partial_line_.clear();
  }
  return std::exchange(lines_, {});
}

void Worker::kill() { process_.kill_group(); }

bool Worker::alive() const {
  std::lock_guard lock(mutex_);
  return !dead_;
}

std::optional<double> Worker::take_init_duration_ms() {
  std::lock_guard lock(mutex_);
  if (init_reported_ || !ready_) return std::nullopt;
  init_reported_ = true;
  return std::chrono::duration<double, std::milli>(*ready_ - started_).count();
}

uint64_t Worker::peak_memory_mb() const {
  auto bytes = status_field_bytes("VmHWM:");
  return bytes ? (*bytes + (1 << 20) - 1) >> 20 : 0;
}

std::optional<uint64_t> Worker::status_field_bytes(const char* field) const {
  if (status_fd_ < 0) return std::nullopt;
  char buf[4096];
  const ssize_t n = ::pread(status_fd_, buf, sizeof buf - 1, 0);  // one syscall: the file stays open
  if (n <= 0) return std::nullopt;  // the process is gone
  buf[n] = '\0';
  const char* at = std::strstr(buf, field);
  if (!at) return std::nullopt;
  return std::strtoull(at + std::strlen(field), nullptr, 10) * 1024;
}

std::optional<uint64_t> Worker::run_queue_ns() const {
  if (schedstat_fd_ < 0) return std::nullopt;
  char buf[96];
  const ssize_t n = ::pread(schedstat_fd_, buf, sizeof buf - 1, 0);  // one syscall: the file stays open
  if (n <= 0) return std::nullopt;
  buf[n] = '\0';
  char* end = nullptr;
  std::strtoull(buf, &end, 10);  // time on a CPU
  const uint64_t waiting = std::strtoull(end, &end, 10);
  return waiting;
}

std::optional<uint64_t> Worker::resident_bytes() const { return status_field_bytes("VmRSS:"); }

std::shared_ptr<Invocation> Worker::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

Worker::Clock::time_point Worker::last_used() const {
  std::lock_guard lock(mutex_);
  return last_used_;
}

asio::awaitable<std::shared_ptr<Invocation>> Worker::next_invocation() {
  auto executor = co_await asio::this_coro::executor;
  auto waiter = std::make_shared<OneShot<std::shared_ptr<Invocation>>>(executor);
  std::shared_ptr<Invocation> ready_now;
  std::optional<double> became_ready_ms;
  {
    std::lock_guard lock(mutex_);
    if (!ready_) {
      ready_ = Clock::now();
      became_ready_ms = std::chrono::duration<double, std::milli>(*ready_ - started_).count();
    }
    if (dead_) throw std::runtime_error("worker stopped");
    if (current_ && !delivered_) {
      delivered_ = true;
      current_->delivered_ms = now_ms();
      ready_now = current_;
    } else {
      next_waiter_ = waiter;
    }
  }
  if (became_ready_ms && on_ready_) on_ready_(shared_from_this(), *became_ready_ms);
  if (ready_now) co_return ready_now;
  co_return co_await waiter->wait();
}

bool Worker::post_result(std::string_view request_id, WorkerResult result) {
  std::shared_ptr<Invocation> invocation;
  {
    std::lock_guard lock(mutex_);
    if (!current_ || !delivered_ || current_->input.request_id != request_id) return false;
    invocation = current_;
  }
  invocation->answered_ns = steady_ns();
  invocation->result.set(std::move(result));
  return true;
}

void Worker::post_init_error(WorkerResult result) {
  std::shared_ptr<Invocation> invocation;
  {
    std::lock_guard lock(mutex_);
    invocation = current_;
  }
  if (invocation) invocation->result.set(std::move(result));
  // A runtime that failed to initialise is not reused: the next invocation starts afresh.
  kill();
}

}  // namespace bunker::runtime
