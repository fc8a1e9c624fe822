#pragma once
// Command-line flags, each with an environment variable. Modules declare their own
// options (name, variable, default, help, kind) before parsing; `bunker --help` lists
// them all. Precedence: flag, then environment, then default.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bunker {

struct OptionSpec {
  enum class Kind { kString, kInt, kBool, kSeconds };
  std::string name;           // flag without dashes: "port" -> --port
  std::string env;            // BUNKER_PORT
  std::string default_value;  // as text
  std::string help;
  Kind kind = Kind::kString;
  int64_t min = INT64_MIN;    // for kInt / kSeconds
  int64_t max = INT64_MAX;
  // Extra check on the text value; returns an error message or empty.
  std::function<std::string(std::string_view)> check;
};

class Options {
 public:
  void add(OptionSpec spec);

  enum class Outcome { kRun, kHelp, kVersion, kError };
  struct ParseResult {
    Outcome outcome;
    std::string message;  // the one error line, for kError
  };
  // Reads argv and the environment (env_lookup, so tests can pass their own).
  ParseResult parse(int argc, const char* const* argv,
                    const std::function<std::optional<std::string>(const std::string&)>& env_lookup);

  std::string help_text(std::string_view program) const;

  const std::string& str(std::string_view name) const;
  int64_t integer(std::string_view name) const;  // kInt
  bool flag(std::string_view name) const;        // kBool
  double seconds(std::string_view name) const;   // kSeconds (accepts "1.5", "250ms", "2s", "1m")

 private:
  std::string validate(const OptionSpec& spec, std::string_view value) const;
  const OptionSpec* find(std::string_view name) const;

  std::vector<OptionSpec> specs_;
  std::map<std::string, std::string, std::less<>> values_;
};

std::optional<std::string> process_env(const std::string& name);

}  // namespace bunker
