#include "bunker/event_sources/event_pattern.h"

#include <cctype>

#include "bunker/core/strings.h"

namespace bunker::event_sources {
namespace {

using json = nlohmann::json;


bool scalar_equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

bool string_test(const json& spec, const json& value, bool prefix) {
  if (!value.is_string()) return false;
  const std::string& v = value.get_ref<const std::string&>();
  if (spec.is_object() && spec.contains("equals-ignore-case")) {
    std::string s = to_lower(spec["equals-ignore-case"].get<std::string>()), lv = to_lower(v);
    return prefix ? lv.starts_with(s) : lv.ends_with(s);
  }
  const std::string& s = spec.get_ref<const std::string&>();
  return prefix ? v.starts_with(s) : v.ends_with(s);
}

bool numeric(const json& ops, const json& value) {
  if (!value.is_number()) return false;
  double v = value.get<double>();
  for (std::size_t i = 0; i + 1 < ops.size(); i += 2) {
    const std::string& op = ops[i].get_ref<const std::string&>();
    double n = ops[i + 1].get<double>();
    bool ok = op == "=" ? v == n : op == "<" ? v < n : op == "<=" ? v <= n : op == ">" ? v > n : v >= n;
    if (!ok) return false;
  }
  return true;
}

bool match_one(const json& m, const json& value) {
  if (!m.is_object()) return scalar_equal(m, value);
  auto [key, spec] = *m.items().begin();
  if (key == "prefix") return string_test(spec, value, true);
  if (key == "suffix") return string_test(spec, value, false);
  if (key == "equals-ignore-case") return value.is_string() && iequals(value.get_ref<const std::string&>(), spec.get<std::string>());
  if (key == "wildcard") return value.is_string() && wildcard_match(spec.get<std::string>(), value.get_ref<const std::string&>(),
                                                           {.any_char = false});
  if (key == "numeric") return numeric(spec, value);
  if (key == "anything-but") {
    if (spec.is_array()) {
      for (const auto& s : spec)
        if (scalar_equal(s, value)) return false;
      return true;
    }
    if (spec.is_object()) {
      auto [k, s] = *spec.items().begin();
      if (k == "prefix") return value.is_string() && !string_test(s, value, true);
      if (k == "suffix") return value.is_string() && !string_test(s, value, false);
      if (k == "equals-ignore-case") {
        if (s.is_array()) {
          for (const auto& x : s)
            if (value.is_string() && iequals(value.get_ref<const std::string&>(), x.get<std::string>())) return false;
          return value.is_string();
        }
        return value.is_string() && !iequals(value.get_ref<const std::string&>(), s.get<std::string>());
      }
      return false;
    }
    return !scalar_equal(spec, value);
  }
  return false;
}

bool match_leaf(const json& matchers, const json* field) {
  std::vector<const json*> values;
  if (field && field->is_array()) {
    for (const auto& e : *field) values.push_back(&e);
  } else if (field && !field->is_object()) {
    values.push_back(field);
  }
  for (const auto& m : matchers) {
    if (m.is_object() && m.contains("exists")) {
      if (m["exists"].get<bool>() == !values.empty()) return true;
      continue;
    }
    for (const json* v : values)
      if (match_one(m, *v)) return true;
  }
  return false;
}

bool match_object(const json& pattern, const json& event) {
  static const json kEmpty = json::object();
  for (const auto& [key, p] : pattern.items()) {
    if (key == "$or") {
      bool any = false;
      for (const auto& alt : p) any = any || match_object(alt, event);
      if (!any) return false;
      continue;
    }
    const json* v = event.is_object() && event.contains(key) ? &event[key] : nullptr;
    if (p.is_object()) {
      if (!match_object(p, v && v->is_object() ? *v : kEmpty)) return false;
    } else if (!match_leaf(p, v)) {
      return false;
    }
  }
  return true;
}

void check_matcher(const json& m) {
  if (m.is_string() || m.is_number() || m.is_boolean() || m.is_null()) return;
  if (!m.is_object() || m.size() != 1) throw InvalidPattern("Match value must be a string, number, boolean, null or an object with one operator");
  auto [key, spec] = *m.items().begin();
  auto string_or_ignore_case = [&](const json& s) {
    if (s.is_string()) return;
    if (s.is_object() && s.size() == 1 && s.contains("equals-ignore-case") && s["equals-ignore-case"].is_string()) return;
    throw InvalidPattern("Value of " + key + " must be a string");
  };
  if (key == "prefix" || key == "suffix") return string_or_ignore_case(spec);
  if (key == "equals-ignore-case" || key == "wildcard") {
    if (!spec.is_string()) throw InvalidPattern("Value of " + key + " must be a string");
    return;
  }
  if (key == "exists") {
    if (!spec.is_boolean()) throw InvalidPattern("exists match pattern must be either true or false.");
    return;
  }
  if (key == "numeric") {
    if (!spec.is_array() || spec.empty() || spec.size() % 2 != 0 || spec.size() > 4)
      throw InvalidPattern("Value of numeric must be an array of one or two comparisons");
    for (std::size_t i = 0; i < spec.size(); i += 2) {
      if (!spec[i].is_string() || !spec[i + 1].is_number()) throw InvalidPattern("Bad numeric comparison");
      const std::string& op = spec[i].get_ref<const std::string&>();
      if (op != "=" && op != "<" && op != "<=" && op != ">" && op != ">=")
        throw InvalidPattern("Unrecognized numeric range operator: " + op);
    }
    return;
  }
  if (key == "anything-but") {
    if (spec.is_array()) {
      for (const auto& s : spec)
        if (!(s.is_string() || s.is_number())) throw InvalidPattern("Inside anything but list, only strings and numbers are allowed");
      return;
    }
    if (spec.is_object()) {
      if (spec.size() != 1) throw InvalidPattern("Value of anything-but must be an array or single string/number value.");
      auto [k, s] = *spec.items().begin();
      if ((k == "prefix" || k == "suffix") && s.is_string()) return;
      if (k == "equals-ignore-case" && (s.is_string() || s.is_array())) return;
      throw InvalidPattern("Unsupported anything-but pattern: " + k);
    }
    if (spec.is_string() || spec.is_number()) return;
    throw InvalidPattern("Value of anything-but must be an array or single string/number value.");
  }
  throw InvalidPattern("Unrecognized match type " + key);
}

void check_object(const json& p) {
  if (!p.is_object()) throw InvalidPattern("Filter is not an object");
  for (const auto& [key, v] : p.items()) {
    if (key == "$or") {
      if (!v.is_array() || v.size() < 2) throw InvalidPattern("Value of $or must be an array of at least two patterns");
      for (const auto& alt : v) check_object(alt);
      continue;
    }
    if (v.is_object()) {
      check_object(v);
    } else if (v.is_array()) {
      for (const auto& m : v) check_matcher(m);
    } else {
      throw InvalidPattern("Match value must be an array");
    }
  }
}

}  // namespace

EventPattern EventPattern::parse(const json& pattern) {
  check_object(pattern);
  return EventPattern(pattern);
}

EventPattern EventPattern::parse_text(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw InvalidPattern("Filter is not valid JSON");
  return parse(j);
}

bool EventPattern::matches(const json& event) const { return match_object(pattern_, event); }

}  // namespace bunker::event_sources
