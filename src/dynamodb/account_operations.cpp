// DescribeLimits and DescribeEndpoints: account-level answers.
#include <nlohmann/json.hpp>

#include "dynamodb/engine.h"

namespace bunker::dynamodb {

nlohmann::json describe_limits(Engine&, const Call&) {
  // DynamoDB's default quotas for an account in a region.
  return {{"AccountMaxReadCapacityUnits", 80000},
          {"AccountMaxWriteCapacityUnits", 80000},
          {"TableMaxReadCapacityUnits", 40000},
          {"TableMaxWriteCapacityUnits", 40000}};
}

nlohmann::json describe_endpoints(Engine&, const Call& call) {
  return {{"Endpoints", {{{"Address", "dynamodb." + call.scope.region + ".amazonaws.com"}, {"CachePeriodInMinutes", 1440}}}}};
}

}  // namespace bunker::dynamodb
