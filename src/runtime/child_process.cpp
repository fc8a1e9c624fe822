#include "runtime/child_process.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <system_error>
#include <utility>

namespace bunker::runtime {
namespace {

int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  errno = ENOSYS;
  return -1;
#endif
}

void close_from(int lowest) {
#ifdef SYS_close_range
  if (::syscall(SYS_close_range, lowest, ~0U, 0) == 0) return;
#endif
  long max = ::sysconf(_SC_OPEN_MAX);
  for (int fd = lowest; fd < max; ++fd) ::close(fd);
}

}  // namespace

ChildProcess ChildProcess::spawn(const SpawnSpec& spec) {
  // Everything the child needs is prepared before fork: after it, only
  // async-signal-safe calls are allowed (the server is multi-threaded).
  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& e : spec.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  std::string program = spec.argv.at(0);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  // Without pidfd_open (kernels before 5.3, valgrind) the exit is seen as the end of a
  // pipe whose write end only the child holds, as its fd 3.
  static const bool has_pidfd = [] {
    int fd = open_pidfd(::getpid());
    if (fd >= 0) ::close(fd);
    return fd >= 0 || errno != ENOSYS;
  }();
  int exit_fds[2] = {-1, -1};
  if (!has_pidfd && ::pipe2(exit_fds, O_CLOEXEC) != 0) {
    int err = errno;
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw std::system_error(err, std::generic_category(), "pipe");
  }
  int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);

  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    int err = errno;
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    for (int fd : exit_fds)
      if (fd >= 0) ::close(fd);
    if (devnull >= 0) ::close(devnull);
    throw std::system_error(err, std::generic_category(), "fork");
  }
  if (pid == 0) {
    ::setsid();
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(pipe_fds[1], 1);
    ::dup2(pipe_fds[1], 2);
    if (exit_fds[1] >= 0) {
      ::dup2(exit_fds[1], 3);  // dup2 clears close-on-exec
      close_from(4);
    } else {
      close_from(3);
    }
    if (!spec.cwd.empty() && ::chdir(spec.cwd.c_str()) != 0) ::_exit(126);
    if (spec.gid && ::setgid(*spec.gid) != 0) ::_exit(126);
    if (spec.uid) {
      ::setgroups(0, nullptr);
      if (::setuid(*spec.uid) != 0) ::_exit(126);
    }
    // A worker never outlives Bunker (set after setuid, which clears it).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    // Default signal dispositions for the worker (the server ignores SIGPIPE).
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execvpe(program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }

  ::close(pipe_fds[1]);
  if (devnull >= 0) ::close(devnull);
  ::fcntl(pipe_fds[0], F_SETFL, ::fcntl(pipe_fds[0], F_GETFL) | O_NONBLOCK);

  ChildProcess child;
  child.pid_ = pid;
  child.output_fd_ = pipe_fds[0];
  if (exit_fds[0] >= 0) {
    ::close(exit_fds[1]);
    child.pid_fd_ = exit_fds[0];
    child.exit_pipe_ = true;
    return child;
  }
  child.pid_fd_ = open_pidfd(pid);
  if (child.pid_fd_ < 0) {
    int err = errno;
    child.kill_group();
    throw std::system_error(err, std::generic_category(), "pidfd_open");
  }
  ::fcntl(child.pid_fd_, F_SETFD, FD_CLOEXEC);
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept { *this = std::move(other); }

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  std::swap(pid_, other.pid_);
  std::swap(output_fd_, other.output_fd_);
  std::swap(pid_fd_, other.pid_fd_);
  std::swap(status_, other.status_);
  std::swap(exit_pipe_, other.exit_pipe_);
  return *this;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !status_) {
    kill_group();
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (output_fd_ >= 0) ::close(output_fd_);
  if (pid_fd_ >= 0) ::close(pid_fd_);
}

void ChildProcess::kill_group(int signal) const {
  if (pid_ <= 0 || status_) return;
  ::kill(-pid_, signal);
  ::kill(pid_, signal);
}

std::optional<int> ChildProcess::try_reap() {
  if (status_ || pid_ <= 0) return status_;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  // The exit pipe closes while the process is still exiting: give it a moment.
  for (int i = 0; exit_pipe_ && r == 0 && i < 200; ++i) {
    ::usleep(500);
    r = ::waitpid(pid_, &status, WNOHANG);
  }
  if (r == pid_) {
    status_ = status;
    ::kill(-pid_, SIGKILL);  // whatever it left running in its group goes with it
  }
  return status_;
}

int ChildProcess::release_output_fd() { return std::exchange(output_fd_, -1); }
int ChildProcess::release_pid_fd() { return std::exchange(pid_fd_, -1); }

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    switch (WTERMSIG(status)) {
      case SIGKILL: return "signal: killed";
      case SIGSEGV: return "signal: segmentation fault";
      case SIGABRT: return "signal: aborted";
      case SIGTERM: return "signal: terminated";
      case SIGBUS: return "signal: bus error";
      case SIGILL: return "signal: illegal instruction";
      case SIGFPE: return "signal: floating point exception";
      default: return "signal: " + std::string(strsignal(WTERMSIG(status)));
    }
  }
  return "exit status " + std::to_string(status);
}

}  // namespace bunker::runtime
