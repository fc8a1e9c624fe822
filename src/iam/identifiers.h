#pragma once
// IAM's identifiers: unique ids with their type prefixes (AROA role, AIDA user, ANPA
// policy, AIPA instance profile), access key ids (AKIA long-term, ASIA temporary),
// secrets and session tokens, and the ARNs of each entity.
#include <optional>
#include <string>
#include <string_view>

namespace bunker::iam {

// prefix + 17 characters of AWS's base32 alphabet (A-Z, 2-7): 21 characters in all.
std::string unique_id(std::string_view prefix);
// AKIA… or ASIA… + 16 base32 characters.
std::string access_key_id(bool temporary);
std::string secret_access_key();  // 40 characters
std::string session_token();

// arn:aws:iam::<account>:<type><path><name>, type "role", "user", "policy", "instance-profile".
std::string entity_arn(std::string_view account, std::string_view type, std::string_view path, std::string_view name);
std::string root_arn(std::string_view account);
std::string assumed_role_arn(std::string_view account, std::string_view role_name, std::string_view session);

// The parts of arn:aws:iam::<account>:<type><path><name>; nullopt when the text is not
// such an ARN. account is "aws" for AWS managed policies.
struct EntityArn {
  std::string account;
  std::string path;  // "/" or "/a/b/"
  std::string name;
};
std::optional<EntityArn> parse_entity_arn(std::string_view arn, std::string_view type);

// CreateDate and friends: 2024-01-02T03:04:05Z.
std::string iam_date(long long epoch_millis);

}  // namespace bunker::iam
