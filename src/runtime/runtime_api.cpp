#include "runtime/runtime_api.h"

#include <nlohmann/json.hpp>

#include "bunker/core/aws_error.h"
#include "bunker/core/encoding.h"
#include "runtime/invocation_report.h"
#include "runtime/runtime_manager.h"
#include "runtime/worker.h"

namespace bunker::runtime {
namespace {

constexpr std::string_view kPrefix = "/2018-06-01/runtime/";

http::Response json_reply(int status, const nlohmann::json& body) {
  http::Response r;
  r.status = status;
  r.headers.add("Content-Type", "application/json");
  r.body = body.dump();
  return r;
}

http::Response error_reply(int status, std::string_view type, std::string_view message) {
  return json_reply(status, {{"errorMessage", message}, {"errorType", type}});
}

http::Response accepted() {
  http::Response r;
  r.status = 202;
  r.headers.add("Content-Type", "application/json");
  r.body = R"({"status":"OK"})";
  return r;
}

// A posted error document is kept as the runtime sent it when it is JSON; anything else
// is wrapped the way Lambda reports an unparseable error.
std::string error_document(std::string body, std::string_view error_type) {
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_discarded()) return body;
  nlohmann::ordered_json doc;
  doc["errorMessage"] = body;
  doc["errorType"] = error_type.empty() ? "Runtime.Unknown" : std::string(error_type);
  return doc.dump();
}

}  // namespace

bool is_runtime_api_path(std::string_view path) { return path.starts_with(kPrefix); }

boost::asio::awaitable<http::Response> handle_runtime_api(RuntimeManager& manager, http::Request& request) {
  // /2018-06-01/runtime/<token>/2018-06-01/runtime/<operation…>
  std::string_view rest = std::string_view(request.path).substr(kPrefix.size());
  const auto slash = rest.find('/');
  const std::string_view token = rest.substr(0, slash);
  std::string_view op = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  if (!op.starts_with(kPrefix)) {
    request.operation = "RuntimeApi";
    co_return error_reply(404, "InvalidRequest",
                          "Runtime API requests must come from a Bunker worker (AWS_LAMBDA_RUNTIME_API names it)");
  }
  op.remove_prefix(kPrefix.size());
  auto worker = manager.find_worker(token);
  if (!worker) {
    request.operation = "RuntimeApi";
    co_return error_reply(403, "InvalidWorker", "This worker is no longer running");
  }

  if (op == "invocation/next" && request.method == "GET") {
    request.operation = "Runtime.NextInvocation";
    std::shared_ptr<Invocation> invocation;
    try {
      invocation = co_await worker->next_invocation();
    } catch (const std::exception&) {
      co_return error_reply(500, "Runtime.Stopped", "The worker is stopping");
    }
    invocation->handed_ns = steady_ns();
    const auto& in = invocation->input;
    http::Response r;
    r.status = 200;
    r.headers.add("Content-Type", "application/json");
    r.headers.add("Lambda-Runtime-Aws-Request-Id", in.request_id);
    r.headers.add("Lambda-Runtime-Deadline-Ms", std::to_string(invocation->deadline_ms()));
    r.headers.add("Lambda-Runtime-Invoked-Function-Arn", in.invoked_function_arn);
    r.headers.add("Lambda-Runtime-Trace-Id", in.trace_id);
    if (!in.client_context.empty()) r.headers.add("Lambda-Runtime-Client-Context", in.client_context);
    if (!in.cognito_identity.empty()) r.headers.add("Lambda-Runtime-Cognito-Identity", in.cognito_identity);
    r.body = in.payload;
    co_return r;
  }

  if (request.method != "POST") co_return error_reply(405, "InvalidRequest", "Method not allowed");
  const std::string error_type(request.headers.get_or("Lambda-Runtime-Function-Error-Type", ""));

  if (op == "init/error") {
    request.operation = "Runtime.InitError";
    std::string body = co_await request.body->read_all(kMaxResponseBytes);
    WorkerResult result;
    result.kind = WorkerResult::Kind::kInitError;
    result.body = error_document(std::move(body), error_type);
    result.error_type = error_type;
    worker->post_init_error(std::move(result));
    co_return accepted();
  }

  // invocation/<request id>/response | /error
  if (!op.starts_with("invocation/")) co_return error_reply(404, "InvalidRequest", "Unknown Runtime API path");
  op.remove_prefix(std::string_view("invocation/").size());
  const auto cut = op.rfind('/');
  if (cut == std::string_view::npos) co_return error_reply(404, "InvalidRequest", "Unknown Runtime API path");
  const std::string request_id = uri_decode(op.substr(0, cut));
  const std::string_view kind = op.substr(cut + 1);
  if (kind != "response" && kind != "error") co_return error_reply(404, "InvalidRequest", "Unknown Runtime API path");
  request.operation = kind == "response" ? "Runtime.InvocationResponse" : "Runtime.InvocationError";

  WorkerResult result;
  try {
    result.body = co_await request.body->read_all(kMaxResponseBytes);
  } catch (const AwsError& e) {
    if (e.status() != 413) throw;
    WorkerResult too_large;
    too_large.kind = WorkerResult::Kind::kResponseTooLarge;
    if (!worker->post_result(request_id, std::move(too_large)))
      co_return error_reply(400, "InvalidRequestID", "Invalid request ID");
    auto r = error_reply(413, "RequestEntityTooLarge", "Exceeded maximum allowed payload size (6291556 bytes).");
    r.close_connection = true;
    co_return r;
  }
  if (kind == "response") {
    result.kind = WorkerResult::Kind::kResponse;
  } else {
    result.kind = WorkerResult::Kind::kError;
    result.body = error_document(std::move(result.body), error_type);
    result.error_type = error_type;
  }
  if (!worker->post_result(request_id, std::move(result)))
    co_return error_reply(400, "InvalidRequestID", "Invalid request ID");
  co_return accepted();
}

}  // namespace bunker::runtime
