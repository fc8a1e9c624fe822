#pragma once
// What IAM tells the rest of Bunker, through Engines: the secrets of the access keys and
// temporary credentials it issued (for the front door's signature check and for mapping
// a key to its account) and whether a role exists (for Lambda).
#include "bunker/iam/role_directory.h"
#include "bunker/service/credentials.h"
#include "iam/store.h"

namespace bunker::iam {

class CredentialDirectory final : public CredentialResolver, public RoleDirectory {
 public:
  explicit CredentialDirectory(const Store& store) : store_(store) {}

  // Active AKIA… keys and unexpired ASIA… credentials; nullopt for anything else.
  std::optional<Credential> lookup(std::string_view access_key) const override;

  bool role_exists(std::string_view caller_account, std::string_view role_arn) const override;
  std::optional<RoleInfo> find_role(std::string_view role_arn) const override;

 private:
  const Store& store_;
};

}  // namespace bunker::iam
