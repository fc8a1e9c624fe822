#pragma once
// What the runtime manager is asked to run and what it answers: the function
// configuration a worker is started from, one invocation's input, and its outcome.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bunker::runtime {

// Everything needed to start workers for one function version. Workers are shared by
// invocations with the same `pool_key`; a changed configuration gets a new key, so old
// workers are never reused for new code.
struct FunctionSpec {
  std::string pool_key;
  std::string concurrency_key;  // the function (all its versions share its concurrency)
  std::string function_name;
  std::string version;  // "$LATEST" or "1", "2", …
  std::string runtime;  // "nodejs20.x", "python3.12", "provided.al2023", …
  std::string handler;
  std::filesystem::path code_dir;
  std::vector<std::filesystem::path> layer_dirs;  // unpacked layers, in the function's order
  std::vector<std::pair<std::string, std::string>> environment;  // the function's variables
  int memory_mb = 128;
  int timeout_seconds = 3;
  int max_workers = 1000;       // reserved concurrency, else the account's limit
  bool reserved_limit = false;  // max_workers comes from reserved concurrency
  std::string account;          // the function's account: its workers' credentials act in it
  std::string region;
  std::string log_group;        // "/aws/lambda/<name>"
};

struct InvocationInput {
  std::string request_id;
  std::string payload;
  std::string invoked_function_arn;
  std::string client_context;    // JSON text, already base64-decoded
  std::string cognito_identity;  // JSON text
  std::string trace_id;
  std::string qualifier_label;   // "$LATEST" or the version, for START lines
};

struct InvocationOutcome {
  bool function_error = false;
  std::string payload;   // response body, or the error document
  std::string log_text;  // the invocation's log block (START … REPORT), for LogType=Tail
};

// One line of a function's log as CloudWatch Logs keeps it.
struct LogEvent {
  int64_t timestamp_ms = 0;
  std::string message;
};

// Where finished invocations' log lines go (the Lambda service's CloudWatch Logs store).
class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void append(std::string_view account, std::string_view region, std::string_view group,
                      std::string_view stream, std::vector<LogEvent> events) = 0;
};

}  // namespace bunker::runtime
