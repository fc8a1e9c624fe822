#pragma once
// Events that AWS services send to an account's default event bus themselves (S3's
// "Object Created" when a bucket's notification configuration turns EventBridge on):
// EventBridge wraps them in its envelope and sends them to the matching rules' targets.
// Find it with engines.find<events::Publisher>(); other services work without it.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bunker::events {

struct ServiceEvent {
  std::string source;       // "aws.s3"
  std::string detail_type;  // "Object Created"
  std::string account, region;
  std::vector<std::string> resources;
  nlohmann::json detail;
  int64_t time_ms = 0;
};

class Publisher {
 public:
  virtual ~Publisher() = default;
  virtual void publish(const ServiceEvent& event) = 0;
};

}  // namespace bunker::events
