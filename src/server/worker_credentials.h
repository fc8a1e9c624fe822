#pragma once
// The keys Bunker hands its own processes (Lambda function workers): one per account.
// Without --verify-signatures the key is the 12-digit account id, which already selects
// that account; with it, a random temporary-style key pair (ASIA…, with a session token)
// that the Authenticator recognises.
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "bunker/service/credentials.h"

namespace bunker::server {

class IssuedWorkerCredentials final : public WorkerCredentials {
 public:
  explicit IssuedWorkerCredentials(bool verifying) : verifying_(verifying) {}
  Credential for_account(std::string_view account_id) override;
  // The credential behind an access key issued here, if any.
  std::optional<Credential> lookup(std::string_view access_key) const;

 private:
  bool verifying_;
  mutable std::mutex mutex_;
  std::map<std::string, Credential, std::less<>> by_account_;
  std::map<std::string, Credential, std::less<>> by_key_;
};

}  // namespace bunker::server
