#pragma once
// OpenAPI documents arrive as JSON or YAML; both become nlohmann::json here, and exports
// can be written back as YAML.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace bunker::apigateway {

// Parses JSON, or else YAML (1.2 core schema: unquoted true/false/null/numbers are typed,
// quoted scalars stay strings). nullopt when the text is neither, with a reason in error.
std::optional<nlohmann::json> parse_json_or_yaml(std::string_view text, std::string* error = nullptr);

// Block-style YAML for a JSON value (strings quoted when YAML would read them as
// something else).
std::string to_yaml(const nlohmann::json& value);

}  // namespace bunker::apigateway
