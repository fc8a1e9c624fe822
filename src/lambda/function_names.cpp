#include "lambda/function_names.h"

#include <regex>
#include <unordered_map>

#include "bunker/core/aws_error.h"
#include "bunker/core/strings.h"

namespace bunker::lambda {
namespace {

constexpr std::string_view kFunctionNamePattern =
    R"((arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?)";
constexpr std::string_view kRolePattern = R"(arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+)";
constexpr std::string_view kAliasPattern = R"((?!^[0-9]+$)([a-zA-Z0-9-_]+))";
constexpr std::string_view kStatementIdPattern = R"(([a-zA-Z0-9-_]+))";

bool full_match(std::string_view value, std::string_view pattern) {
  // Patterns are AWS's own texts; ECMAScript syntax covers them (lookahead included).
  static thread_local std::unordered_map<std::string, std::regex> cache;
  auto it = cache.find(std::string(pattern));
  if (it == cache.end()) it = cache.emplace(std::string(pattern), std::regex(std::string(pattern))).first;
  return std::regex_match(value.begin(), value.end(), it->second);
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

bool name_chars_ok(std::string_view s) {
  return !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") ==
                           std::string_view::npos;
}

}  // namespace

[[noreturn]] void throw_validation(std::string_view value, std::string_view field, std::string_view constraint);

[[noreturn]] static void invalid_name(std::string_view value) {
  throw_validation(value, "functionName",
                   "Member must satisfy regular expression pattern: " + std::string(kFunctionNamePattern));
}

[[noreturn]] void throw_validation(std::string_view value, std::string_view field, std::string_view constraint) {
  throw AwsError(400, "ValidationException",
                 "1 validation error detected: Value " + (value == "null" ? std::string("null") : "'" + std::string(value) + "'") + " at '" + std::string(field) +
                     "' failed to satisfy constraint: " + std::string(constraint));
}

FunctionRef parse_function_name(std::string_view value, size_t max_length) {
  if (value.size() > max_length) {
    // A bare name over 64 characters is reported as AWS does, as an invalid parameter.
    if (max_length == 64 && value.find(':') == std::string_view::npos)
      throw AwsError(400, "InvalidParameterValueException",
                     "1 validation error detected: Value '" + std::string(value) +
                         "' at 'functionName' failed to satisfy constraint: Member must have length less than or "
                         "equal to 64");
    throw_validation(value, "functionName",
                     "Member must have length less than or equal to " + std::to_string(max_length));
  }
  FunctionRef ref;
  // The pattern above, checked part by part (std::regex recursion is too deep for it).
  auto parts = split(value, ':');
  size_t i = 0;
  if (value.starts_with("arn:")) {
    if (parts.size() < 4 || !parts[1].starts_with("aws") || parts[2] != "lambda") invalid_name(value);
    i = 3;
  }
  auto looks_like_region = [](std::string_view p) {
    return p.size() >= 9 && p.find('-') != std::string_view::npos && p.back() >= '0' && p.back() <= '9' &&
           p.find_first_not_of("abcdefghijklmnopqrstuvwxyz-0123456789") == std::string_view::npos;
  };
  if (i < parts.size() && looks_like_region(parts[i]) && parts.size() > i + 1) ref.region = std::string(parts[i++]);
  if (i < parts.size() && parts[i].size() == 12 && all_digits(parts[i]) && parts.size() > i + 1)
    ref.account = std::string(parts[i++]);
  if (i < parts.size() && parts[i] == "function" && parts.size() > i + 1) ++i;
  if (i >= parts.size() || !name_chars_ok(parts[i])) invalid_name(value);
  ref.name = std::string(parts[i++]);
  if (i < parts.size()) {
    std::string_view q = parts[i++];
    const bool ok = q == "$LATEST" || q == "$LATEST.PUBLISHED" ||
                    (!q.empty() && q.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") ==
                                       std::string_view::npos);
    if (!ok) invalid_name(value);
    ref.qualifier = std::string(q);
  }
  if (i != parts.size() || (value.starts_with("arn:") && (!ref.region || !ref.account))) invalid_name(value);
  if (ref.name.size() > 64) invalid_name(value);
  return ref;
}

std::optional<std::string> merge_qualifier(const FunctionRef& ref, const std::optional<std::string>& parameter) {
  if (ref.qualifier && parameter && *ref.qualifier != *parameter)
    throw AwsError(400, "InvalidParameterValueException",
                   "The derived qualifier from the function name does not match the specified qualifier.");
  return parameter ? parameter : ref.qualifier;
}

std::string function_arn(std::string_view region, std::string_view account, std::string_view name) {
  return "arn:aws:lambda:" + std::string(region) + ":" + std::string(account) + ":function:" + std::string(name);
}

std::string qualified_arn(std::string_view region, std::string_view account, std::string_view name,
                          std::string_view qualifier) {
  return function_arn(region, account, name) + ":" + std::string(qualifier);
}

std::string layer_arn(std::string_view region, std::string_view account, std::string_view layer) {
  return "arn:aws:lambda:" + std::string(region) + ":" + std::string(account) + ":layer:" + std::string(layer);
}

void validate_role(std::string_view role) {
  if (!full_match(role, kRolePattern))
    throw_validation(role, "role", "Member must satisfy regular expression pattern: " + std::string(kRolePattern));
}

void validate_alias_name(std::string_view name) {
  if (!full_match(name, kAliasPattern) || all_digits(name))
    throw_validation(name, "name", "Member must satisfy regular expression pattern: " + std::string(kAliasPattern));
}

void validate_statement_id(std::string_view sid) {
  if (!full_match(sid, kStatementIdPattern))
    throw_validation(sid, "statementId",
                     "Member must satisfy regular expression pattern: " + std::string(kStatementIdPattern));
}

bool is_version_number(std::string_view q) { return all_digits(q); }

}  // namespace bunker::lambda
