#include "server/internal_service.h"

#include <nlohmann/json.hpp>

#include "bunker/protocol/rest_json.h"
#include "bunker/storage/database.h"
#include "bunker/version.h"
#include "server/front_door.h"

namespace bunker::server {

InternalService::InternalService(const ServiceRegistry& registry, const storage::Database& db)
    : registry_(registry), db_(db) {}

boost::asio::awaitable<http::Response> InternalService::handle(http::Request& request) {
  const std::string& path = request.path;
  if (path == "/_bunker/health" || path == "/_localstack/health") {
    request.operation = "Health";
    if (request.method != "GET" && request.method != "HEAD")
      throw AwsError(405, "MethodNotAllowed", "health answers GET and HEAD");
    co_return health(request, path == "/_localstack/health");
  }
  if (path == "/_bunker/reset") {
    request.operation = "Reset";
    if (request.method != "POST") throw AwsError(405, "MethodNotAllowed", "reset answers POST");
    // The service may also come as a JSON body: {"service": "s3"}.
    std::string only(http::query_param(request.params, "service").value_or(""));
    std::string body = co_await request.body->read_all(64 * 1024);
    if (only.empty() && body.find_first_not_of(" \t\r\n") != std::string::npos) {
      auto j = nlohmann::json::parse(body, nullptr, false);
      if (!j.is_object() || (j.contains("service") && !j["service"].is_string()))
        throw AwsError(400, "BadRequest", "reset expects {\"service\": \"<name>\"} or no body");
      only = j.value("service", "");
    }
    co_return reset_services(request, only);
  }
  throw AwsError(404, "NotFound", "no such Bunker endpoint: " + path);
}

http::Response InternalService::health(const http::Request& request, bool localstack_shape) const {
  nlohmann::json services = nlohmann::json::object();
  for (const auto& s : registry_.all()) {
    if (s.get() == this) continue;
    services[std::string(s->name())] = s->state();
  }
  nlohmann::json body;
  if (localstack_shape) {
    body = {{"services", services}, {"edition", "bunker"}, {"version", kVersion}};
  } else {
    const auto uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    body = {{"status", "running"},
            {"version", kVersion},
            {"uptime_seconds", uptime},
            {"storage", {{"mode", db_.in_memory() ? "memory" : "disk"}, {"path", db_.in_memory() ? "" : db_.path()}}},
            {"services", services}};
  }
  return protocol::rest_json_response(request, 200, body);
}

http::Response InternalService::reset_services(const http::Request& request, const std::string& only) const {
  nlohmann::json done = nlohmann::json::array();
  for (const auto& s : registry_.all()) {
    if (s.get() == this) continue;
    if (!only.empty() && s->name() != only) continue;
    s->reset();
    done.push_back(std::string(s->name()));
  }
  if (!only.empty() && done.empty()) throw AwsError(404, "NotFound", "no such service: " + only);
  return protocol::rest_json_response(request, 200, nlohmann::json{{"reset", done}});
}

http::Response InternalService::render_error(const http::Request& request, const AwsError& error) const {
  return protocol::rest_json_error(request, protocol::RestJsonStyle::kApiGateway, error);
}

}  // namespace bunker::server
