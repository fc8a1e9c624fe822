#include "iam/policy_document.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "iam/errors.h"

namespace bunker::iam {
namespace {

using nlohmann::json;

constexpr const char* kInvalidJson = "This policy contains invalid Json";
constexpr const char* kSyntax = "Syntax errors in policy.";
constexpr const char* kLegacy = "The policy failed legacy parsing";

[[noreturn]] void fail(const std::string& message) { throw malformed_policy(message); }

// A string, or a non-empty array of strings; anything else is a syntax error.
std::vector<std::string> string_or_list(const json& v) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array() && !v.empty()) {
    for (const auto& item : v) {
      if (!item.is_string()) fail(kSyntax);
      out.push_back(item.get<std::string>());
    }
  } else {
    fail(kSyntax);
  }
  return out;
}

void check_action(const std::string& action) {
  if (action == "*") return;
  const size_t colon = action.find(':');
  if (colon == std::string::npos || colon == 0)
    fail("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
  if (action.find(':', colon + 1) != std::string::npos) fail("Actions/Condition can contain only one colon.");
  const std::string vendor = action.substr(0, colon);
  if (vendor.find_first_of("*?") != std::string::npos)
    fail("Action vendors (e.g., aws, ec2, etc.) must not contain wildcards");
}

bool is_trust_action(const std::string& action) {
  // What a role's trust policy may allow: sts:AssumeRole* and the session actions.
  static const std::set<std::string, std::less<>> kAllowed = {
      "sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "sts:tagsession",
      "sts:setsourceidentity", "sts:setcontext", "sts:*", "*"};
  std::string lower;
  for (char c : action) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return kAllowed.contains(lower) || (lower.starts_with("sts:assumerole") && lower.back() == '*');
}

void check_resource(const std::string& resource) {
  if (resource == "*" || resource.starts_with("arn:")) return;
  fail("Resource " + resource + " must be in ARN format or \"*\".");
}

bool is_account_id(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool valid_aws_principal(const std::string& p) {
  if (p == "*" || is_account_id(p)) return true;
  for (std::string_view prefix : {"arn:aws:iam::", "arn:aws:sts::", "arn:aws-cn:iam::", "arn:aws-us-gov:iam::"}) {
    if (p.starts_with(prefix)) {
      const std::string_view rest = std::string_view(p).substr(prefix.size());
      const size_t colon = rest.find(':');
      return colon != std::string_view::npos && (is_account_id(rest.substr(0, colon)) || rest.substr(0, colon) == "aws") &&
             colon + 1 < rest.size();
    }
  }
  return false;
}

void check_principal(const json& principal) {
  if (principal.is_string()) {
    if (principal.get<std::string>() != "*") fail("Invalid principal in policy: " + principal.dump());
    return;
  }
  if (!principal.is_object() || principal.empty()) fail(kSyntax);
  for (const auto& [type, value] : principal.items()) {
    const auto values = string_or_list(value);
    for (const auto& v : values) {
      const std::string quoted = "\"" + type + "\":" + json(v).dump();
      if (type == "AWS") {
        if (!valid_aws_principal(v)) fail("Invalid principal in policy: " + quoted);
      } else if (type == "Service" || type == "Federated" || type == "CanonicalUser") {
        if (v.empty()) fail("Invalid principal in policy: " + quoted);
      } else {
        fail("Invalid principal in policy: " + quoted);
      }
    }
  }
}

bool alphanumeric(const std::string& s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

void check_statement(const json& st, PolicyKind kind, std::set<std::string>& sids) {
  static const std::set<std::string, std::less<>> kElements = {
      "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"};
  if (!st.is_object()) fail(kSyntax);
  for (const auto& [k, v] : st.items())
    if (!kElements.contains(k)) fail(kSyntax);

  if (st.contains("Sid")) {
    if (!st["Sid"].is_string()) fail(kSyntax);
    const std::string sid = st["Sid"].get<std::string>();
    if (kind == PolicyKind::kIdentity && !alphanumeric(sid))
      fail("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*");
    if (!sid.empty() && !sids.insert(sid).second) fail("Statement IDs (SID) in a single policy must be unique.");
  }

  if (!st.contains("Effect")) fail("Missing required field Effect");
  if (!st["Effect"].is_string()) fail(kSyntax);
  const std::string effect = st["Effect"].get<std::string>();
  if (effect != "Allow" && effect != "Deny") fail(kLegacy);

  const bool has_principal = st.contains("Principal") || st.contains("NotPrincipal");
  const bool has_resource = st.contains("Resource") || st.contains("NotResource");
  if (kind == PolicyKind::kIdentity) {
    if (has_principal) fail("Policy document should not specify a principal.");
  } else {
    if (has_resource) fail(st.contains("Resource") ? "Has prohibited field Resource" : "Has prohibited field NotResource");
    if (!has_principal) fail("Missing required field Principal");
    if (st.contains("Principal") && st.contains("NotPrincipal")) fail(kSyntax);
    check_principal(st.contains("Principal") ? st["Principal"] : st["NotPrincipal"]);
  }

  const bool action = st.contains("Action"), not_action = st.contains("NotAction");
  if (!action && !not_action) fail("Policy statement must contain actions.");
  if (action && not_action) fail(kSyntax);
  for (const auto& a : string_or_list(action ? st["Action"] : st["NotAction"])) {
    check_action(a);
    if (kind == PolicyKind::kTrust && action && !is_trust_action(a))
      fail("AssumeRole policy may only specify STS AssumeRole actions.");
  }

  if (kind == PolicyKind::kIdentity) {
    const bool resource = st.contains("Resource"), not_resource = st.contains("NotResource");
    if (!resource && !not_resource) fail("Policy statement must contain resources.");
    if (resource && not_resource) fail(kSyntax);
    for (const auto& r : string_or_list(resource ? st["Resource"] : st["NotResource"])) check_resource(r);
  }

  if (st.contains("Condition")) {
    const json& cond = st["Condition"];
    if (!cond.is_object()) fail(kSyntax);
    for (const auto& [op, block] : cond.items()) {
      if (!block.is_object()) fail(kSyntax);
      for (const auto& [key, value] : block.items()) {
        if (!(value.is_string() || value.is_boolean() || value.is_number() || value.is_array())) fail(kSyntax);
      }
    }
  }
}

}  // namespace

void validate_policy_document(std::string_view text, PolicyKind kind) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error&) {
    fail(kInvalidJson);
  }
  if (!doc.is_object()) fail(kSyntax);
  for (const auto& [k, v] : doc.items())
    if (k != "Version" && k != "Id" && k != "Statement") fail(kSyntax);
  if (doc.contains("Version")) {
    const json& v = doc["Version"];
    if (!v.is_string() || (v.get<std::string>() != "2012-10-17" && v.get<std::string>() != "2008-10-17")) fail(kLegacy);
  }
  if (doc.contains("Id") && !doc["Id"].is_string()) fail(kSyntax);
  if (!doc.contains("Statement")) fail(kSyntax);
  const json& statements = doc["Statement"];
  std::set<std::string> sids;
  if (statements.is_array()) {
    if (statements.empty()) fail(kSyntax);
    for (const auto& st : statements) check_statement(st, kind, sids);
  } else {
    check_statement(statements, kind, sids);
  }
}

}  // namespace bunker::iam
