#pragma once
// Reads an action's parameters and checks them against the constraints of botocore's
// iam/sts models (length, pattern, range, enum, required). Violations are collected and
// thrown together, worded as AWS words them:
//   1 validation error detected: Value 'a b' at 'roleName' failed to satisfy constraint:
//   Member must satisfy regular expression pattern: [\w+=,.@-]+
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bunker/protocol/query.h"
#include "iam/records.h"

namespace bunker::iam {

// One string type of the model: its length bounds and pattern (as the model prints it,
// and as a predicate over the value's code points).
struct StringRule {
  size_t min = 0;
  size_t max = SIZE_MAX;
  std::string_view pattern;                    // empty: no pattern
  bool (*matches)(std::u32string_view) = nullptr;
};

namespace rules {
extern const StringRule kEntityName;       // roleNameType/userNameType: 1..64 [\w+=,.@-]+
extern const StringRule kPolicyName;       // policyNameType: 1..128
extern const StringRule kGroupName;        // groupNameType: 1..128
extern const StringRule kInstanceProfileName;
extern const StringRule kExistingUserName;  // existingUserNameType: 1..128
extern const StringRule kPath;             // pathType
extern const StringRule kPathPrefix;       // pathPrefixType
extern const StringRule kPolicyPath;       // policyPathType
extern const StringRule kPolicyDocument;   // policyDocumentType
extern const StringRule kPassword;         // passwordType
extern const StringRule kRoleDescription;  // roleDescriptionType
extern const StringRule kPolicyDescription;
extern const StringRule kArn;              // arnType
extern const StringRule kMarker;
extern const StringRule kVersionId;        // policyVersionIdType
extern const StringRule kAccessKeyId;      // accessKeyIdType
extern const StringRule kTagKey;
extern const StringRule kTagValue;
extern const StringRule kRoleSessionName;
extern const StringRule kExternalId;
extern const StringRule kSerialNumber;
extern const StringRule kTokenCode;
extern const StringRule kSourceIdentity;
extern const StringRule kStsArn;           // sts arnType (20..2048, printable)
}  // namespace rules

class Input {
 public:
  explicit Input(const protocol::QueryRequest& q) : q_(q) {}

  // A string member; a required one that is absent is reported as null.
  std::optional<std::string> string(std::string_view name, const StringRule& rule, bool required = false);
  std::string required(std::string_view name, const StringRule& rule) {
    return string(name, rule, true).value_or(std::string());
  }
  std::optional<long long> integer(std::string_view name, long long min, long long max);
  std::optional<bool> boolean(std::string_view name);
  std::optional<std::string> enumeration(std::string_view name, std::initializer_list<std::string_view> values);
  // Tags.member.N.Key / .Value (at most 50).
  std::vector<Tag> tags(std::string_view name = "Tags");
  // Name.member.N strings, each checked against rule.
  std::vector<std::string> strings(std::string_view name, const StringRule& rule, size_t max_count = SIZE_MAX,
                                   bool required = false);

  // Records a violation of a constraint the model states in prose (e.g. a value range
  // that depends on another member).
  void fail(std::string message) { errors_.push_back(std::move(message)); }
  // Throws ValidationError when any check failed.
  void done() const;

  const protocol::QueryRequest& query() const { return q_; }

 private:
  void check(std::string_view member, std::string_view value, const StringRule& rule);

  const protocol::QueryRequest& q_;
  std::vector<std::string> errors_;
};

// "roleName" for "RoleName": the member name AWS quotes in its messages.
std::string member_name(std::string_view param);
// UTF-8 to code points (invalid bytes become U+FFFD).
std::u32string code_points(std::string_view utf8);

}  // namespace bunker::iam
