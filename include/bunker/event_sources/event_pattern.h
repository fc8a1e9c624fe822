#pragma once
// Event patterns, as EventBridge rules and Lambda event filtering (FilterCriteria)
// define them: a JSON object whose leaves are arrays of matchers — literal values,
// {"prefix"}, {"suffix"}, {"equals-ignore-case"}, {"wildcard"}, {"anything-but"},
// {"numeric": [op, n, …]}, {"exists": bool} — and "$or" alternatives. An event field that
// holds an array matches when any element does; a leaf matcher sees only scalar fields
// (an object where a leaf is expected counts as absent, as on AWS).
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace bunker::event_sources {

class InvalidPattern : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class EventPattern {
 public:
  // Throws InvalidPattern (with a reason) for patterns AWS would refuse.
  static EventPattern parse(const nlohmann::json& pattern);
  static EventPattern parse_text(std::string_view text);

  bool matches(const nlohmann::json& event) const;
  const nlohmann::json& pattern() const { return pattern_; }

 private:
  explicit EventPattern(nlohmann::json p) : pattern_(std::move(p)) {}
  nlohmann::json pattern_;
};

}  // namespace bunker::event_sources
