#pragma once
// The entities IAM and STS keep, as stored (JSON values in the "iam.*" families).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace bunker::iam {

struct Tag {
  std::string key;
  std::string value;
};

struct Role {
  std::string name;
  std::string path = "/";
  std::string id;  // AROA…
  std::string arn;
  std::string assume_role_policy;  // as submitted
  std::string description;
  std::string permissions_boundary;  // policy ARN or empty
  int64_t created_ms = 0;
  int64_t max_session_duration = 3600;
  std::vector<Tag> tags;
  std::vector<std::string> instance_profiles;  // names of the profiles holding the role
  int64_t last_used_ms = 0;
  std::string last_used_region;
};

struct User {
  std::string name;
  std::string path = "/";
  std::string id;  // AIDA…
  std::string arn;
  std::string permissions_boundary;
  int64_t created_ms = 0;
  std::vector<Tag> tags;
  std::vector<std::string> groups;  // names of the groups the user belongs to
  // Console sign-in: when the login profile was created (0: none). The password itself
  // is not kept: nothing in Bunker signs in with it.
  int64_t login_profile_ms = 0;
  bool password_reset_required = false;
};

struct Group {
  std::string name;
  std::string path = "/";
  std::string id;  // AGPA…
  std::string arn;
  int64_t created_ms = 0;
  std::vector<std::string> users;  // member user names, in the order they were added
};

struct PolicyVersion {
  std::string id;  // v1, v2, …
  std::string document;
  int64_t created_ms = 0;
};

struct ManagedPolicy {
  std::string name;
  std::string path = "/";
  std::string id;  // ANPA…
  std::string arn;
  std::string description;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  std::string default_version;
  int64_t next_version = 1;
  std::vector<PolicyVersion> versions;  // oldest first
  std::vector<Tag> tags;
};

struct InstanceProfile {
  std::string name;
  std::string path = "/";
  std::string id;  // AIPA…
  std::string arn;
  int64_t created_ms = 0;
  std::vector<std::string> roles;  // role names (at most one, as in AWS)
  std::vector<Tag> tags;
};

// A long-term access key (AKIA…), of an IAM user or of the account's root.
struct AccessKey {
  std::string id;
  std::string secret;
  std::string account;
  std::string user;  // empty for the root user's keys
  std::string status = "Active";
  int64_t created_ms = 0;
  int64_t last_used_ms = 0;
};

// Temporary credentials (ASIA…) from AssumeRole or GetSessionToken.
struct Session {
  std::string id;
  std::string secret;
  std::string token;
  std::string account;
  std::string principal_arn;  // assumed-role ARN, or the user/root ARN for GetSessionToken
  std::string user_id;        // AROA…:session, AIDA…, or the account id for root
  int64_t expires_ms = 0;
};

// An inline policy embedded in a role or user.
struct InlinePolicy {
  std::string name;
  std::string document;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Tag, key, value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Role, name, path, id, arn, assume_role_policy, description,
                                                permissions_boundary, created_ms, max_session_duration, tags,
                                                instance_profiles, last_used_ms, last_used_region)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(User, name, path, id, arn, permissions_boundary, created_ms, tags,
                                                groups, login_profile_ms, password_reset_required)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Group, name, path, id, arn, created_ms, users)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PolicyVersion, id, document, created_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ManagedPolicy, name, path, id, arn, description, created_ms,
                                                updated_ms, default_version, next_version, versions, tags)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(InstanceProfile, name, path, id, arn, created_ms, roles, tags)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AccessKey, id, secret, account, user, status, created_ms, last_used_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Session, id, secret, token, account, principal_arn, user_id,
                                                expires_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(InlinePolicy, name, document)

}  // namespace bunker::iam
