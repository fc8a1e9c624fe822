#pragma once
// Secrets for --verify-signatures mode and the account an access key belongs to.
// The server knows the keys given by --credentials; IAM (when present) provides a
// resolver for keys it created, through Engines.
#include <optional>
#include <string>
#include <string_view>

namespace bunker {

struct Credential {
  std::string access_key;
  std::string secret_key;
  std::string account_id;
  std::string session_token;  // for temporary credentials
  std::string principal_arn;  // arn of the user or assumed role, when known
};

class CredentialResolver {
 public:
  virtual ~CredentialResolver() = default;
  virtual std::optional<Credential> lookup(std::string_view access_key) const = 0;
};

// Credentials the server hands to processes it runs itself (Lambda function workers), as
// AWS hands a function its execution role's credentials: one key per account, always
// accepted, mapping to that account also under --verify-signatures. Found through Engines.
class WorkerCredentials {
 public:
  virtual ~WorkerCredentials() = default;
  virtual Credential for_account(std::string_view account_id) = 0;
};

}  // namespace bunker
