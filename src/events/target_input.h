#pragma once
// What a rule's target receives for an event: the event itself, or the target's
// constant Input, or the part of the event its InputPath selects, or its
// InputTransformer's template filled from InputPathsMap.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace bunker::events {

// The value at a JSONPath of the simple forms EventBridge uses ("$", "$.a.b", "$.a[0]");
// nullopt when absent.
std::optional<nlohmann::json> json_path(const nlohmann::json& document, std::string_view path);

// The payload for `target` (its PutTargets JSON) given the event envelope.
std::string target_input(const nlohmann::json& target, const nlohmann::json& event);

}  // namespace bunker::events
