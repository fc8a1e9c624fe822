#include "lambda/lambda_core.h"

#include "bunker/http/headers.h"
#include "bunker/protocol/rest_json.h"
#include "lambda/async_queue.h"
#include "lambda/invoke_engine.h"

namespace bunker::lambda {

Lambda::Lambda(storage::Database& db, boost::asio::any_io_executor ex, Engines& engines_, LambdaSettings s,
               runtime::ManagerSettings runtime_settings, std::filesystem::path code_root)
    : settings(std::move(s)),
      executor(ex),
      engines(engines_),
      store(db),
      logs(db, ex),
      code(store, std::move(code_root)),
      runtime(ex, std::move(runtime_settings), logs),
      engine(std::make_unique<InvokeEngine>(*this)),
      queue(std::make_unique<AsyncQueue>(*this)) {}

Lambda::~Lambda() {
  queue->stop();
  runtime.shutdown();
}

std::optional<std::string> Call::query(std::string_view name) const {
  auto v = http::query_param(request.params, name);
  if (!v) return std::nullopt;
  return std::string(*v);
}

http::Response json_reply(const Call& call, int status, const json& body) {
  return protocol::rest_json_response(call.request, status, body);
}

http::Response empty_reply(const Call& call, int status) {
  http::Response r;
  r.status = status;
  r.headers.add("x-amzn-RequestId", call.request.request_id);
  return r;
}

}  // namespace bunker::lambda
