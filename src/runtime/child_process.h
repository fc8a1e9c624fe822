#pragma once
// A function worker's operating-system process: started in its own session (so its
// whole process group can be signalled), in its code directory, optionally as another
// user, with stdout and stderr on one pipe; observed through a pidfd.
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bunker::runtime {

struct SpawnSpec {
  std::vector<std::string> argv;  // argv[0] is the program (looked up on PATH when relative)
  std::vector<std::string> env;   // "NAME=value"
  std::string cwd;
  std::optional<uid_t> uid;       // drop to this user (and gid) when set
  std::optional<gid_t> gid;
};

class ChildProcess {
 public:
  // Starts the process; throws std::system_error when it cannot.
  static ChildProcess spawn(const SpawnSpec& spec);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Kills the process group and reaps it if still running.
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  int output_fd() const { return output_fd_; }  // read end of stdout+stderr (non-blocking)
  int pid_fd() const { return pid_fd_; }        // readable once the process has exited
                                                // (a pidfd, else an exit pipe's read end)

  // Signals the whole process group (the worker and anything it started).
  void kill_group(int signal = 9) const;
  // Reaps the process if it has exited; returns the wait status once known.
  std::optional<int> try_reap();
  std::optional<int> exit_status() const { return status_; }

  // Hands the descriptors over (to Asio objects that will own and close them).
  int release_output_fd();
  int release_pid_fd();

 private:
  ChildProcess() = default;
  pid_t pid_ = -1;
  int output_fd_ = -1;
  int pid_fd_ = -1;
  bool exit_pipe_ = false;  // pid_fd_ is the read end of the exit pipe (no pidfd_open)
  std::optional<int> status_;
};

// "exit status 1", "signal: killed", as Lambda words a runtime's end.
std::string describe_wait_status(int status);

}  // namespace bunker::runtime
