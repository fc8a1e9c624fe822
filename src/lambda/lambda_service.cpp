#include "bunker/lambda/module.h"
#include "bunker/protocol/rest_json.h"

// The Lambda service as the front door sees it. Until the operations land, every
// request answers with Lambda's REST-JSON error envelope.
namespace bunker::lambda {
namespace {

class LambdaService final : public Service {
 public:
  std::string_view name() const override { return "lambda"; }
  uint64_t max_body_bytes() const override { return 70ull << 20; }
  boost::asio::awaitable<http::Response> handle(http::Request& request) override {
    throw AwsError(404, "UnknownOperationException", "Unknown operation " + request.method + " " + request.path);
    co_return http::Response{};
  }
  http::Response render_error(const http::Request& request, const AwsError& error) const override {
    return protocol::rest_json_error(request, protocol::RestJsonStyle::kLambda, error);
  }
  void reset() override {}
};

}  // namespace

void register_options(Options&) {}
std::unique_ptr<Service> make_service(ServiceContext&) { return std::make_unique<LambdaService>(); }

}  // namespace bunker::lambda
