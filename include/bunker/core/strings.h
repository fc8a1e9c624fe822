#pragma once
// Small string helpers shared by every layer.
#include <string>
#include <string_view>
#include <vector>

namespace bunker {

bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
std::string_view trim(std::string_view s);  // spaces and tabs, both ends
std::vector<std::string_view> split(std::string_view s, char sep);  // keeps empty fields
bool is_valid_utf8(std::string_view s);
// Parses a whole decimal integer; false on any other character or overflow.
bool parse_int64(std::string_view s, long long& out);

// The wildcard match of IAM policies, ARN patterns and EventBridge "wildcard" filters:
// '*' stands for any run of characters (also across ':' and '/'); with `any_char`, '?'
// stands for one character; everything else matches itself (either ASCII case with
// `ignore_case`).
struct WildcardRules {
  bool any_char = true;
  bool ignore_case = false;
};
bool wildcard_match(std::string_view pattern, std::string_view text, WildcardRules rules = {});

}  // namespace bunker
