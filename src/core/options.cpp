#include "bunker/core/options.h"

#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "bunker/core/strings.h"

namespace bunker {
namespace {

std::optional<bool> parse_bool(std::string_view v) {
  std::string s = to_lower(v);
  if (s == "1" || s == "true" || s == "yes" || s == "on") return true;
  if (s == "0" || s == "false" || s == "no" || s == "off" || s.empty()) return false;
  return std::nullopt;
}

std::optional<double> parse_seconds(std::string_view v) {
  std::string s(v);
  double scale = 1.0;
  if (s.size() > 2 && s.ends_with("ms")) {
    scale = 0.001;
    s.resize(s.size() - 2);
  } else if (!s.empty() && s.back() == 's') {
    s.pop_back();
  } else if (!s.empty() && s.back() == 'm') {
    scale = 60.0;
    s.pop_back();
  }
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || d < 0) return std::nullopt;
  return d * scale;
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

void Options::add(OptionSpec spec) {
  if (find(spec.name)) throw std::logic_error("option declared twice: " + spec.name);
  values_[spec.name] = spec.default_value;
  specs_.push_back(std::move(spec));
}

const OptionSpec* Options::find(std::string_view name) const {
  for (const auto& s : specs_)
    if (s.name == name) return &s;
  return nullptr;
}

std::string Options::validate(const OptionSpec& spec, std::string_view value) const {
  switch (spec.kind) {
    case OptionSpec::Kind::kInt: {
      long long n;
      if (!parse_int64(value, n)) return "expects an integer, got '" + std::string(value) + "'";
      if (n < spec.min || n > spec.max)
        return "must be between " + std::to_string(spec.min) + " and " + std::to_string(spec.max) + ", got " +
               std::string(value);
      break;
    }
    case OptionSpec::Kind::kBool:
      if (!parse_bool(value)) return "expects true or false, got '" + std::string(value) + "'";
      break;
    case OptionSpec::Kind::kSeconds: {
      auto d = parse_seconds(value);
      if (!d) return "expects a duration such as 30, 1.5s or 250ms, got '" + std::string(value) + "'";
      if (*d < static_cast<double>(spec.min) / 1000.0 || *d > static_cast<double>(spec.max) / 1000.0)
        return "is out of range: '" + std::string(value) + "'";
      break;
    }
    case OptionSpec::Kind::kString: break;
  }
  if (spec.check) return spec.check(value);
  return {};
}

Options::ParseResult Options::parse(int argc, const char* const* argv,
                                    const std::function<std::optional<std::string>(const std::string&)>& env_lookup) {
  // Environment first, so that flags override it.
  for (const auto& spec : specs_) {
    if (spec.env.empty()) continue;
    if (auto v = env_lookup(spec.env)) {
      if (auto err = validate(spec, *v); !err.empty())
        return {Outcome::kError, spec.env + " " + err};
      values_[spec.name] = *v;
    }
  }
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return {Outcome::kHelp, {}};
    if (arg == "--version" || arg == "-V") return {Outcome::kVersion, {}};
    if (!arg.starts_with("--")) return {Outcome::kError, "unexpected argument '" + std::string(arg) + "' (see --help)"};
    arg.remove_prefix(2);
    std::string name, value;
    bool has_value = false;
    if (auto eq = arg.find('='); eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    } else {
      name = arg;
    }
    bool negated = false;
    const OptionSpec* spec = find(name);
    if (!spec && name.starts_with("no-")) {
      spec = find(std::string_view(name).substr(3));
      negated = spec && spec->kind == OptionSpec::Kind::kBool;
      if (!negated) spec = nullptr;
    }
    if (!spec) return {Outcome::kError, "unknown option --" + name + " (see --help)"};
    if (spec->kind == OptionSpec::Kind::kBool && !has_value) {
      value = negated ? "false" : "true";
    } else if (!has_value) {
      if (i + 1 >= argc) return {Outcome::kError, "option --" + name + " needs a value"};
      value = argv[++i];
    }
    if (auto err = validate(*spec, value); !err.empty()) return {Outcome::kError, "--" + spec->name + " " + err};
    values_[spec->name] = value;
  }
  return {Outcome::kRun, {}};
}

std::string Options::help_text(std::string_view program) const {
  std::ostringstream out;
  out << "Usage: " << program << " [options]\n\n"
      << "Bunker: a local AWS (S3, DynamoDB, Lambda, API Gateway) on one port.\n\nOptions (each also settable by "
         "its environment variable):\n";
  for (const auto& s : specs_) {
    std::string flag = "--" + s.name;
    if (s.kind != OptionSpec::Kind::kBool) flag += " <" + std::string(s.kind == OptionSpec::Kind::kInt ? "n" : s.kind == OptionSpec::Kind::kSeconds ? "duration" : "value") + ">";
    out << "  " << flag;
    if (flag.size() < 30) out << std::string(30 - flag.size(), ' ');
    else out << "\n" << std::string(32, ' ');
    out << s.help;
    if (!s.env.empty()) out << " [" << s.env << "]";
    if (!s.default_value.empty()) out << " (default: " << s.default_value << ")";
    out << "\n";
  }
  out << "  --help                        show this help and exit\n"
      << "  --version                     show the version and exit\n";
  return out.str();
}

const std::string& Options::str(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("undeclared option: " + std::string(name));
  return it->second;
}

int64_t Options::integer(std::string_view name) const {
  long long n = 0;
  parse_int64(str(name), n);
  return n;
}

bool Options::flag(std::string_view name) const { return parse_bool(str(name)).value_or(false); }

double Options::seconds(std::string_view name) const { return parse_seconds(str(name)).value_or(0.0); }

}  // namespace bunker
