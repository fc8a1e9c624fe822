#pragma once
// Bunker's own endpoints: GET /_bunker/health (also /_localstack/health, for tools
// written for LocalStack) and POST /_bunker/reset[?service=name] for test isolation.
#include <chrono>

#include "bunker/service/service.h"

namespace bunker::storage {
class Database;
}

namespace bunker::server {

class ServiceRegistry;

class InternalService final : public Service {
 public:
  InternalService(const ServiceRegistry& registry, const storage::Database& db);
  std::string_view name() const override { return "internal"; }
  boost::asio::awaitable<http::Response> handle(http::Request& request) override;
  http::Response render_error(const http::Request& request, const AwsError& error) const override;
  void reset() override {}

 private:
  http::Response health(const http::Request& request, bool localstack_shape) const;
  http::Response reset_services(const http::Request& request, const std::string& only) const;

  const ServiceRegistry& registry_;
  const storage::Database& db_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace bunker::server
