#include "server/front_door.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "bunker/core/strings.h"
#include "bunker/protocol/auth_errors.h"
#include "server/router.h"
#include "server/unrouted_service.h"

namespace bunker::server {
namespace {

int64_t micros_now() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

// Requests that carry no AWS credentials by design.
bool anonymous_allowed(const http::Request& req) {
  if (req.service == "execute-api" || req.service == "s3-website" || req.service == "internal") return true;
  // Lambda's Runtime API: the worker token in the path is the credential. GetFunction's
  // Code.Location: a plain download link, as AWS's presigned one.
  if (req.service == "lambda" && (req.path.starts_with("/2018-06-01/runtime/") ||
                                  req.path.starts_with("/2015-03-31/functions/_code/")))
    return true;
  if (req.method == "OPTIONS") return true;  // CORS preflights are never signed
  // Browser form uploads carry their own policy signature, checked by S3.
  if (req.service == "s3" && req.method == "POST" &&
      to_lower(req.headers.get_or("content-type", "")).starts_with("multipart/form-data"))
    return true;
  return false;
}

}  // namespace

void ServiceRegistry::add(std::unique_ptr<Service> service) {
  for (const auto& key : service->routes()) routes_[key] = service.get();
  services_.push_back(std::move(service));
}

Service* ServiceRegistry::find(std::string_view key) const {
  auto it = routes_.find(key);
  return it == routes_.end() ? nullptr : it->second;
}

Service* ServiceRegistry::by_name(std::string_view name) const {
  for (const auto& s : services_)
    if (s->name() == name) return s.get();
  return nullptr;
}

FrontDoor::FrontDoor(ServiceRegistry& registry, Authenticator& authenticator, bool access_log)
    : registry_(registry), authenticator_(authenticator), access_log_(access_log) {}

boost::asio::awaitable<http::Response> FrontDoor::dispatch(http::Request& req,
                                                           const std::function<void(uint64_t)>& set_body_limit) {
  const int64_t started = micros_now();

  sigv4::MalformedAuthorization malformed;
  std::optional<sigv4::Authorization> auth = sigv4::parse_checked(req, &malformed);
  Route route = route_request(req, auth ? &*auth : nullptr);
  req.service = route.service;
  req.host_label = route.host_label;

  Service* service = registry_.find(route.service);
  static UnroutedService unrouted;
  if (!service) service = &unrouted;
  req.request_id = service->new_request_id();

  http::Response res;
  try {
    if (!malformed.message.empty() && authenticator_.verifying())
      throw protocol::auth_error(req.service, protocol::AuthFailure::kMalformed, malformed.message);
    set_body_limit(service->max_body_bytes());
    std::unique_ptr<http::BodyReader> body_holder;
    co_await authenticator_.authenticate(req, auth, anonymous_allowed(req), service->max_body_bytes(), body_holder);
    res = co_await service->handle(req);
  } catch (const AwsError& e) {
    res = service->render_error(req, e);
  } catch (const std::exception& e) {
    spdlog::error("{} {} {}: unhandled error: {}", req.service, req.method, req.path, e.what());
    res = service->render_error(req, AwsError(500, "InternalFailure", "An internal error occurred in Bunker: " + std::string(e.what())));
  }
  if (access_log_) log_access(req, res, started);
  co_return res;
}

void FrontDoor::log_access(const http::Request& req, const http::Response& res, int64_t started_us) const {
  const double ms = static_cast<double>(micros_now() - started_us) / 1000.0;
  const uint64_t bytes = res.stream ? res.stream_length.value_or(0) : res.body.size();
  spdlog::log(req.quiet ? spdlog::level::debug : spdlog::level::info, "{} {} {} {} {:.2f}ms {}B {} {}", req.service,
              req.operation.empty() ? "-" : req.operation, res.status, req.method, ms, bytes, req.path,
              req.request_id);
}

}  // namespace bunker::server
