#include "iam/credential_directory.h"

#include <spdlog/spdlog.h>

#include "iam/identifiers.h"
#include "iam/lookups.h"

namespace bunker::iam {

std::optional<Credential> CredentialDirectory::lookup(std::string_view access_key) const {
  // Every signed request asks; only key ids in IAM's shapes can be IAM's.
  if (access_key.size() != 20) return std::nullopt;
  try {
    if (access_key.starts_with("AKIA")) {
      auto key = store_.access_keys.get("", access_key);
      if (!key || key->status != "Active") return std::nullopt;
      Credential c;
      c.access_key = key->id;
      c.secret_key = key->secret;
      c.account_id = key->account;
      if (key->user.empty()) {
        c.principal_arn = root_arn(key->account);
      } else if (auto user = store_.users.get(key->account, key->user)) {
        c.principal_arn = user->arn;
      }
      return c;
    }
    if (access_key.starts_with("ASIA")) {
      auto s = store_.sessions.get("", access_key);
      if (!s || s->expires_ms <= now_ms()) return std::nullopt;
      return Credential{s->id, s->secret, s->account, s->token, s->principal_arn};
    }
  } catch (const std::exception& e) {
    spdlog::warn("iam: credential lookup for {} failed: {}", access_key, e.what());
  }
  return std::nullopt;
}

bool CredentialDirectory::role_exists(std::string_view, std::string_view role_arn) const {
  return find_role(role_arn).has_value();
}

std::optional<RoleInfo> CredentialDirectory::find_role(std::string_view role_arn) const {
  auto parts = parse_entity_arn(role_arn, "role");
  if (!parts) return std::nullopt;
  try {
    auto role = store_.roles.get(parts->account, parts->name);
    if (!role || role->path != parts->path) return std::nullopt;
    return RoleInfo{role->name, role->path, role->id, role->arn, role->assume_role_policy};
  } catch (const std::exception& e) {
    spdlog::warn("iam: role lookup for {} failed: {}", role_arn, e.what());
    return std::nullopt;
  }
}

}  // namespace bunker::iam
