#pragma once
// HTTP header fields: ordered, case-insensitive names, repeated names allowed.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bunker::http {

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
  // Replaces every field of that name with one.
  void set(std::string name, std::string value);
  void remove(std::string_view name);

  // The first value of the field, if present.
  std::optional<std::string_view> get(std::string_view name) const;
  std::string_view get_or(std::string_view name, std::string_view fallback) const;
  std::vector<std::string_view> get_all(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }

  auto begin() const { return fields_.begin(); }
  auto end() const { return fields_.end(); }
  size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<Field> fields_;
};

// Decoded query string parameters in order ("a=1&b&a=2" -> (a,1) (b,"") (a,2)).
using QueryParams = std::vector<std::pair<std::string, std::string>>;
QueryParams parse_query(std::string_view raw_query, bool plus_as_space = false);
std::optional<std::string_view> query_param(const QueryParams& params, std::string_view name);

std::string_view status_reason(int status);

}  // namespace bunker::http
