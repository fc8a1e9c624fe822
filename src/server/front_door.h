#pragma once
// The dispatcher behind every connection: routes a request to its service,
// authenticates it, runs the handler, renders errors in the service's own protocol and
// writes the access log line.
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bunker/service/service.h"
#include "server/authenticator.h"
#include "server/http_session.h"

namespace bunker::server {

class ServiceRegistry {
 public:
  void add(std::unique_ptr<Service> service);
  Service* find(std::string_view route_key) const;
  const std::vector<std::unique_ptr<Service>>& all() const { return services_; }
  Service* by_name(std::string_view name) const;

 private:
  std::vector<std::unique_ptr<Service>> services_;
  std::map<std::string, Service*, std::less<>> routes_;
};

class FrontDoor final : public Dispatcher {
 public:
  FrontDoor(ServiceRegistry& registry, Authenticator& authenticator, bool access_log);

  boost::asio::awaitable<http::Response> dispatch(http::Request& request,
                                                  const std::function<void(uint64_t)>& set_body_limit) override;
  bool stopping() const override { return stopping_.load(); }
  void exchange_begins() override { ++in_flight_; }
  void exchange_ends() override { --in_flight_; }
  void begin_stop() { stopping_ = true; }
  // Exchanges under way: requests being handled and answers being written.
  int in_flight() const { return in_flight_.load(); }

 private:
  boost::asio::awaitable<http::Response> handle(Service& service, http::Request& request,
                                                const std::function<void(uint64_t)>& set_body_limit);
  void log_access(const http::Request& request, const http::Response& response, int64_t started_us) const;

  ServiceRegistry& registry_;
  Authenticator& authenticator_;
  bool access_log_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> in_flight_{0};
};

}  // namespace bunker::server
