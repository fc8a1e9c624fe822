#pragma once
// Finding the entity an action names, with IAM's NoSuchEntity / InvalidInput answers.
#include <map>
#include <string>
#include <string_view>

#include "iam/engine.h"

namespace bunker::iam {

Role require_role(const Engine& engine, std::string_view account, std::string_view name);
User require_user(const Engine& engine, std::string_view account, std::string_view name);
Group require_group(const Engine& engine, std::string_view account, std::string_view name);
InstanceProfile require_instance_profile(const Engine& engine, std::string_view account, std::string_view name);

// How an action words a missing managed policy.
enum class MissingPolicy {
  kNotFound,        // GetPolicy & co: "Policy <arn> was not found."
  kNotAttachable,   // Attach*Policy: "Policy <arn> does not exist or is not attachable."
  kDoesNotExist,    // versions & deletes: "Policy <arn> does not exist."
  kBoundary,        // permissions boundaries: "Scope ARN: <arn> does not exist or is not attachable."
};

struct PolicyRef {
  ManagedPolicy policy;
  bool aws_managed = false;
  std::string owner;  // account whose store holds it ("" for AWS's)
};

// The customer managed policy (in the ARN's account, which must be the caller's) or the
// AWS managed policy an ARN names. Malformed ARNs answer InvalidInput "ARN <arn> is not valid.".
PolicyRef require_policy(const Engine& engine, std::string_view account, std::string_view arn, MissingPolicy wording);

// How many roles and users of the account use each managed policy as their permissions
// boundary (PermissionsBoundaryUsageCount).
std::map<std::string, size_t> permissions_boundary_usage(const Engine& engine, std::string_view account);

int64_t now_ms();

}  // namespace bunker::iam
