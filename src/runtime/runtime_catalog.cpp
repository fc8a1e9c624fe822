#include "runtime/runtime_catalog.h"

#include <array>

namespace bunker::runtime {
namespace {

using F = RuntimeFamily;

// The Runtime enum of the Lambda API. Deprecation follows AWS's runtime table: these can
// no longer be used to create or update functions.
constexpr std::array kRuntimes{
    RuntimeInfo{"nodejs", F::kNode, true},         RuntimeInfo{"nodejs4.3", F::kNode, true},
    RuntimeInfo{"nodejs4.3-edge", F::kNode, true}, RuntimeInfo{"nodejs6.10", F::kNode, true},
    RuntimeInfo{"nodejs8.10", F::kNode, true},     RuntimeInfo{"nodejs10.x", F::kNode, true},
    RuntimeInfo{"nodejs12.x", F::kNode, true},     RuntimeInfo{"nodejs14.x", F::kNode, true},
    RuntimeInfo{"nodejs16.x", F::kNode, true},     RuntimeInfo{"nodejs18.x", F::kNode, false},
    RuntimeInfo{"nodejs20.x", F::kNode, false},    RuntimeInfo{"nodejs22.x", F::kNode, false},
    RuntimeInfo{"nodejs24.x", F::kNode, false},    RuntimeInfo{"python2.7", F::kPython, true},
    RuntimeInfo{"python3.6", F::kPython, true},    RuntimeInfo{"python3.7", F::kPython, true},
    RuntimeInfo{"python3.8", F::kPython, true},    RuntimeInfo{"python3.9", F::kPython, false},
    RuntimeInfo{"python3.10", F::kPython, false},  RuntimeInfo{"python3.11", F::kPython, false},
    RuntimeInfo{"python3.12", F::kPython, false},  RuntimeInfo{"python3.13", F::kPython, false},
    RuntimeInfo{"python3.14", F::kPython, false},  RuntimeInfo{"provided", F::kProvided, true},
    RuntimeInfo{"provided.al2", F::kProvided, false}, RuntimeInfo{"provided.al2023", F::kProvided, false},
    RuntimeInfo{"java8", F::kOther, true},         RuntimeInfo{"java8.al2", F::kOther, false},
    RuntimeInfo{"java11", F::kOther, false},       RuntimeInfo{"java17", F::kOther, false},
    RuntimeInfo{"java21", F::kOther, false},       RuntimeInfo{"java25", F::kOther, false},
    RuntimeInfo{"dotnetcore1.0", F::kOther, true}, RuntimeInfo{"dotnetcore2.0", F::kOther, true},
    RuntimeInfo{"dotnetcore2.1", F::kOther, true}, RuntimeInfo{"dotnetcore3.1", F::kOther, true},
    RuntimeInfo{"dotnet6", F::kOther, false},      RuntimeInfo{"dotnet8", F::kOther, false},
    RuntimeInfo{"dotnet10", F::kOther, false},     RuntimeInfo{"go1.x", F::kOther, true},
    RuntimeInfo{"ruby2.5", F::kOther, true},       RuntimeInfo{"ruby2.7", F::kOther, true},
    RuntimeInfo{"ruby3.2", F::kOther, false},      RuntimeInfo{"ruby3.3", F::kOther, false},
    RuntimeInfo{"ruby3.4", F::kOther, false},      RuntimeInfo{"ruby4.0", F::kOther, false},
};

}  // namespace

std::optional<RuntimeInfo> find_runtime(std::string_view name) {
  for (const auto& r : kRuntimes)
    if (r.name == name) return r;
  return std::nullopt;
}

std::string unknown_runtime_message(std::string_view value) {
  // The enum listing is AWS's own text (recorded answer to CreateFunction).
  return "Value " + std::string(value) +
         " at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.14, "
         "provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, "
         "ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, "
         "nodejs18.x, provided.al2, java8.al2] or be a valid ARN";
}

std::string deprecated_runtime_message(std::string_view value) {
  return "The runtime parameter of " + std::string(value) +
         " is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported "
         "runtime while creating or updating functions.";
}

std::string node_major_folder(std::string_view runtime) {
  std::string digits;
  for (char c : runtime.substr(runtime.starts_with("nodejs") ? 6 : 0)) {
    if (c < '0' || c > '9') break;
    digits += c;
  }
  return "node" + digits;
}

}  // namespace bunker::runtime
