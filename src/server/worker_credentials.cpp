#include "server/worker_credentials.h"

#include "bunker/core/ids.h"

namespace bunker::server {

Credential IssuedWorkerCredentials::for_account(std::string_view account_id) {
  std::lock_guard lock(mutex_);
  if (auto it = by_account_.find(account_id); it != by_account_.end()) return it->second;
  Credential c;
  c.account_id = std::string(account_id);
  if (verifying_) {
    c.access_key = "ASIA" + random_alnum(16);
    c.secret_key = random_base64(30);
    c.session_token = random_base64(96);
  } else {
    c.access_key = std::string(account_id);
    c.secret_key = "bunker";
    c.session_token = "bunker";
  }
  by_key_[c.access_key] = c;
  by_account_.emplace(std::string(account_id), c);
  return c;
}

std::optional<Credential> IssuedWorkerCredentials::lookup(std::string_view access_key) const {
  std::lock_guard lock(mutex_);
  if (auto it = by_key_.find(access_key); it != by_key_.end()) return it->second;
  return std::nullopt;
}

}  // namespace bunker::server
