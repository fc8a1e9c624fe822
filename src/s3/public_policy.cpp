#include "s3/public_policy.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

#include "bunker/core/strings.h"

namespace bunker::s3 {
namespace {

using nlohmann::json;

// The keys AWS's PublicAccessBlockConfiguration documentation lists (lower-cased).
constexpr std::array<std::string_view, 6> kFixedKeys = {"aws:sourcearn",   "aws:sourcevpc",     "aws:sourcevpce",
                                                        "aws:sourceowner", "aws:sourceaccount",
                                                        "s3:x-amz-server-side-encryption-aws-kms-key-id"};

std::vector<std::string> strings_of(const json& v) {
  std::vector<std::string> out;
  if (v.is_string()) out.push_back(v.get<std::string>());
  if (v.is_array())
    for (const auto& x : v)
      if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

bool has_wildcard(const std::string& s) { return s.find_first_of("*?") != std::string::npos; }

bool wildcard_principal(const json& principal) {
  if (principal.is_string()) return principal.get<std::string>() == "*";
  if (principal.is_object() && principal.contains("AWS")) {
    auto values = strings_of(principal["AWS"]);
    return std::find(values.begin(), values.end(), "*") != values.end();
  }
  return false;
}

// Does one condition key (with its operator) pin the statement to fixed values?
bool restricts(std::string_view op, const std::string& key, const json& value) {
  std::string o = to_lower(op);
  if (o.find("not") != std::string::npos || o.ends_with("ifexists") || o == "null") return false;
  auto values = strings_of(value);
  if (values.empty()) return false;
  if (key == "aws:sourceip") {
    return std::none_of(values.begin(), values.end(),
                        [](const std::string& c) { return c == "0.0.0.0/0" || c == "::/0"; });
  }
  if (std::any_of(values.begin(), values.end(), has_wildcard)) {
    // aws:userid may name a role's sessions ("AROLEID:*") and still be fixed.
    if (key != "aws:userid") return false;
    return std::all_of(values.begin(), values.end(), [](const std::string& v) {
      auto colon = v.find(':');
      return colon != std::string::npos && colon > 0 && v.substr(colon) == ":*" && !has_wildcard(v.substr(0, colon));
    });
  }
  return key == "aws:userid" || std::find(kFixedKeys.begin(), kFixedKeys.end(), key) != kFixedKeys.end();
}

bool statement_public(const json& s) {
  if (!s.is_object() || s.value("Effect", "") != "Allow") return false;
  bool open = s.contains("NotPrincipal") || (s.contains("Principal") && wildcard_principal(s["Principal"]));
  if (!open) return false;
  if (s.contains("Condition") && s["Condition"].is_object()) {
    for (const auto& [op, keys] : s["Condition"].items()) {
      if (!keys.is_object()) continue;
      for (const auto& [key, value] : keys.items())
        if (restricts(op, to_lower(key), value)) return false;
    }
  }
  return true;
}

}  // namespace

bool is_public_policy(std::string_view policy) {
  json doc = json::parse(policy, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("Statement")) return false;
  const json& st = doc["Statement"];
  if (st.is_array()) return std::any_of(st.begin(), st.end(), statement_public);
  return statement_public(st);
}

}  // namespace bunker::s3
