#pragma once
// Lambda authorizer results cached by API, authorizer and identity (the token, or the
// values of the identity sources) for authorizerResultTtlInSeconds, as API Gateway does.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace bunker::apigateway {

class AuthorizerCache {
 public:
  std::optional<nlohmann::json> get(const std::string& key, int64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    if (it->second.expires_ms <= now_ms) {
      entries_.erase(it);
      return std::nullopt;
    }
    return it->second.value;
  }
  void put(const std::string& key, nlohmann::json value, int64_t expires_ms) {
    std::lock_guard lock(mutex_);
    if (entries_.size() > 10000) entries_.clear();  // bound memory; a miss only re-runs the authorizer
    entries_[key] = {std::move(value), expires_ms};
  }
  void clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
  }

 private:
  struct Entry {
    nlohmann::json value;
    int64_t expires_ms;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace bunker::apigateway
