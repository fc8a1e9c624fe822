#include "iam/query_service.h"

#include <nlohmann/json.hpp>

#include "bunker/protocol/query.h"
#include "bunker/storage/database.h"
#include "iam/model_actions.h"

namespace bunker::iam {

boost::asio::awaitable<http::Response> QueryService::handle(http::Request& request) {
  protocol::QueryRequest q = co_await protocol::read_query_request(request, max_body_bytes());
  request.operation = q.action;
  auto op = spec_.operations->find(q.action);
  if (op == spec_.operations->end()) {
    if (spec_.is_model_action(q.action))
      throw AwsError(501, "NotImplemented", "Bunker does not implement the " + spec_.name + " action " + q.action + " yet.");
    throw AwsError(400, "InvalidAction", "The action " + q.action + " is not valid for this web service.");
  }
  const Call call{request.caller.account_id.empty() ? context_.default_account : request.caller.account_id,
                  request.caller, q,
                  request.caller.region.empty() ? context_.default_region : request.caller.region,
                  context_.default_account};
  std::string result;
  try {
    std::lock_guard lock(engine_->mutex);
    result = op->second(*engine_, call);
  } catch (const storage::StorageError& e) {
    throw AwsError(500, "ServiceFailure", e.what());
  } catch (const nlohmann::json::exception& e) {
    throw AwsError(500, "ServiceFailure", std::string("stored record unreadable: ") + e.what());
  }
  co_return protocol::query_response(request, q.action, spec_.xmlns, result, has_result(q.action));
}

http::Response QueryService::render_error(const http::Request& request, const AwsError& error) const {
  return protocol::query_error(request, spec_.xmlns, error);
}

void QueryService::reset() {
  std::lock_guard lock(engine_->mutex);
  engine_->store.reset();
}

const std::map<std::string, Operation, std::less<>>& iam_operations() {
  static const std::map<std::string, Operation, std::less<>> ops = {
      {"CreateRole", create_role},
      {"GetRole", get_role},
      {"ListRoles", list_roles},
      {"UpdateRole", update_role},
      {"UpdateRoleDescription", update_role_description},
      {"UpdateAssumeRolePolicy", update_assume_role_policy},
      {"DeleteRole", delete_role},
      {"PutRolePermissionsBoundary", put_role_permissions_boundary},
      {"DeleteRolePermissionsBoundary", delete_role_permissions_boundary},
      {"TagRole", tag_role},
      {"UntagRole", untag_role},
      {"ListRoleTags", list_role_tags},
      {"CreateUser", create_user},
      {"GetUser", get_user},
      {"ListUsers", list_users},
      {"DeleteUser", delete_user},
      {"PutUserPermissionsBoundary", put_user_permissions_boundary},
      {"DeleteUserPermissionsBoundary", delete_user_permissions_boundary},
      {"CreateLoginProfile", create_login_profile},
      {"GetLoginProfile", get_login_profile},
      {"UpdateLoginProfile", update_login_profile},
      {"DeleteLoginProfile", delete_login_profile},
      {"CreateGroup", create_group},
      {"GetGroup", get_group},
      {"ListGroups", list_groups},
      {"DeleteGroup", delete_group},
      {"AddUserToGroup", add_user_to_group},
      {"RemoveUserFromGroup", remove_user_from_group},
      {"ListGroupsForUser", list_groups_for_user},
      {"AttachGroupPolicy", attach_group_policy},
      {"DetachGroupPolicy", detach_group_policy},
      {"ListAttachedGroupPolicies", list_attached_group_policies},
      {"PutGroupPolicy", put_group_policy},
      {"GetGroupPolicy", get_group_policy},
      {"ListGroupPolicies", list_group_policies},
      {"DeleteGroupPolicy", delete_group_policy},
      {"TagUser", tag_user},
      {"UntagUser", untag_user},
      {"ListUserTags", list_user_tags},
      {"CreatePolicy", create_policy},
      {"GetPolicy", get_policy},
      {"ListPolicies", list_policies},
      {"DeletePolicy", delete_policy},
      {"TagPolicy", tag_policy},
      {"UntagPolicy", untag_policy},
      {"ListPolicyTags", list_policy_tags},
      {"CreatePolicyVersion", create_policy_version},
      {"GetPolicyVersion", get_policy_version},
      {"ListPolicyVersions", list_policy_versions},
      {"DeletePolicyVersion", delete_policy_version},
      {"SetDefaultPolicyVersion", set_default_policy_version},
      {"AttachRolePolicy", attach_role_policy},
      {"DetachRolePolicy", detach_role_policy},
      {"ListAttachedRolePolicies", list_attached_role_policies},
      {"AttachUserPolicy", attach_user_policy},
      {"DetachUserPolicy", detach_user_policy},
      {"ListAttachedUserPolicies", list_attached_user_policies},
      {"ListEntitiesForPolicy", list_entities_for_policy},
      {"PutRolePolicy", put_role_policy},
      {"GetRolePolicy", get_role_policy},
      {"ListRolePolicies", list_role_policies},
      {"DeleteRolePolicy", delete_role_policy},
      {"PutUserPolicy", put_user_policy},
      {"GetUserPolicy", get_user_policy},
      {"ListUserPolicies", list_user_policies},
      {"DeleteUserPolicy", delete_user_policy},
      {"CreateAccessKey", create_access_key},
      {"ListAccessKeys", list_access_keys},
      {"UpdateAccessKey", update_access_key},
      {"DeleteAccessKey", delete_access_key},
      {"GetAccessKeyLastUsed", get_access_key_last_used},
      {"CreateInstanceProfile", create_instance_profile},
      {"GetInstanceProfile", get_instance_profile},
      {"ListInstanceProfiles", list_instance_profiles},
      {"ListInstanceProfilesForRole", list_instance_profiles_for_role},
      {"DeleteInstanceProfile", delete_instance_profile},
      {"AddRoleToInstanceProfile", add_role_to_instance_profile},
      {"RemoveRoleFromInstanceProfile", remove_role_from_instance_profile},
      {"TagInstanceProfile", tag_instance_profile},
      {"UntagInstanceProfile", untag_instance_profile},
      {"ListInstanceProfileTags", list_instance_profile_tags},
  };
  return ops;
}

const std::map<std::string, Operation, std::less<>>& sts_operations() {
  static const std::map<std::string, Operation, std::less<>> ops = {
      {"GetCallerIdentity", get_caller_identity},
      {"AssumeRole", assume_role},
      {"GetSessionToken", get_session_token},
      {"GetAccessKeyInfo", get_access_key_info},
  };
  return ops;
}

}  // namespace bunker::iam
