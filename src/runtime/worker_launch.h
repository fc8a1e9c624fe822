#pragma once
// How a worker process is started for a function: the command for its runtime family
// and the environment AWS gives functions, pointed back at Bunker.
#include <filesystem>
#include <optional>
#include <string>

#include "bunker/service/credentials.h"
#include "runtime/child_process.h"
#include "runtime/invocation.h"

namespace bunker::runtime {

struct LaunchSettings {
  std::filesystem::path runtimes_dir;  // the repository's runtimes/ (bootstraps, SDKs)
  std::string node_command;            // the system node
  std::string python_command;          // the system python3
  std::string runtime_api_address;     // host:port/prefix for AWS_LAMBDA_RUNTIME_API
  std::string endpoint_url;            // http://host:port for AWS_ENDPOINT_URL
  std::filesystem::path tmp_dir;       // the worker's own /tmp
  std::string log_stream;
  // AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN; empty keys: "test".
  Credential credentials;
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
};

// Thrown when a function cannot be started at all (no interpreter, no bootstrap); the
// message says why, for the invoke's error.
class LaunchError : public std::runtime_error {
 public:
  LaunchError(std::string error_type, const std::string& message)
      : std::runtime_error(message), error_type_(std::move(error_type)) {}
  const std::string& error_type() const { return error_type_; }

 private:
  std::string error_type_;
};

SpawnSpec launch_spec(const FunctionSpec& function, const LaunchSettings& settings);

// Environment variable names AWS reserves (a function may not set them).
bool is_reserved_variable(std::string_view name);

}  // namespace bunker::runtime
