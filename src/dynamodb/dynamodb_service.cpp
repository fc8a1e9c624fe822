#include <nlohmann/json.hpp>

#include "bunker/dynamodb/module.h"
#include "bunker/protocol/json_rpc.h"

// The DynamoDB service as the front door sees it. Until the operations land, every
// target answers DynamoDB's own UnknownOperationException.
namespace bunker::dynamodb {
namespace {

const protocol::JsonRpcStyle kStyle{"DynamoDB_20120810.", "application/x-amz-json-1.0",
                                    "com.amazonaws.dynamodb.v20120810#", true};

class DynamoDbService final : public Service {
 public:
  std::string_view name() const override { return "dynamodb"; }
  std::string new_request_id() const override { return protocol::dynamodb_request_id(); }
  boost::asio::awaitable<http::Response> handle(http::Request& request) override {
    request.operation = protocol::operation_of(request, kStyle);
    throw AwsError(400, "UnknownOperationException", "");
    co_return http::Response{};
  }
  http::Response render_error(const http::Request& request, const AwsError& error) const override {
    return protocol::json_error(request, kStyle, error);
  }
  void reset() override {}
};

}  // namespace

void register_options(Options&) {}
std::unique_ptr<Service> make_service(ServiceContext&) { return std::make_unique<DynamoDbService>(); }

}  // namespace bunker::dynamodb
