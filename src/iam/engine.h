#pragma once
// IAM's and STS's engine: the store, the lock that serialises changes, and one function
// per action. An action reads its parameters from the Query request and returns the
// members of its <ActionResult> as XML (empty for actions without a result).
#include <cstdint>
#include <mutex>
#include <string>

#include "bunker/http/message.h"
#include "bunker/protocol/query.h"
#include "iam/store.h"

namespace bunker::iam {

struct Engine {
  explicit Engine(storage::Database& db) : store(db) {}
  Store store;
  // IAM changes are read-modify-write across records (a role and its attachments, a
  // policy and its versions); one lock keeps them consistent. IAM traffic is light.
  std::mutex mutex;
  // When STS last dropped expired temporary credentials (see sts_operations.cpp).
  int64_t sessions_purged_ms = 0;
};

struct Call {
  std::string account;  // the caller's account: IAM is one namespace per account
  const http::Caller& caller;
  const protocol::QueryRequest& q;
  std::string region;
  std::string default_account;  // where keys Bunker does not know are taken to belong
};

using Operation = std::string (*)(Engine&, const Call&);

// Roles (role_operations.cpp)
std::string create_role(Engine&, const Call&);
std::string get_role(Engine&, const Call&);
std::string list_roles(Engine&, const Call&);
std::string update_role(Engine&, const Call&);
std::string update_role_description(Engine&, const Call&);
std::string update_assume_role_policy(Engine&, const Call&);
std::string delete_role(Engine&, const Call&);
std::string put_role_permissions_boundary(Engine&, const Call&);
std::string delete_role_permissions_boundary(Engine&, const Call&);
// Users (user_operations.cpp)
std::string create_user(Engine&, const Call&);
std::string get_user(Engine&, const Call&);
std::string list_users(Engine&, const Call&);
std::string delete_user(Engine&, const Call&);
std::string put_user_permissions_boundary(Engine&, const Call&);
std::string delete_user_permissions_boundary(Engine&, const Call&);
// Login profiles (login_profile_operations.cpp)
std::string create_login_profile(Engine&, const Call&);
std::string get_login_profile(Engine&, const Call&);
std::string update_login_profile(Engine&, const Call&);
std::string delete_login_profile(Engine&, const Call&);
// Groups (group_operations.cpp)
std::string create_group(Engine&, const Call&);
std::string get_group(Engine&, const Call&);
std::string list_groups(Engine&, const Call&);
std::string delete_group(Engine&, const Call&);
std::string add_user_to_group(Engine&, const Call&);
std::string remove_user_from_group(Engine&, const Call&);
std::string list_groups_for_user(Engine&, const Call&);
// Tags of roles, users, policies, instance profiles (tag_operations.cpp)
std::string tag_role(Engine&, const Call&);
std::string untag_role(Engine&, const Call&);
std::string list_role_tags(Engine&, const Call&);
std::string tag_user(Engine&, const Call&);
std::string untag_user(Engine&, const Call&);
std::string list_user_tags(Engine&, const Call&);
std::string tag_policy(Engine&, const Call&);
std::string untag_policy(Engine&, const Call&);
std::string list_policy_tags(Engine&, const Call&);
std::string tag_instance_profile(Engine&, const Call&);
std::string untag_instance_profile(Engine&, const Call&);
std::string list_instance_profile_tags(Engine&, const Call&);
// Managed policies and versions (policy_operations.cpp)
std::string create_policy(Engine&, const Call&);
std::string get_policy(Engine&, const Call&);
std::string list_policies(Engine&, const Call&);
std::string delete_policy(Engine&, const Call&);
std::string create_policy_version(Engine&, const Call&);
std::string get_policy_version(Engine&, const Call&);
std::string list_policy_versions(Engine&, const Call&);
std::string delete_policy_version(Engine&, const Call&);
std::string set_default_policy_version(Engine&, const Call&);
// Attachments (attachment_operations.cpp)
std::string attach_role_policy(Engine&, const Call&);
std::string detach_role_policy(Engine&, const Call&);
std::string list_attached_role_policies(Engine&, const Call&);
std::string attach_user_policy(Engine&, const Call&);
std::string detach_user_policy(Engine&, const Call&);
std::string list_attached_user_policies(Engine&, const Call&);
std::string attach_group_policy(Engine&, const Call&);
std::string detach_group_policy(Engine&, const Call&);
std::string list_attached_group_policies(Engine&, const Call&);
std::string list_entities_for_policy(Engine&, const Call&);
// Inline policies (inline_policy_operations.cpp)
std::string put_role_policy(Engine&, const Call&);
std::string get_role_policy(Engine&, const Call&);
std::string list_role_policies(Engine&, const Call&);
std::string delete_role_policy(Engine&, const Call&);
std::string put_user_policy(Engine&, const Call&);
std::string get_user_policy(Engine&, const Call&);
std::string list_user_policies(Engine&, const Call&);
std::string delete_user_policy(Engine&, const Call&);
std::string put_group_policy(Engine&, const Call&);
std::string get_group_policy(Engine&, const Call&);
std::string list_group_policies(Engine&, const Call&);
std::string delete_group_policy(Engine&, const Call&);
// Access keys (access_key_operations.cpp)
std::string create_access_key(Engine&, const Call&);
std::string list_access_keys(Engine&, const Call&);
std::string update_access_key(Engine&, const Call&);
std::string delete_access_key(Engine&, const Call&);
std::string get_access_key_last_used(Engine&, const Call&);
// Instance profiles (instance_profile_operations.cpp)
std::string create_instance_profile(Engine&, const Call&);
std::string get_instance_profile(Engine&, const Call&);
std::string list_instance_profiles(Engine&, const Call&);
std::string list_instance_profiles_for_role(Engine&, const Call&);
std::string delete_instance_profile(Engine&, const Call&);
std::string add_role_to_instance_profile(Engine&, const Call&);
std::string remove_role_from_instance_profile(Engine&, const Call&);
// STS (sts_operations.cpp)
std::string get_caller_identity(Engine&, const Call&);
std::string assume_role(Engine&, const Call&);
std::string get_session_token(Engine&, const Call&);
std::string get_access_key_info(Engine&, const Call&);

}  // namespace bunker::iam
