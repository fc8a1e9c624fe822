#pragma once
// Function names as the Lambda API accepts them — "my-fn", "my-fn:alias",
// "123456789012:function:my-fn", "arn:aws:lambda:us-east-1:123456789012:function:my-fn:1"
// — and the ARNs Lambda answers with. Validation failures throw AWS's errors.
#include <optional>
#include <string>
#include <string_view>

namespace bunker::lambda {

struct FunctionRef {
  std::string name;
  std::optional<std::string> qualifier;  // from the name itself ("fn:alias", "...:function:fn:3")
  std::optional<std::string> region;     // from an ARN
  std::optional<std::string> account;
};

// Parses the FunctionName path parameter; `max_length` is the operation's limit (64 for
// CreateFunction, 140 otherwise, 170 for qualified operations).
FunctionRef parse_function_name(std::string_view value, size_t max_length = 140);

// Combines the name's own qualifier with a ?Qualifier parameter: AWS rejects a mismatch.
std::optional<std::string> merge_qualifier(const FunctionRef& ref, const std::optional<std::string>& parameter);

std::string function_arn(std::string_view region, std::string_view account, std::string_view name);
std::string qualified_arn(std::string_view region, std::string_view account, std::string_view name,
                          std::string_view qualifier);
std::string layer_arn(std::string_view region, std::string_view account, std::string_view layer);

// Validators with AWS's ValidationException texts.
void validate_role(std::string_view role);
void validate_alias_name(std::string_view name);
void validate_statement_id(std::string_view sid);
bool is_version_number(std::string_view q);

// "1 validation error detected: Value '<v>' at '<field>' failed to satisfy constraint: <c>"
[[noreturn]] void throw_validation(std::string_view value, std::string_view field, std::string_view constraint);

}  // namespace bunker::lambda
