#pragma once
// API Gateway's update operations take "patchOperations": [{op, path, value, from}].
// Paths look like JSON pointers with "~1" for "/" inside a segment
// ("/requestTemplates/application~1json"). Each resource type accepts its own paths and
// ops; the shared part is parsing, op validation (ValidationException naming every bad
// op, as recorded) and the common error texts.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bunker::apigateway {

struct PatchOp {
  std::string op;     // add | remove | replace | move | copy | test
  std::string path;   // as sent
  std::optional<std::string> value;
  std::optional<std::string> from;
  std::vector<std::string> segments;  // path split on "/", "~1" -> "/", "~0" -> "~"
};

// Parses body.patchOperations. input_name is the Coral input shape named in validation
// messages ("updateRestApiInput"). extra_errors are appended (e.g. a bad statusCode).
std::vector<PatchOp> parse_patch_operations(const nlohmann::json& body, std::string_view input_name,
                                            std::vector<std::string> extra_errors = {});

// "N validation error(s) detected: a; b" — throws ValidationException when errors is non-empty.
void throw_validation_errors(const std::vector<std::string>& errors);

// Common error texts.
[[noreturn]] void invalid_patch_path(const PatchOp& op);  // "Invalid patch path <path>"
[[noreturn]] void unsupported_op(const PatchOp& op, std::string_view allowed);  // "...Must be one of: [replace]"
// "Invalid patch path  '<path>' specified for op '<op>'. Must be one of: [<paths>]"
[[noreturn]] void invalid_path_for_op(const PatchOp& op, std::string_view allowed_paths);
// "Invalid patch path  '<path>' specified for op '<op>'. Please choose supported operations"
[[noreturn]] void op_not_supported_for_path(const PatchOp& op);

// The value as a boolean the way API Gateway reads patch values ("true"/"false").
bool patch_bool(const PatchOp& op);
// The value, or "" when absent.
std::string patch_string(const PatchOp& op);
// The path after a prefix of n segments, re-joined with "/" (for keys such as
// "application/json" or "method.request.header.x").
std::string rest_of_path(const PatchOp& op, size_t n);

}  // namespace bunker::apigateway
