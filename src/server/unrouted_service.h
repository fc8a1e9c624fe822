#pragma once
// Answers requests for a service Bunker does not serve (yet) in that service's own
// protocol, so every SDK reports a clean, parseable error instead of a parse failure.
#include "bunker/service/service.h"

namespace bunker::server {

class UnroutedService final : public Service {
 public:
  std::string_view name() const override { return "unrouted"; }
  boost::asio::awaitable<http::Response> handle(http::Request& request) override;
  http::Response render_error(const http::Request& request, const AwsError& error) const override;
  void reset() override {}
};

}  // namespace bunker::server
