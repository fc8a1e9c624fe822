#pragma once
// IAM's policy grammar check, as CreatePolicy / PutRolePolicy / CreateRole apply it before
// storing a document. Throws MalformedPolicyDocument with AWS's message for the first
// problem found. It checks form only (elements, value types, action and ARN shapes,
// principals); it does not evaluate policies, and unknown service actions are accepted
// as AWS accepts them.
#include <string_view>

namespace bunker::iam {

enum class PolicyKind {
  kIdentity,  // managed, inline and session policies: Resource required, Principal forbidden
  kTrust,     // a role's AssumeRolePolicyDocument: Principal required, Resource forbidden
};

void validate_policy_document(std::string_view text, PolicyKind kind);

}  // namespace bunker::iam
