#pragma once
// java.util.regex semantics on PCRE2, for String.replaceAll/replaceFirst/matches/split
// and JsonPath's =~. Compiled patterns are cached process-wide, so a template rendered
// many times compiles each pattern once. Matching is bounded (PCRE2 match and depth
// limits): a catastrophic pattern fails with TemplateError instead of hanging.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bunker::vtl {

class JavaRegex {
 public:
  enum Flags : unsigned { kNone = 0, kCaseInsensitive = 1 };

  // Compiled (or cached) pattern; throws TemplateError for a bad pattern, like
  // PatternSyntaxException would on AWS.
  static std::shared_ptr<const JavaRegex> get(std::string_view pattern, unsigned flags = kNone);

  ~JavaRegex();
  JavaRegex(const JavaRegex&) = delete;
  JavaRegex& operator=(const JavaRegex&) = delete;

  // String.matches: the whole subject must match.
  bool matches(std::string_view subject) const;
  // Matcher.find from the start: any match.
  bool find(std::string_view subject) const;
  // String.replaceAll / replaceFirst with Java's replacement syntax ($1, ${name}, \$).
  std::string replace(std::string_view subject, std::string_view replacement, bool all,
                      std::size_t max_bytes) const;
  // String.split(regex, limit).
  std::vector<std::string> split(std::string_view subject, int limit) const;

  // Number of entries in the process-wide cache (for tests).
  static std::size_t cache_size();

 private:
  struct Impl;
  explicit JavaRegex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bunker::vtl
