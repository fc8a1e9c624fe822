#include "bunker/apigateway/module.h"
#include "bunker/protocol/rest_json.h"

// The API Gateway service as the front door sees it (management API and stage
// invocation). Until the operations land, every request answers with API Gateway's
// error envelope.
namespace bunker::apigateway {
namespace {

class ApiGatewayService final : public Service {
 public:
  std::string_view name() const override { return "apigateway"; }
  std::vector<std::string> routes() const override { return {"apigateway", "execute-api"}; }
  uint64_t max_body_bytes() const override { return 10ull << 20; }
  boost::asio::awaitable<http::Response> handle(http::Request& request) override {
    if (request.service == "execute-api") throw AwsError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    throw AwsError(404, "NotFoundException", "Unknown operation " + request.method + " " + request.path);
    co_return http::Response{};
  }
  http::Response render_error(const http::Request& request, const AwsError& error) const override {
    return protocol::rest_json_error(request, protocol::RestJsonStyle::kApiGateway, error);
  }
  void reset() override {}
};

}  // namespace

void register_options(Options&) {}
std::unique_ptr<Service> make_service(ServiceContext&) { return std::make_unique<ApiGatewayService>(); }

}  // namespace bunker::apigateway
