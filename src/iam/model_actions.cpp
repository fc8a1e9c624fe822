#include "iam/model_actions.h"

#include <algorithm>
#include <array>

namespace bunker::iam {
namespace {

// Every action of botocore's iam (2010-05-08) and sts (2011-06-15) models, sorted.
constexpr std::array kIamActions = {
    "AcceptDelegationRequest", "AddClientIDToOpenIDConnectProvider", "AddRoleToInstanceProfile",
    "AddUserToGroup", "AssociateDelegationRequest", "AttachGroupPolicy", "AttachRolePolicy",
    "AttachUserPolicy", "ChangePassword", "CreateAccessKey", "CreateAccountAlias", "CreateDelegationRequest",
    "CreateGroup", "CreateInstanceProfile", "CreateLoginProfile", "CreateOpenIDConnectProvider",
    "CreatePolicy", "CreatePolicyVersion", "CreateRole", "CreateSAMLProvider", "CreateServiceLinkedRole",
    "CreateServiceSpecificCredential", "CreateUser", "CreateVirtualMFADevice", "DeactivateMFADevice",
    "DeleteAccessKey", "DeleteAccountAlias", "DeleteAccountPasswordPolicy", "DeleteGroup",
    "DeleteGroupPolicy", "DeleteInstanceProfile", "DeleteLoginProfile", "DeleteOpenIDConnectProvider",
    "DeletePolicy", "DeletePolicyVersion", "DeleteRole", "DeleteRolePermissionsBoundary", "DeleteRolePolicy",
    "DeleteSAMLProvider", "DeleteSSHPublicKey", "DeleteServerCertificate", "DeleteServiceLinkedRole",
    "DeleteServiceSpecificCredential", "DeleteSigningCertificate", "DeleteUser",
    "DeleteUserPermissionsBoundary", "DeleteUserPolicy", "DeleteVirtualMFADevice", "DetachGroupPolicy",
    "DetachRolePolicy", "DetachUserPolicy", "DisableOrganizationsRootCredentialsManagement",
    "DisableOrganizationsRootSessions", "DisableOutboundWebIdentityFederation", "EnableMFADevice",
    "EnableOrganizationsRootCredentialsManagement", "EnableOrganizationsRootSessions",
    "EnableOutboundWebIdentityFederation", "GenerateCredentialReport", "GenerateOrganizationsAccessReport",
    "GenerateServiceLastAccessedDetails", "GetAccessKeyLastUsed", "GetAccountAuthorizationDetails",
    "GetAccountPasswordPolicy", "GetAccountSummary", "GetContextKeysForCustomPolicy",
    "GetContextKeysForPrincipalPolicy", "GetCredentialReport", "GetDelegationRequest", "GetGroup",
    "GetGroupPolicy", "GetHumanReadableSummary", "GetInstanceProfile", "GetLoginProfile", "GetMFADevice",
    "GetOpenIDConnectProvider", "GetOrganizationsAccessReport", "GetOutboundWebIdentityFederationInfo",
    "GetPolicy", "GetPolicyVersion", "GetRole", "GetRolePolicy", "GetSAMLProvider", "GetSSHPublicKey",
    "GetServerCertificate", "GetServiceLastAccessedDetails", "GetServiceLastAccessedDetailsWithEntities",
    "GetServiceLinkedRoleDeletionStatus", "GetUser", "GetUserPolicy", "ListAccessKeys", "ListAccountAliases",
    "ListAttachedGroupPolicies", "ListAttachedRolePolicies", "ListAttachedUserPolicies",
    "ListDelegationRequests", "ListEntitiesForPolicy", "ListGroupPolicies", "ListGroups", "ListGroupsForUser",
    "ListInstanceProfileTags", "ListInstanceProfiles", "ListInstanceProfilesForRole", "ListMFADeviceTags",
    "ListMFADevices", "ListOpenIDConnectProviderTags", "ListOpenIDConnectProviders",
    "ListOrganizationsFeatures", "ListPolicies", "ListPoliciesGrantingServiceAccess", "ListPolicyTags",
    "ListPolicyVersions", "ListRolePolicies", "ListRoleTags", "ListRoles", "ListSAMLProviderTags",
    "ListSAMLProviders", "ListSSHPublicKeys", "ListServerCertificateTags", "ListServerCertificates",
    "ListServiceSpecificCredentials", "ListSigningCertificates", "ListUserPolicies", "ListUserTags",
    "ListUsers", "ListVirtualMFADevices", "PutGroupPolicy", "PutRolePermissionsBoundary", "PutRolePolicy",
    "PutUserPermissionsBoundary", "PutUserPolicy", "RejectDelegationRequest",
    "RemoveClientIDFromOpenIDConnectProvider", "RemoveRoleFromInstanceProfile", "RemoveUserFromGroup",
    "ResetServiceSpecificCredential", "ResyncMFADevice", "SendDelegationToken", "SetDefaultPolicyVersion",
    "SetSecurityTokenServicePreferences", "SimulateCustomPolicy", "SimulatePrincipalPolicy",
    "TagInstanceProfile", "TagMFADevice", "TagOpenIDConnectProvider", "TagPolicy", "TagRole",
    "TagSAMLProvider", "TagServerCertificate", "TagUser", "UntagInstanceProfile", "UntagMFADevice",
    "UntagOpenIDConnectProvider", "UntagPolicy", "UntagRole", "UntagSAMLProvider", "UntagServerCertificate",
    "UntagUser", "UpdateAccessKey", "UpdateAccountPasswordPolicy", "UpdateAssumeRolePolicy",
    "UpdateDelegationRequest", "UpdateGroup", "UpdateLoginProfile", "UpdateOpenIDConnectProviderThumbprint",
    "UpdateRole", "UpdateRoleDescription", "UpdateSAMLProvider", "UpdateSSHPublicKey",
    "UpdateServerCertificate", "UpdateServiceSpecificCredential", "UpdateSigningCertificate", "UpdateUser",
    "UploadSSHPublicKey", "UploadServerCertificate", "UploadSigningCertificate",
};
constexpr std::array kStsActions = {
    "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "AssumeRoot",
    "DecodeAuthorizationMessage", "GetAccessKeyInfo", "GetCallerIdentity", "GetDelegatedAccessToken",
    "GetFederationToken", "GetSessionToken", "GetWebIdentityToken",
};

// The actions whose model has no output shape: their answer has no <ActionResult>.
constexpr std::array kActionsWithoutResult = {
    "AcceptDelegationRequest", "AddClientIDToOpenIDConnectProvider", "AddRoleToInstanceProfile",
    "AddUserToGroup", "AssociateDelegationRequest", "AttachGroupPolicy", "AttachRolePolicy",
    "AttachUserPolicy", "ChangePassword", "CreateAccountAlias", "DeactivateMFADevice", "DeleteAccessKey",
    "DeleteAccountAlias", "DeleteAccountPasswordPolicy", "DeleteGroup", "DeleteGroupPolicy",
    "DeleteInstanceProfile", "DeleteLoginProfile", "DeleteOpenIDConnectProvider", "DeletePolicy",
    "DeletePolicyVersion", "DeleteRole", "DeleteRolePermissionsBoundary", "DeleteRolePolicy",
    "DeleteSAMLProvider", "DeleteSSHPublicKey", "DeleteServerCertificate", "DeleteServiceSpecificCredential",
    "DeleteSigningCertificate", "DeleteUser", "DeleteUserPermissionsBoundary", "DeleteUserPolicy",
    "DeleteVirtualMFADevice", "DetachGroupPolicy", "DetachRolePolicy", "DetachUserPolicy",
    "DisableOutboundWebIdentityFederation", "EnableMFADevice", "PutGroupPolicy", "PutRolePermissionsBoundary",
    "PutRolePolicy", "PutUserPermissionsBoundary", "PutUserPolicy", "RejectDelegationRequest",
    "RemoveClientIDFromOpenIDConnectProvider", "RemoveRoleFromInstanceProfile", "RemoveUserFromGroup",
    "ResyncMFADevice", "SendDelegationToken", "SetDefaultPolicyVersion", "SetSecurityTokenServicePreferences",
    "TagInstanceProfile", "TagMFADevice", "TagOpenIDConnectProvider", "TagPolicy", "TagRole",
    "TagSAMLProvider", "TagServerCertificate", "TagUser", "UntagInstanceProfile", "UntagMFADevice",
    "UntagOpenIDConnectProvider", "UntagPolicy", "UntagRole", "UntagSAMLProvider", "UntagServerCertificate",
    "UntagUser", "UpdateAccessKey", "UpdateAccountPasswordPolicy", "UpdateAssumeRolePolicy",
    "UpdateDelegationRequest", "UpdateGroup", "UpdateLoginProfile", "UpdateOpenIDConnectProviderThumbprint",
    "UpdateSSHPublicKey", "UpdateServerCertificate", "UpdateServiceSpecificCredential",
    "UpdateSigningCertificate", "UpdateUser",
};

template <class List>
bool contains(const List& list, std::string_view action) {
  return std::binary_search(list.begin(), list.end(), action,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

}  // namespace

bool is_iam_action(std::string_view action) { return contains(kIamActions, action); }
bool is_sts_action(std::string_view action) { return contains(kStsActions, action); }
bool has_result(std::string_view action) { return !contains(kActionsWithoutResult, action); }

}  // namespace bunker::iam
