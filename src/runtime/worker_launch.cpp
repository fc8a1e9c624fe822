#include "runtime/worker_launch.h"

#include <unistd.h>

#include <array>
#include <fstream>
#include <map>

#include "runtime/runtime_catalog.h"

namespace bunker::runtime {
namespace {

std::string join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

bool is_executable(const std::filesystem::path& p) {
  return std::filesystem::is_regular_file(p) && ::access(p.c_str(), X_OK) == 0;
}

// Whether `command` names a program that exists (absolute, relative or on PATH).
bool program_exists(const std::string& command) {
  if (command.find('/') != std::string::npos) return is_executable(command);
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!rest.empty()) {
    auto colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    if (!dir.empty() && is_executable(std::filesystem::path(dir) / command)) return true;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return false;
}

// The python3.X folder a layer's site-packages live in for this runtime.
std::string python_folder(std::string_view runtime) {
  return std::string(runtime.starts_with("python") ? runtime : "python3");
}

bool shebang_is_sh(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string first;
  std::getline(in, first);
  while (!first.empty() && (first.back() == '\r' || first.back() == ' ')) first.pop_back();
  return first == "#!/bin/sh" || first == "#! /bin/sh";
}

}  // namespace

bool is_reserved_variable(std::string_view name) {
  static constexpr std::array kReserved{
      "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
      "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
      "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
      "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
      "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"};
  for (auto r : kReserved)
    if (name == r) return true;
  return false;
}

SpawnSpec launch_spec(const FunctionSpec& fn, const LaunchSettings& s) {
  auto info = find_runtime(fn.runtime);
  const RuntimeFamily family = info ? info->family : RuntimeFamily::kOther;
  const std::string task = fn.code_dir.string();

  std::vector<std::string> path_dirs;
  std::vector<std::string> lib_dirs{task + "/lib", task};
  for (const auto& layer : fn.layer_dirs) {
    path_dirs.push_back((layer / "bin").string());
    lib_dirs.push_back((layer / "lib").string());
  }
  path_dirs.insert(path_dirs.end(), {"/usr/local/bin", "/usr/bin", "/bin"});

  std::map<std::string, std::string> env{
      {"PATH", join(path_dirs, ':')},
      {"LD_LIBRARY_PATH", join(lib_dirs, ':')},
      {"LANG", "en_US.UTF-8"},
      {"TZ", ":UTC"},
      {"HOME", s.tmp_dir.string()},
      {"TMPDIR", s.tmp_dir.string()},
      {"LAMBDA_TASK_ROOT", task},
      {"_HANDLER", fn.handler},
      {"AWS_LAMBDA_RUNTIME_API", s.runtime_api_address},
      {"AWS_LAMBDA_FUNCTION_NAME", fn.function_name},
      {"AWS_LAMBDA_FUNCTION_VERSION", fn.version},
      {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", std::to_string(fn.memory_mb)},
      {"AWS_LAMBDA_LOG_GROUP_NAME", fn.log_group},
      {"AWS_LAMBDA_LOG_STREAM_NAME", s.log_stream},
      {"AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"},
      {"AWS_REGION", fn.region},
      {"AWS_DEFAULT_REGION", fn.region},
      {"AWS_EXECUTION_ENV", "AWS_Lambda_" + fn.runtime},
      {"AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR"},
      // The function's account's worker keys (Bunker accepts them, also when it verifies
      // signatures, and they act in that account); they keep SDKs from looking elsewhere.
      {"AWS_ACCESS_KEY_ID", s.credentials.access_key.empty() ? "test" : s.credentials.access_key},
      {"AWS_SECRET_ACCESS_KEY", s.credentials.secret_key.empty() ? "test" : s.credentials.secret_key},
      {"AWS_SESSION_TOKEN", s.credentials.session_token.empty() ? "test" : s.credentials.session_token},
      {"AWS_ENDPOINT_URL", s.endpoint_url},
  };

  std::vector<std::string> argv;
  switch (family) {
    case RuntimeFamily::kNode: {
      if (!program_exists(s.node_command))
        throw LaunchError("Runtime.InvalidRuntime",
                          "Bunker cannot run " + fn.runtime + ": Node.js ('" + s.node_command + "') is not installed");
      const auto node_dir = s.runtimes_dir / "node";
      std::vector<std::string> node_path;
      for (const auto& layer : fn.layer_dirs) {
        node_path.push_back((layer / "nodejs" / node_major_folder(fn.runtime) / "node_modules").string());
        node_path.push_back((layer / "nodejs" / "node_modules").string());
      }
      node_path.push_back((node_dir / "node_modules").string());
      node_path.push_back(node_dir.string());
      node_path.push_back(task);
      env["NODE_PATH"] = join(node_path, ':');
      env["LAMBDA_RUNTIME_DIR"] = node_dir.string();
      env["AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE"] = "1";
      argv = {s.node_command, (node_dir / "bootstrap").string()};
      break;
    }
    case RuntimeFamily::kPython: {
      if (!program_exists(s.python_command) || fn.runtime == "python2.7")
        throw LaunchError("Runtime.InvalidRuntime",
                          "Bunker cannot run " + fn.runtime + ": no matching Python interpreter is installed");
      const auto python_dir = s.runtimes_dir / "python";
      std::vector<std::string> python_path;
      for (const auto& layer : fn.layer_dirs) {
        python_path.push_back((layer / "python" / "lib" / python_folder(fn.runtime) / "site-packages").string());
        python_path.push_back((layer / "python").string());
      }
      python_path.push_back((python_dir / "site").string());
      env["PYTHONPATH"] = join(python_path, ':');
      env["PYTHONUNBUFFERED"] = "1";
      env["LAMBDA_RUNTIME_DIR"] = python_dir.string();
      argv = {s.python_command, (python_dir / "bootstrap").string()};
      break;
    }
    case RuntimeFamily::kProvided: {
      // As on AWS: the function's bootstrap, else one from a layer (/opt/bootstrap).
      std::filesystem::path bootstrap = fn.code_dir / "bootstrap";
      if (!std::filesystem::exists(bootstrap)) {
        for (const auto& layer : fn.layer_dirs)
          if (std::filesystem::exists(layer / "bootstrap")) bootstrap = layer / "bootstrap";
      }
      if (!std::filesystem::exists(bootstrap))
        throw LaunchError("Runtime.InvalidEntrypoint", "Couldn't find valid bootstrap(s): [" + task + "/bootstrap]");
      env["LAMBDA_RUNTIME_DIR"] = task;
      argv = {bootstrap.string()};
      // On Amazon Linux /bin/sh is bash, and bootstraps written for it (AWS's own
      // custom-runtime tutorial uses `set -o pipefail` and `source`) need it to be.
      if (shebang_is_sh(bootstrap) && ::access("/bin/bash", X_OK) == 0) argv = {"/bin/bash", bootstrap.string()};
      break;
    }
    case RuntimeFamily::kOther:
      throw LaunchError("Runtime.InvalidRuntime", "Bunker cannot run functions of runtime " + fn.runtime +
                                                      " (only nodejs*, python3.* and provided* run locally)");
  }

  // The function's own variables, except the ones AWS reserves.
  for (const auto& [k, v] : fn.environment)
    if (!is_reserved_variable(k)) env[k] = v;

  // AWS_LAMBDA_EXEC_WRAPPER runs a wrapper script in front of the runtime, as on AWS.
  if (auto it = env.find("AWS_LAMBDA_EXEC_WRAPPER"); it != env.end() && family != RuntimeFamily::kProvided)
    argv.insert(argv.begin(), it->second);

  SpawnSpec spec;
  spec.argv = std::move(argv);
  for (const auto& [k, v] : env) spec.env.push_back(k + "=" + v);
  spec.cwd = task;
  spec.uid = s.uid;
  spec.gid = s.gid;
  return spec;
}

}  // namespace bunker::runtime
