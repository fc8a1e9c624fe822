// The API Gateway service as the front door sees it: the management APIs (REST-JSON,
// route key "apigateway") and the invocation of deployed stages (route key
// "execute-api"). Below this file nothing parses HTTP framing.
#include <spdlog/spdlog.h>

#include <mutex>
#include <shared_mutex>

#include "apigateway/api.h"
#include "apigateway/errors.h"
#include "apigateway/invoke/executor.h"
#include "apigateway/state.h"
#include "apigateway/store.h"
#include "bunker/apigateway/module.h"
#include "bunker/core/options.h"
#include "bunker/protocol/rest_json.h"
#include "bunker/storage/database.h"

namespace bunker::apigateway {
namespace {

constexpr uint64_t kMaxBody = 10ull << 20;  // API Gateway's payload limit

bool is_write(std::string_view method) { return method != "GET" && method != "HEAD"; }

class ApiGatewayService final : public Service {
 public:
  explicit ApiGatewayService(ServiceContext& context)
      : context_(context), store_(context.db), state_(store_), executor_(state_, context) {
    state_.load();
  }

  std::string_view name() const override { return "apigateway"; }
  std::vector<std::string> routes() const override { return {"apigateway", "execute-api"}; }
  uint64_t max_body_bytes() const override { return kMaxBody; }

  void start() override { executor_.start(); }

  boost::asio::awaitable<http::Response> handle(http::Request& request) override {
    if (request.service == "execute-api") co_return co_await executor_.handle(request);
    co_return co_await manage(request);
  }

  http::Response render_error(const http::Request& request, const AwsError& error) const override {
    if (request.service == "execute-api") return executor_.render_error(request, error);
    http::Response r = protocol::rest_json_error(request, protocol::RestJsonStyle::kApiGateway, error);
    if (capitalized_message(error)) r.body = nlohmann::json{{"Message", error.message()}}.dump();
    return r;
  }

  void reset() override {
    state_.reset();
    executor_.reset();
  }

 private:
  boost::asio::awaitable<http::Response> manage(http::Request& request) {
    std::map<std::string, std::string, std::less<>> path_params;
    const Operation* op = find_operation(request.method, request.path, request.params, path_params);
    if (!op) {
      request.operation = "Unknown";
      throw not_found(path_known(request.path) ? "Invalid method " + request.method + " for " + request.path
                                               : "Unknown resource path " + request.path);
    }
    request.operation = std::string(op->name);
    const std::string raw = co_await request.body->read_all(kMaxBody);
    json body = json::object();
    const bool raw_operation = op->name == "ImportRestApi" || op->name == "PutRestApi";
    if (!raw.empty() && !raw_operation) {
      body = json::parse(raw, nullptr, false);
      if (body.is_discarded()) throw serialization("Unable to parse the request body as JSON");
    }
    Call call{state_,
              request,
              std::move(path_params),
              body,
              raw,
              request.caller.account_id.empty() ? context_.default_account : request.caller.account_id,
              request.caller.region.empty() ? context_.default_region : request.caller.region};
    Reply reply;
    try {
      if (is_write(request.method)) {
        std::unique_lock lock(state_.mutex());
        reply = op->handler(call);
      } else {
        std::shared_lock lock(state_.mutex());
        reply = op->handler(call);
      }
    } catch (const nlohmann::json::exception& e) {
      throw serialization(std::string("Unable to read the request: ") + e.what());
    } catch (const storage::StorageError& e) {
      throw AwsError(500, "InternalFailure", e.what());
    }
    http::Response r;
    if (reply.raw) {
      r.status = reply.status;
      r.headers.add("Content-Type", reply.content_type);
      r.headers.add("x-amzn-RequestId", request.request_id);
      r.body = std::move(*reply.raw);
    } else {
      r = protocol::rest_json_response(request, reply.status, reply.body);
    }
    for (auto& [k, v] : reply.headers) r.headers.add(k, v);
    co_return r;
  }

  ServiceContext& context_;
  Store store_;
  State state_;
  Executor executor_;
};

}  // namespace

void register_options(Options& o) {
  o.add({"apigateway-ignore-invoke-permissions", "BUNKER_APIGATEWAY_IGNORE_INVOKE_PERMISSIONS", "false",
         "invoke Lambda integrations and authorizers without the function policy (lambda add-permission) or "
         "credentials AWS requires (default: a missing permission is API Gateway's 500, as on AWS)",
         OptionSpec::Kind::kBool});
}

std::unique_ptr<Service> make_service(ServiceContext& context) { return std::make_unique<ApiGatewayService>(context); }

}  // namespace bunker::apigateway
