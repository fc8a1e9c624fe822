#pragma once
// What other services may ask IAM about roles, in-process (Lambda's CreateFunction
// checking its execution role). Found through Engines:
//
//   if (auto* roles = context.engines.find<bunker::iam::RoleDirectory>()) {
//     if (!roles->role_exists(account, role_arn)) …
//   }
//
// Header-only for callers: nothing here needs linking against bunker_iam.
#include <optional>
#include <string>
#include <string_view>

namespace bunker::iam {

struct RoleInfo {
  std::string name;
  std::string path;
  std::string role_id;  // AROA…
  std::string arn;
  std::string assume_role_policy;  // the trust policy as JSON text (not URL-encoded)
};

class RoleDirectory {
 public:
  virtual ~RoleDirectory() = default;
  // True when `role_arn` names a role that exists in Bunker: the account in the ARN (which
  // may differ from `caller_account` for cross-account roles), the role's name
  // (case-insensitive, as IAM compares names) and its path must all match.
  virtual bool role_exists(std::string_view caller_account, std::string_view role_arn) const = 0;
  // The role an ARN names, when it exists.
  virtual std::optional<RoleInfo> find_role(std::string_view role_arn) const = 0;
};

// Lambda's own shape check for a function's Role (its model's pattern
// arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+): what CreateFunction
// rejects with a ValidationException before it looks for the role.
inline bool is_well_formed_role_arn(std::string_view arn) {
  auto take = [&](std::string_view prefix) {
    if (!arn.starts_with(prefix)) return false;
    arn.remove_prefix(prefix.size());
    return true;
  };
  if (!take("arn:")) return false;
  if (arn.starts_with("aws")) {
    arn.remove_prefix(3);
    while (!arn.empty() && ((arn[0] >= 'a' && arn[0] <= 'z') || (arn[0] >= 'A' && arn[0] <= 'Z') || arn[0] == '-'))
      arn.remove_prefix(1);
  }
  if (!take(":iam::")) return false;
  for (int i = 0; i < 12; ++i) {
    if (arn.empty() || arn[0] < '0' || arn[0] > '9') return false;
    arn.remove_prefix(1);
  }
  if (!take(":role")) return false;
  if (!arn.empty() && arn[0] == '/') arn.remove_prefix(1);
  if (arn.empty()) return false;
  for (char c : arn) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("_+=,.@-/").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

}  // namespace bunker::iam
