#pragma once
// DynamoDB's operations for other services in the same process (API Gateway's AWS
// service integrations): a JSON 1.0 request body in, the response body out, exactly as
// the wire API would answer. Found through Engines: engines.find<dynamodb::JsonApi>().
#include <nlohmann/json.hpp>

#include <string_view>

namespace bunker::dynamodb {

class JsonApi {
 public:
  virtual ~JsonApi() = default;
  // Runs `operation` ("PutItem", "Query", …) as `account` in `region`. Throws
  // bunker::AwsError with DynamoDB's error (status, code without its namespace prefix,
  // message) when the API would answer with one.
  virtual nlohmann::json call(std::string_view operation, const nlohmann::json& body, std::string_view account,
                              std::string_view region) = 0;
};

}  // namespace bunker::dynamodb
