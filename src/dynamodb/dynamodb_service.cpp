#include <nlohmann/json.hpp>

#include <map>

#include "bunker/core/options.h"
#include "bunker/dynamodb/module.h"
#include "bunker/protocol/json_rpc.h"
#include "bunker/storage/database.h"
#include "dynamodb/engine.h"

// The DynamoDB service as the front door sees it: AWS JSON 1.0 in, one engine
// operation per X-Amz-Target, JSON 1.0 out. Everything below this file is free of HTTP.
namespace bunker::dynamodb {
namespace {

const protocol::JsonRpcStyle kStyle{"DynamoDB_20120810.", "application/x-amz-json-1.0",
                                    "com.amazonaws.dynamodb.v20120810#", true};

const std::map<std::string, Operation, std::less<>>& operations() {
  static const std::map<std::string, Operation, std::less<>> ops = {
      {"CreateTable", create_table},
      {"DescribeTable", describe_table},
      {"ListTables", list_tables},
      {"DeleteTable", delete_table},
      {"UpdateTable", update_table},
      {"DescribeTimeToLive", describe_time_to_live},
      {"DescribeContinuousBackups", describe_continuous_backups},
      {"TagResource", tag_resource},
      {"UntagResource", untag_resource},
      {"ListTagsOfResource", list_tags_of_resource},
      {"DescribeLimits", describe_limits},
      {"DescribeEndpoints", describe_endpoints},
      {"PutItem", put_item},
      {"GetItem", get_item},
      {"UpdateItem", update_item},
      {"DeleteItem", delete_item},
      {"Query", query},
      {"Scan", scan},
      {"BatchGetItem", batch_get_item},
      {"BatchWriteItem", batch_write_item},
  };
  return ops;
}

class DynamoDbService final : public Service {
 public:
  explicit DynamoDbService(ServiceContext& context)
      : context_(context), engine_(context.db, context.options.seconds("dynamodb-table-delay")) {}

  std::string_view name() const override { return "dynamodb"; }
  std::string new_request_id() const override { return protocol::dynamodb_request_id(); }

  boost::asio::awaitable<http::Response> handle(http::Request& request) override {
    request.operation = protocol::operation_of(request, kStyle);
    auto op = operations().find(request.operation);
    if (op == operations().end()) throw AwsError(400, "UnknownOperationException", "");
    std::string text = co_await request.body->read_all(max_body_bytes());
    nlohmann::json body = protocol::parse_json_body(text);
    Scope scope{request.caller.account_id.empty() ? context_.default_account : request.caller.account_id,
                request.caller.region.empty() ? context_.default_region : request.caller.region};
    nlohmann::json result;
    try {
      result = op->second(engine_, Call{scope, body});
    } catch (const nlohmann::json::exception&) {
      // A member of the wrong JSON type: what DynamoDB's deserializer reports.
      throw AwsError(400, "SerializationException", "Unexpected value type in payload");
    } catch (const storage::StorageError& e) {
      throw AwsError(500, "InternalServerError", e.what());
    }
    co_return protocol::json_response(request, kStyle, result);
  }

  http::Response render_error(const http::Request& request, const AwsError& error) const override {
    return protocol::json_error(request, kStyle, error);
  }

  void reset() override { engine_.catalog.reset(); }

 private:
  ServiceContext& context_;
  Engine engine_;
};

}  // namespace

void register_options(Options& options) {
  OptionSpec delay;
  delay.name = "dynamodb-table-delay";
  delay.env = "BUNKER_DYNAMODB_TABLE_DELAY";
  delay.default_value = "0";
  delay.help = "How long DynamoDB tables stay CREATING/UPDATING/DELETING (e.g. 2s); 0 = at once";
  delay.kind = OptionSpec::Kind::kSeconds;
  options.add(std::move(delay));
}

std::unique_ptr<Service> make_service(ServiceContext& context) { return std::make_unique<DynamoDbService>(context); }

}  // namespace bunker::dynamodb
