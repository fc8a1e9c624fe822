#pragma once
// What every Lambda operation works with: the stores, the runtime manager, settings,
// and one request's decoded inputs.
#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "bunker/http/message.h"
#include "lambda/code_cache.h"
#include "lambda/lambda_store.h"
#include "lambda/log_store.h"
#include "lambda/routes.h"
#include "runtime/runtime_manager.h"

namespace bunker {
class Engines;
namespace storage {
class Database;
}
}  // namespace bunker

namespace bunker::lambda {

using nlohmann::json;

struct LambdaSettings {
  std::string account;
  std::string default_region;
  bool allow_deprecated_runtimes = false;
  // The function's Role must exist in Bunker's IAM (most local set-ups never create roles,
  // so by default any well-formed role ARN is taken).
  bool require_existing_role = false;
  int account_concurrency = 1000;
  // Event invocations that fail are retried twice, after this delay and twice it
  // (AWS waits about a minute, then two).
  std::chrono::milliseconds async_retry_delay{std::chrono::seconds(60)};
  int async_max_retries = 2;
};

class InvokeEngine;
class AsyncQueue;

class Lambda {
 public:
  Lambda(storage::Database& db, boost::asio::any_io_executor executor, Engines& engines, LambdaSettings settings,
         runtime::ManagerSettings runtime_settings, std::filesystem::path code_root);
  ~Lambda();

  LambdaSettings settings;
  boost::asio::any_io_executor executor;
  Engines& engines;
  LambdaStore store;
  LogStore logs;
  CodeCache code;
  runtime::RuntimeManager runtime;
  std::unique_ptr<InvokeEngine> engine;
  std::unique_ptr<AsyncQueue> queue;
  // Serialises the read-modify-write of function records by control-plane calls.
  std::mutex mutex;
};

// One request, decoded.
struct Call {
  Lambda& lambda;
  http::Request& request;
  const Route& route;
  json body;           // the JSON body (empty object when none)
  std::string region;   // from the SigV4 scope, else the default
  std::string account;  // the caller's, from its access key

  Scope scope() const { return {account, region}; }

  std::optional<std::string> query(std::string_view name) const;
};

// Lambda's JSON answer with the status code of the operation.
http::Response json_reply(const Call& call, int status, const json& body);
http::Response empty_reply(const Call& call, int status);

}  // namespace bunker::lambda
