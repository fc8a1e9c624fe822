#include "lambda/invoke_engine.h"

#include <nlohmann/json.hpp>

#include "bunker/core/aws_error.h"
#include "bunker/core/encoding.h"
#include "bunker/core/ids.h"
#include "lambda/async_queue.h"
#include "lambda/function_names.h"
#include "lambda/function_records.h"
#include "lambda/json_text.h"

namespace bunker::lambda {
namespace asio = boost::asio;

namespace {

constexpr size_t kMaxSyncPayload = 6291456;
constexpr size_t kMaxAsyncPayload = 1048576;
constexpr size_t kLogTailBytes = 4096;

// Picks the version an alias invocation runs: an additional version with its weight's
// probability, else the alias's own version.
std::string route_alias(const json& alias) {
  std::string version = alias.value("FunctionVersion", "$LATEST");
  if (!alias.contains("RoutingConfig")) return version;
  const json& weights = alias["RoutingConfig"].value("AdditionalVersionWeights", json::object());
  double draw = static_cast<double>(random_u64() >> 11) / static_cast<double>(1ull << 53);
  for (const auto& [v, w] : weights.items()) {
    if (draw < w.get<double>()) return v;
    draw -= w.get<double>();
  }
  return version;
}

std::string trace_id() {
  // Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16 hex>;Sampled=0;Lineage=1:<8 hex>:0,
  // as X-Ray formats it; written in place (one per invocation).
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(96);
  auto hex = [&](uint64_t v, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kDigits[(v >> shift) & 15];
  };
  out += "Root=1-";
  hex(static_cast<uint64_t>(std::time(nullptr)) & 0xffffffffu, 8);
  out += '-';
  hex(random_u64(), 16);
  hex(random_u64(), 8);
  out += ";Parent=";
  hex(random_u64(), 16);
  out += ";Sampled=0;Lineage=1:";
  hex(random_u64(), 8);
  out += ":0";
  return out;
}

}  // namespace

asio::awaitable<InvokeResult> InvokeEngine::invoke(InvokeRequest request) {
  if (request.region.empty()) request.region = lambda_.settings.default_region;
  if (request.account.empty()) request.account = lambda_.settings.account;
  const std::string request_id = uuid4();
  const size_t limit = request.type == InvokeRequest::Type::kEvent ? kMaxAsyncPayload : kMaxSyncPayload;
  if (request.payload.size() > limit) {
    throw AwsError(413, "RequestTooLargeException",
                   "Request must be smaller than " + std::to_string(limit) + " bytes for the " +
                       (request.type == InvokeRequest::Type::kEvent ? "InvokeAsync" : "InvokeFunction") +
                       " operation");
  }
  if (!request.payload.empty() &&
      !(request.payload_written_as_json ? is_utf8_text(request.payload) : is_json_text(request.payload))) {
    throw AwsError(400, "InvalidRequestContentException",
                   "Could not parse request body into json: Could not parse payload into json: Unexpected "
                   "character found in the payload");
  }
  if (!request.client_context.empty()) {
    auto decoded = base64_decode(request.client_context);
    if (!decoded || nlohmann::json::parse(*decoded, nullptr, false).is_discarded())
      throw AwsError(400, "InvalidRequestContentException", "Client context must be a valid Base64-encoded JSON object.");
  }

  // Resolve now so every type reports a missing function or version the same way.
  FunctionRef ref = parse_function_name(request.function_name, 170);
  if (ref.region && *ref.region != request.region)
    throw AwsError(404, "ResourceNotFoundException", "Functions from '" + *ref.region +
                                                         "' are not reachable in this region ('" + request.region + "')");
  // From here on, the function's own account (the caller's unless the name said otherwise).
  if (ref.account) request.account = *ref.account;
  auto qualifier = merge_qualifier(ref, request.qualifier);
  resolve({request.account, request.region}, ref.name, qualifier);

  switch (request.type) {
    case InvokeRequest::Type::kDryRun: {
      InvokeResult r;
      r.status_code = 204;
      r.request_id = request_id;
      co_return r;
    }
    case InvokeRequest::Type::kEvent: {
      request.function_name = ref.name;
      request.qualifier = qualifier;
      lambda_.queue->enqueue(request, request_id);
      InvokeResult r;
      r.status_code = 202;
      r.request_id = request_id;
      co_return r;
    }
    case InvokeRequest::Type::kRequestResponse: break;
  }
  request.function_name = ref.name;
  request.qualifier = qualifier;
  co_return co_await run(request, request_id);
}

InvokeEngine::Resolved InvokeEngine::resolve(const Scope& scope, const std::string& name,
                                              const std::optional<std::string>& qualifier) {
  const uint64_t generation = lambda_.store.generation();
  const std::string key = scope.account + "\n" + scope.region + "\n" + name + "\n" + qualifier.value_or("");
  {
    std::lock_guard lock(cache_mutex_);
    if (cache_generation_ != generation) {
      cache_.clear();
      cache_generation_ = generation;
    }
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  http::Request fake;  // the resolution helpers take a Call; only region and account matter
  Route route{Op::kInvoke, name, {}, {}, "Invoke"};
  Call call{lambda_, fake, route, json::object(), scope.region, scope.account};
  ResolvedVersion v = resolve_version(call, name, qualifier);
  json record = require_function(call, name);
  const int reserved =
      record.contains("concurrency") && record["concurrency"].is_number() ? record["concurrency"].get<int>() : -1;
  Resolved r{generation, function_spec(lambda_, scope, v, reserved), v.version, v.alias};
  std::lock_guard lock(cache_mutex_);
  if (cache_generation_ == generation) cache_[key] = r;
  return r;
}

asio::awaitable<InvokeResult> InvokeEngine::run(const InvokeRequest& request, const std::string& request_id) {
  const Scope scope{request.account.empty() ? lambda_.settings.account : request.account, request.region};
  Resolved resolved = resolve(scope, request.function_name, request.qualifier);
  if (resolved.alias) {
    const std::string chosen = route_alias(*resolved.alias);
    if (chosen != resolved.version) {
      auto alias = resolved.alias;
      resolved = resolve(scope, request.function_name, chosen);
      resolved.alias = alias;
    }
  }
  auto spec = resolved.spec;

  runtime::InvocationInput input;
  input.request_id = request_id;
  input.payload = request.payload.empty() ? "{}" : request.payload;
  input.invoked_function_arn = function_arn(scope.region, scope.account, request.function_name);
  if (request.qualifier) input.invoked_function_arn += ":" + *request.qualifier;
  if (!request.client_context.empty()) input.client_context = base64_decode(request.client_context).value_or("");
  input.trace_id = trace_id();
  input.qualifier_label = resolved.version;

  auto outcome = co_await lambda_.runtime.invoke(spec, std::move(input));
  InvokeResult r;
  r.status_code = 200;
  r.request_id = request_id;
  r.executed_version = resolved.version;
  r.payload = std::move(outcome.payload);
  if (outcome.function_error) r.function_error = "Unhandled";
  if (request.tail_log) {
    std::string_view tail = outcome.log_text;
    if (tail.size() > kLogTailBytes) tail = tail.substr(tail.size() - kLogTailBytes);
    r.log_result = base64_encode(tail);
  }
  co_return r;
}

}  // namespace bunker::lambda
