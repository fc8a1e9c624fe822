#pragma once
// Which Lambda runtimes exist, which AWS still accepts for new functions, and how
// Bunker runs each family.
#include <optional>
#include <string>
#include <string_view>

namespace bunker::runtime {

enum class RuntimeFamily { kNode, kPython, kProvided, kOther };

struct RuntimeInfo {
  std::string_view name;
  RuntimeFamily family;
  // AWS no longer accepts it for new or updated functions (Bunker does with
  // --lambda-allow-deprecated-runtimes, for old workshops and apps).
  bool deprecated;
};

// Any runtime AWS knows (the Runtime enum), or nullopt.
std::optional<RuntimeInfo> find_runtime(std::string_view name);

// AWS's message for a value outside the enum (InvalidParameterValueException).
std::string unknown_runtime_message(std::string_view value);
// AWS's message for a deprecated runtime (InvalidParameterValueException).
std::string deprecated_runtime_message(std::string_view value);

// "nodejs20.x" -> "node20"-style folder suffix used on NODE_PATH (/opt/nodejs/node20/...).
std::string node_major_folder(std::string_view runtime);

}  // namespace bunker::runtime
