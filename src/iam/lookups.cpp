#include "iam/lookups.h"

#include "bunker/core/clock.h"
#include "iam/aws_managed_policies.h"
#include "iam/errors.h"
#include "iam/identifiers.h"

namespace bunker::iam {

Role require_role(const Engine& engine, std::string_view account, std::string_view name) {
  auto role = engine.store.roles.get(account, name);
  if (!role) throw no_such_entity("The role with name " + std::string(name) + " cannot be found.");
  return std::move(*role);
}

User require_user(const Engine& engine, std::string_view account, std::string_view name) {
  auto user = engine.store.users.get(account, name);
  if (!user) throw no_such_entity("The user with name " + std::string(name) + " cannot be found.");
  return std::move(*user);
}

Group require_group(const Engine& engine, std::string_view account, std::string_view name) {
  auto group = engine.store.groups.get(account, name);
  if (!group) throw no_such_entity("The group with name " + std::string(name) + " cannot be found.");
  return std::move(*group);
}

InstanceProfile require_instance_profile(const Engine& engine, std::string_view account, std::string_view name) {
  auto profile = engine.store.instance_profiles.get(account, name);
  if (!profile) throw no_such_entity("Instance Profile " + std::string(name) + " cannot be found.");
  return std::move(*profile);
}

PolicyRef require_policy(const Engine& engine, std::string_view account, std::string_view arn, MissingPolicy wording) {
  auto parts = parse_entity_arn(arn, "policy");
  if (!parts) throw invalid_input("ARN " + std::string(arn) + " is not valid.");
  auto missing = [&] {
    switch (wording) {
      case MissingPolicy::kNotFound: return no_such_entity("Policy " + std::string(arn) + " was not found.");
      case MissingPolicy::kNotAttachable:
        return no_such_entity("Policy " + std::string(arn) + " does not exist or is not attachable.");
      case MissingPolicy::kBoundary:
        return no_such_entity("Scope ARN: " + std::string(arn) + " does not exist or is not attachable.");
      case MissingPolicy::kDoesNotExist: break;
    }
    return no_such_entity("Policy " + std::string(arn) + " does not exist.");
  };
  if (parts->account == "aws") {
    const ManagedPolicy* p = find_aws_managed_policy(arn);
    if (!p) throw missing();
    return {*p, true, ""};
  }
  // Another account's customer managed policy is invisible (IAM is per account).
  if (parts->account != account) throw missing();
  auto p = engine.store.policies.get(account, parts->name);
  if (!p || p->arn != arn) throw missing();
  return {std::move(*p), false, std::string(account)};
}

std::map<std::string, size_t> permissions_boundary_usage(const Engine& engine, std::string_view account) {
  std::map<std::string, size_t> usage;
  for (const auto& r : engine.store.roles.list(account))
    if (!r.permissions_boundary.empty()) ++usage[r.permissions_boundary];
  for (const auto& u : engine.store.users.list(account))
    if (!u.permissions_boundary.empty()) ++usage[u.permissions_boundary];
  return usage;
}

int64_t now_ms() { return now_millis(); }

}  // namespace bunker::iam
