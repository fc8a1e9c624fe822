#pragma once
// JSONPath as API Gateway evaluates it for $input.path / $input.json (the Jayway
// JsonPath dialect its docs point to): $  .name  ['name']  ["a","b"]  [n]  [-n]
// [n,m]  [start:end]  [*]  .*  ..name  ..*  [?(filter)]  and a trailing .length().
//
// Filters: @ / $ relative paths, literals (numbers, 'strings', "strings", true, false,
// null, /regex/flags), == != < <= > >= =~, &&, ||, !, parentheses, and a bare path
// as an existence test.
//
// A definite path (names and single indices only) yields the value found, or null when
// any step is missing. Any other path yields a JSON list of every match (possibly []).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vtl/value.h"

namespace bunker::vtl {

class JsonPath {
 public:
  // Throws TemplateError for a malformed path. A path that starts with neither $ nor @
  // is read as relative to the root ("a.b" is "$.a.b"), as Jayway does.
  static JsonPath compile(std::string_view path);
  // Cached compile, for paths evaluated on every render.
  static std::shared_ptr<const JsonPath> get(std::string_view path);

  Value evaluate(const Value& root) const;
  bool definite() const noexcept { return definite_; }

  struct Segment;
  struct Filter;

  JsonPath();
  ~JsonPath();
  JsonPath(JsonPath&&) noexcept;
  JsonPath& operator=(JsonPath&&) noexcept;

 private:
  friend class JsonPathParser;
  friend struct JsonPathEval;
  std::vector<Segment> segments_;
  bool definite_ = true;
  bool root_relative_ = true;  // false for @-paths inside filters
};

}  // namespace bunker::vtl
