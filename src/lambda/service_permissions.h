#pragma once
// Whether a function's resource-based policy lets an AWS service (API Gateway, …) invoke
// it for one of that service's resources: the statements AddPermission writes, with their
// AWS:SourceArn / AWS:SourceAccount conditions. Answers are cached until the next change
// to any function (LambdaStore::generation), so a warm API reads nothing from disk.
#include <mutex>
#include <string>
#include <unordered_map>

#include "bunker/lambda/invoker.h"

namespace bunker::lambda {

class Lambda;

class ServicePermissions {
 public:
  explicit ServicePermissions(Lambda& lambda) : lambda_(lambda) {}

  bool allows(const ServiceInvokeQuery& query);

 private:
  bool evaluate(const ServiceInvokeQuery& query, const std::string& account, const std::string& region);

  Lambda& lambda_;
  std::mutex mutex_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, bool> answers_;
};

}  // namespace bunker::lambda
