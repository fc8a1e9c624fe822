// The Lambda service as the front door sees it: the REST-JSON API under /2015-03-31/…
// (and its sibling dates), the Runtime API workers call, and the CloudWatch Logs API
// (Logs_20140328.*) for functions' logs.
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "bunker/core/options.h"
#include "bunker/core/strings.h"
#include "bunker/lambda/event_source_mappings.h"
#include "bunker/lambda/invoker.h"
#include "bunker/lambda/module.h"
#include "bunker/protocol/json_rpc.h"
#include "bunker/protocol/rest_json.h"
#include "bunker/service/credentials.h"
#include "lambda/api.h"
#include "lambda/async_queue.h"
#include "lambda/invoke_engine.h"
#include "lambda/logs_api.h"
#include "lambda/work_dir.h"
#include "runtime/runtime_api.h"

namespace bunker::lambda {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxManagementBody = 70167211;  // CreateFunction's limit on AWS
constexpr size_t kMaxInvokeBody = 7u << 20;      // a little above the 6 MB payload limit

fs::path find_runtimes_dir(const std::string& configured) {
  if (!configured.empty()) return fs::absolute(configured);
  std::vector<fs::path> starts;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) starts.push_back(exe.parent_path());
  starts.push_back(fs::current_path(ec));
  for (auto dir : starts) {
    for (int i = 0; i < 6 && !dir.empty(); ++i) {
      if (fs::exists(dir / "runtimes" / "node" / "bootstrap")) return dir / "runtimes";
      if (dir == dir.parent_path()) break;
      dir = dir.parent_path();
    }
  }
  return fs::absolute("runtimes");
}

std::string default_python() { return ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3"; }

// This server's scratch folder, after removing those of servers killed before they
// could remove their own.
fs::path scratch_folder() {
  const fs::path root = fs::temp_directory_path();
  if (size_t n = sweep_orphaned_work_dirs(root))
    spdlog::info("lambda: removed {} scratch folder(s) of servers that are gone from {}", n, root.string());
  return make_work_dir(root);
}

class LambdaService final : public Service {
 public:
  explicit LambdaService(ServiceContext& context)
      : context_(context), options_(context.options), engines_(context.engines), work_dir_(scratch_folder()) {
    LambdaSettings settings;
    settings.account = context.default_account;
    settings.require_existing_role = options_.flag("lambda-require-existing-role");
    settings.default_region = context.default_region;
    settings.allow_deprecated_runtimes = options_.flag("lambda-allow-deprecated-runtimes");
    settings.account_concurrency = static_cast<int>(options_.integer("lambda-account-concurrency"));
    settings.async_retry_delay =
        std::chrono::milliseconds(static_cast<int64_t>(options_.seconds("lambda-async-retry-delay") * 1000));

    runtime::ManagerSettings rs;
    rs.runtimes_dir = find_runtimes_dir(options_.str("lambda-runtimes-dir"));
    rs.scratch_dir = work_dir_ / "workers";
    rs.node_command = options_.str("lambda-node");
    rs.python_command = options_.str("lambda-python").empty() ? default_python() : options_.str("lambda-python");
    rs.idle_timeout = std::chrono::milliseconds(static_cast<int64_t>(options_.seconds("lambda-idle-timeout") * 1000));
    rs.account_concurrency = settings.account_concurrency;
    rs.eager_workers = options_.flag("lambda-eager-workers");
    rs.address = [this] { return worker_address(); };
    // As AWS hands a function its role's credentials: keys of the function's own account,
    // which the server accepts also under --verify-signatures.
    if (auto* keys = context.engines.find<WorkerCredentials>())
      rs.credentials = [keys](const std::string& account) { return keys->for_account(account); };

    lambda_ = std::make_unique<Lambda>(context.db, context.executor, context.engines, std::move(settings),
                                       std::move(rs), work_dir_ / "code");
    context.engines.provide<Invoker>(lambda_->engine.get());
  }

  ~LambdaService() override {
    lambda_.reset();
    std::error_code ec;
    fs::remove_all(work_dir_, ec);
  }

  std::string_view name() const override { return "lambda"; }
  std::vector<std::string> routes() const override { return {"lambda", "logs"}; }
  uint64_t max_body_bytes() const override { return kMaxManagementBody; }

  void start() override {
    lambda_->runtime.start();
    lambda_->queue->start();
  }
  void shutdown() override {
    lambda_->queue->stop();
    lambda_->runtime.shutdown();
  }
  void reset() override {
    lambda_->runtime.retire("");
    lambda_->store.clear();
    lambda_->logs.clear();
  }

  boost::asio::awaitable<http::Response> handle(http::Request& request) override {
    if (request.service == "logs") {
      auto op = protocol::operation_of(request, logs_style());
      request.operation = op;
      std::string body = co_await request.body->read_all(1 << 20);
      co_return handle_logs_request(lambda_->logs, request, body, account_of(request), region_of(request));
    }
    if (runtime::is_runtime_api_path(request.path)) {
      request.quiet = true;  // workers' own traffic: the access log shows it at debug level
      co_return co_await runtime::handle_runtime_api(lambda_->runtime, request);
    }

    if (EventSourceMappingApi::is_mapping_path(request.path)) co_return co_await event_source_mappings(request);
    auto route = match_route(request.method, request.path, http::query_param(request.params, "find"));
    if (!route) throw AwsError(404, "UnknownOperationException", "Unknown operation " + request.method + " " + request.path);
    request.operation = route->operation;
    const bool invoking = route->op == Op::kInvoke || route->op == Op::kInvokeAsync;
    std::string body = co_await request.body->read_all(invoking ? kMaxInvokeBody : kMaxManagementBody);

    Call call{*lambda_, request, *route, json::object(), region_of(request), account_of(request)};
    if (route->op == Op::kInvoke) co_return co_await invoke(call, std::move(body));
    if (route->op == Op::kInvokeAsync) co_return co_await invoke_async(call, std::move(body));
    if (!body.empty()) {
      call.body = json::parse(body, nullptr, false);
      if (call.body.is_discarded() || !call.body.is_object())
        throw AwsError(400, "InvalidRequestContentException", "Could not parse request body into json");
    }
    try {
      co_return dispatch(call);
    } catch (const json::exception& e) {
      throw AwsError(400, "InvalidParameterValueException", std::string("Invalid request: ") + e.what());
    }
  }

  http::Response render_error(const http::Request& request, const AwsError& error) const override {
    if (request.service == "logs") return protocol::json_error(request, logs_style(), error);
    return protocol::rest_json_error(request, protocol::RestJsonStyle::kLambda, error);
  }

 private:
  // Event source mappings are the event-source module's (bunker/lambda/event_source_mappings.h).
  boost::asio::awaitable<http::Response> event_source_mappings(http::Request& request) {
    auto* api = engines_.find<EventSourceMappingApi>();
    if (!api) throw AwsError(404, "UnknownOperationException", "Unknown operation " + request.method + " " + request.path);
    std::string body = co_await request.body->read_all(1 << 20);
    co_return co_await api->handle(request, std::move(body), account_of(request), region_of(request));
  }

  // The caller's account (its access key's) and region (its signature's scope).
  std::string account_of(const http::Request& request) const {
    return request.caller.account_id.empty() ? lambda_->settings.account : request.caller.account_id;
  }
  std::string region_of(const http::Request& request) const {
    return request.caller.region.empty() ? lambda_->settings.default_region : request.caller.region;
  }

  static http::Response dispatch(Call& call) {
    switch (call.route.op) {
      case Op::kCreateFunction: return create_function(call);
      case Op::kListFunctions: return list_functions(call);
      case Op::kGetFunction: return get_function(call);
      case Op::kDeleteFunction: return delete_function(call);
      case Op::kGetFunctionConfiguration: return get_function_configuration(call);
      case Op::kUpdateFunctionConfiguration: return update_function_configuration(call);
      case Op::kUpdateFunctionCode: return update_function_code(call);
      case Op::kDownloadCode: return download_code(call);
      case Op::kPublishVersion: return publish_version(call);
      case Op::kListVersionsByFunction: return list_versions_by_function(call);
      case Op::kCreateAlias: return create_alias(call);
      case Op::kListAliases: return list_aliases(call);
      case Op::kGetAlias: return get_alias(call);
      case Op::kUpdateAlias: return update_alias(call);
      case Op::kDeleteAlias: return delete_alias(call);
      case Op::kAddPermission: return add_permission(call);
      case Op::kGetPolicy: return get_policy(call);
      case Op::kRemovePermission: return remove_permission(call);
      case Op::kPutFunctionConcurrency: return put_function_concurrency(call);
      case Op::kGetFunctionConcurrency: return get_function_concurrency(call);
      case Op::kDeleteFunctionConcurrency: return delete_function_concurrency(call);
      case Op::kGetAccountSettings: return get_account_settings(call);
      case Op::kPutFunctionEventInvokeConfig: return put_function_event_invoke_config(call);
      case Op::kUpdateFunctionEventInvokeConfig: return update_function_event_invoke_config(call);
      case Op::kGetFunctionEventInvokeConfig: return get_function_event_invoke_config(call);
      case Op::kDeleteFunctionEventInvokeConfig: return delete_function_event_invoke_config(call);
      case Op::kListFunctionEventInvokeConfigs: return list_function_event_invoke_configs(call);
      case Op::kGetFunctionCodeSigningConfig: return get_function_code_signing_config(call);
      case Op::kPutFunctionCodeSigningConfig: return put_function_code_signing_config(call);
      case Op::kDeleteFunctionCodeSigningConfig: return delete_function_code_signing_config(call);
      case Op::kGetRuntimeManagementConfig: return get_runtime_management_config(call);
      case Op::kPutRuntimeManagementConfig: return put_runtime_management_config(call);
      case Op::kTagResource: return tag_resource(call);
      case Op::kUntagResource: return untag_resource(call);
      case Op::kListTags: return list_tags(call);
      case Op::kPublishLayerVersion: return publish_layer_version(call);
      case Op::kListLayerVersions: return list_layer_versions(call);
      case Op::kGetLayerVersion: return get_layer_version(call);
      case Op::kDeleteLayerVersion: return delete_layer_version(call);
      case Op::kListLayers: return list_layers(call);
      case Op::kGetLayerVersionByArn: return get_layer_version_by_arn(call);
      case Op::kInvoke:
      case Op::kInvokeAsync: break;
    }
    throw AwsError(500, "ServiceException", "unrouted operation");
  }

  // Workers reach Bunker at the address it listens on (the kernel's port with --port 0),
  // on the loopback address when it listens on all of them.
  std::string worker_address() const {
    const int port = context_.listen_port;
    std::string host = context_.listen_host.empty() ? options_.str("host") : context_.listen_host;
    if (host == "0.0.0.0" || host == "::" || host.empty()) host = "127.0.0.1";
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    return host + ":" + std::to_string(port);
  }

  ServiceContext& context_;  // outlives the service; listen_port is set before start()
  const Options& options_;
  Engines& engines_;
  fs::path work_dir_;
  std::unique_ptr<Lambda> lambda_;
};

}  // namespace

void register_options(Options& o) {
  using K = OptionSpec::Kind;
  o.add({"lambda-runtimes-dir", "BUNKER_LAMBDA_RUNTIMES_DIR", "",
         "folder of the function runtimes' bootstraps (default: runtimes/ next to the binary's checkout)"});
  o.add({"lambda-node", "BUNKER_LAMBDA_NODE", "node", "Node.js interpreter for nodejs* functions"});
  o.add({"lambda-python", "BUNKER_LAMBDA_PYTHON", "", "Python interpreter for python3.* functions (default /usr/bin/python3)"});
  o.add({"lambda-allow-deprecated-runtimes", "BUNKER_LAMBDA_ALLOW_DEPRECATED_RUNTIMES", "false",
         "accept runtimes AWS no longer allows for new functions (nodejs4.3-16.x, python2.7/3.6-3.8, provided)",
         K::kBool});
  o.add({"lambda-idle-timeout", "BUNKER_LAMBDA_IDLE_TIMEOUT", "600s", "stop a warm worker unused this long",
         K::kSeconds});
  o.add({"lambda-account-concurrency", "BUNKER_LAMBDA_ACCOUNT_CONCURRENCY", "1000",
         "concurrent invocations allowed across all functions of one account", K::kInt, 1, 100000});
  o.add({"lambda-eager-workers", "BUNKER_LAMBDA_EAGER_WORKERS", "false",
         "start a new worker for every invocation that finds none idle, as AWS does (default: wait briefly for a "
         "busy one when that is quicker than a cold start, and cap cold starts in flight)",
         K::kBool});
  o.add({"lambda-require-existing-role", "BUNKER_LAMBDA_REQUIRE_EXISTING_ROLE", "false",
         "CreateFunction/UpdateFunctionConfiguration refuse a Role that IAM does not know (default: any well-formed role ARN)",
         K::kBool});
  o.add({"lambda-async-retry-delay", "BUNKER_LAMBDA_ASYNC_RETRY_DELAY", "60s",
         "wait before retrying a failed Event invocation (doubled for the second retry)", K::kSeconds});
}

std::unique_ptr<Service> make_service(ServiceContext& context) { return std::make_unique<LambdaService>(context); }

}  // namespace bunker::lambda
