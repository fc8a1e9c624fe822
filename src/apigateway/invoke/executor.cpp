#include "apigateway/json_fields.h"
#include "apigateway/invoke/executor.h"

#include <shared_mutex>

#include "apigateway/invoke/gateway_response.h"
#include "apigateway/invoke/http_api_invoke.h"
#include "apigateway/invoke/http_api_snapshot.h"
#include "apigateway/invoke/rest_invoke.h"
#include "apigateway/invoke/rest_snapshot.h"
#include "bunker/core/clock.h"
#include "bunker/core/options.h"
#include "bunker/core/encoding.h"
#include "bunker/core/ids.h"
#include "bunker/core/strings.h"
#include "bunker/http/headers.h"

namespace bunker::apigateway {
namespace {

// Where the request points: API id, and the path that starts with the stage.
struct Target {
  std::string api_id;
  std::string path;  // "/stage/rest…" (raw)
};

std::optional<Target> parse_target(const http::Request& req) {
  if (!req.host_label.empty()) return Target{req.host_label, req.path};
  // /restapis/<api-id>/<stage>/_user_request_/<path>
  std::string_view p = req.path;
  if (!p.starts_with("/restapis/")) return std::nullopt;
  p.remove_prefix(10);
  auto slash = p.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  Target t{std::string(p.substr(0, slash)), ""};
  std::string_view rest = p.substr(slash);  // "/<stage>/_user_request_/…"
  auto marker = rest.find("/_user_request_");
  if (marker == std::string_view::npos) return std::nullopt;
  t.path = std::string(rest.substr(0, marker)) + std::string(rest.substr(marker + 15));
  return t;
}

// x-amz-apigw-id: 16 characters of base64 ending in '=' (AWS's shape).
std::string extended_id() { return random_base64(11).substr(0, 15) + "="; }

std::string trace_id(int64_t now_ms) {
  // Root=1-<8 hex epoch seconds>-<24 hex>, written in place (one per request).
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(40);
  auto hex = [&](uint64_t v, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kDigits[(v >> shift) & 15];
  };
  out += "Root=1-";
  hex(static_cast<uint64_t>(now_ms / 1000) & 0xffffffffu, 8);
  out += '-';
  hex(random_u64(), 16);
  hex(random_u64(), 8);
  return out;
}

}  // namespace

Executor::Executor(State& state, ServiceContext& context)
    : state_(state),
      services_{LambdaClient(context.engines, !context.options.flag("apigateway-ignore-invoke-permissions")), context.engines, AuthorizerCache(), context.default_region,
                context.default_account, state} {}

void Executor::reset() {
  std::lock_guard lock(cache_mutex_);
  rest_cache_.clear();
  http_cache_.clear();
  services_.authorizers.clear();
}

std::shared_ptr<const RestSnapshot> Executor::rest_snapshot(const std::string& api_id,
                                                            const std::string& deployment_id) {
  const std::string key = deployment_key(api_id, deployment_id);
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = rest_cache_.find(key); it != rest_cache_.end()) return it->second;
  }
  auto doc = state_.store().get(Table::kDeployments, key);
  if (!doc) return nullptr;
  auto compiled = compile_rest_snapshot(*doc, deployment_id);
  std::lock_guard lock(cache_mutex_);
  if (rest_cache_.size() > 256) rest_cache_.clear();
  rest_cache_[key] = compiled;
  return compiled;
}

std::shared_ptr<const HttpApiSnapshot> Executor::http_snapshot(const HttpApi& api, const std::string& stage_name,
                                                               const nlohmann::json& stage) {
  // Auto-deployed stages serve the API as it is now; others their deployment's snapshot.
  const bool auto_deploy = stage.value("autoDeploy", false);
  const std::string dep = stage.value("deploymentId", "");
  const std::string key = api.id() + "/" + (auto_deploy ? "$auto" : dep);
  const uint64_t gen = auto_deploy ? state_.generation() : 0;
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = http_cache_.find(key); it != http_cache_.end() && it->second.first == gen) return it->second.second;
  }
  std::shared_ptr<const HttpApiSnapshot> compiled;
  if (auto_deploy) {
    compiled = compile_http_snapshot(api.snapshot(), dep);
  } else {
    if (dep.empty()) return nullptr;
    auto doc = state_.store().get(Table::kDeployments, deployment_key(api.id(), dep));
    if (!doc) return nullptr;
    compiled = compile_http_snapshot(*doc, dep);
  }
  std::lock_guard lock(cache_mutex_);
  if (http_cache_.size() > 256) http_cache_.clear();
  http_cache_[key] = {gen, compiled};
  return compiled;
}

boost::asio::awaitable<http::Response> Executor::handle(http::Request& request) {
  request.operation = "Invoke";
  const auto target = parse_target(request);
  Invocation inv{request};
  inv.time_ms = now_millis();
  inv.request_id = request.request_id;
  inv.extended_request_id = extended_id();
  inv.trace_id = trace_id(inv.time_ms);
  inv.method = request.method;
  inv.source_ip = request.remote_address;
  inv.user_agent = std::string(request.headers.get_or("User-Agent", ""));
  inv.raw_query = request.query;
  for (auto& [k, v] : http::parse_query(request.query, true)) inv.query.emplace_back(std::move(k), std::move(v));
  if (!target) co_return gateway_error_response(inv, nullptr, forbidden());
  inv.api_id = target->api_id;
  // domainName: the Host the client used (without port) for <api-id>.execute-api.… hosts;
  // the path form has no API host, so the canonical local one stands in.
  std::string host(request.headers.get_or("Host", ""));
  if (auto colon = host.rfind(':'); colon != std::string::npos && host.find(']') == std::string::npos)
    host.resize(colon);
  inv.domain_name = !request.host_label.empty() && !host.empty() ? host : target->api_id + ".execute-api.localhost";
  inv.domain_prefix = inv.domain_name.substr(0, inv.domain_name.find('.'));

  // Split "/stage/rest": leading slashes collapse, as on AWS.
  std::string_view p = target->path;
  while (p.starts_with("/")) p.remove_prefix(1);
  const auto slash = p.find('/');
  const std::string first_segment = uri_decode(p.substr(0, slash));
  const std::string_view after_stage = slash == std::string_view::npos ? std::string_view() : p.substr(slash);

  std::shared_ptr<const RestSnapshot> rest;
  std::shared_ptr<const HttpApiSnapshot> http_api;
  bool http_named_stage = false;
  // Stage variables are read under the lock, straight from the stage record (no copy of it).
  auto read_variables = [&](const nlohmann::json& stage, const char* member) {
    for (const auto& [k, v] : object_member(stage, member).items())
      if (v.is_string()) inv.stage_variables.emplace_back(k, v.get<std::string>());
  };
  {
    std::shared_lock lock(state_.mutex());
    if (auto it = state_.rest_apis.find(inv.api_id); it != state_.rest_apis.end()) {
      const RestApi& api = it->second;
      inv.account = api.account;
      inv.region = api.region;
      auto s = api.stages.find(first_segment);
      if (s == api.stages.end() || first_segment.empty()) co_return gateway_error_response(inv, nullptr, forbidden());
      inv.stage = first_segment;
      inv.deployment_id = s->value("deploymentId", "");
      read_variables(*s, "variables");
      lock.unlock();
      rest = rest_snapshot(inv.api_id, inv.deployment_id);
    } else if (auto h = state_.http_apis.find(inv.api_id); h != state_.http_apis.end()) {
      const HttpApi& api = h->second;
      inv.account = api.account;
      inv.region = api.region;
      // A stage named by the first path segment serves the rest; otherwise the $default
      // stage serves the whole path.
      if (!first_segment.empty() && api.stages.contains(first_segment)) {
        inv.stage = first_segment;
        http_named_stage = true;
      } else if (api.stages.contains("$default")) {
        inv.stage = "$default";
      } else {
        co_return gateway_error_response(inv, nullptr, not_found_route());
      }
      const nlohmann::json& stage = api.stages[inv.stage];
      http_api = http_snapshot(api, inv.stage, stage);
      inv.deployment_id = stage.value("deploymentId", "");
      read_variables(stage, "stageVariables");
    } else {
      co_return gateway_error_response(inv, nullptr, forbidden());
    }
  }
  if (rest) {
    inv.path = "/" + std::string(after_stage.empty() ? "" : after_stage.substr(1));
    while (inv.path.starts_with("//")) inv.path.erase(0, 1);
    inv.full_path = "/" + inv.stage + std::string(after_stage);
    inv.body = co_await request.body->read_all(10u << 20);
    co_return co_await invoke_rest(services_, inv, *rest);
  }
  if (!http_api) co_return gateway_error_response(inv, nullptr, not_found_route());
  if (http_named_stage) {
    inv.path = after_stage.empty() ? "/" : std::string(after_stage);
  } else {
    inv.path = "/" + std::string(p);
  }
  // rawPath: the path as requested, without the stage only when it is $default.
  inv.full_path = http_named_stage && inv.stage == "$default" ? inv.path : "/" + std::string(p);
  inv.body = co_await request.body->read_all(10u << 20);
  co_return co_await invoke_http_api(services_, inv, *http_api);
}

http::Response Executor::render_error(const http::Request& request, const AwsError& error) const {
  Invocation inv{request};
  inv.request_id = request.request_id;
  inv.extended_request_id = extended_id();
  GatewayError e{error.status() == 413 ? "REQUEST_TOO_LARGE" : "DEFAULT_5XX", error.status(),
                 error.status() == 413 ? "Request Too Long" : "Internal server error",
                 error.status() == 413 ? "RequestTooLargeException" : "InternalServerErrorException"};
  if (error.status() < 500 && error.status() != 413) {
    e = {"DEFAULT_4XX", error.status(), error.message(), error.code()};
  }
  return gateway_error_response(inv, nullptr, e);
}

}  // namespace bunker::apigateway
