#include "iam/input.h"

#include "bunker/core/strings.h"
#include "iam/errors.h"

namespace bunker::iam {
namespace {

bool word(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
bool in(char32_t c, std::u32string_view set) { return set.find(c) != std::u32string_view::npos; }

template <class Pred>
bool all_of(std::u32string_view s, Pred p) {
  for (char32_t c : s)
    if (!p(c)) return false;
  return true;
}

bool name_chars(std::u32string_view s) {
  return !s.empty() && all_of(s, [](char32_t c) { return word(c) || in(c, U"+=,.@-"); });
}
bool session_name_chars(std::u32string_view s) {
  return all_of(s, [](char32_t c) { return word(c) || in(c, U"+=,.@-"); });
}
bool external_id_chars(std::u32string_view s) {
  return all_of(s, [](char32_t c) { return word(c) || in(c, U"+=,.@:/-"); });
}
bool serial_chars(std::u32string_view s) {
  return all_of(s, [](char32_t c) { return word(c) || in(c, U"+=/:,.@-"); });
}
bool digits(std::u32string_view s) {
  return all_of(s, [](char32_t c) { return c >= '0' && c <= '9'; });
}
bool word_chars(std::u32string_view s) { return !s.empty() && all_of(s, word); }
bool path_chars(std::u32string_view s) {
  if (s == U"/") return true;
  return s.size() >= 3 && s.front() == '/' && s.back() == '/' && all_of(s, [](char32_t c) { return c >= 0x21 && c <= 0x7E; });
}
bool path_prefix_chars(std::u32string_view s) {
  return !s.empty() && s.front() == '/' && all_of(s, [](char32_t c) { return c >= 0x21 && c <= 0x7F; });
}
bool policy_path_chars(std::u32string_view s) {
  // ((/[A-Za-z0-9\.,\+@=_-]+)*)/ : slash-separated non-empty segments, ending in a slash.
  if (s.empty() || s.front() != '/' || s.back() != '/') return false;
  bool segment_empty = true;
  for (size_t i = 1; i < s.size(); ++i) {
    const char32_t c = s[i];
    if (c == '/') {
      if (segment_empty) return false;
      segment_empty = true;
    } else if (word(c) || in(c, U".,+@=-")) {
      segment_empty = false;
    } else {
      return false;
    }
  }
  return true;
}
bool document_chars(std::u32string_view s) {
  return !s.empty() && all_of(s, [](char32_t c) { return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0xFF); });
}
bool description_chars(std::u32string_view s) {
  return all_of(s, [](char32_t c) {
    return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || (c >= 0xA1 && c <= 0xFF);
  });
}
bool marker_chars(std::u32string_view s) {
  return !s.empty() && all_of(s, [](char32_t c) { return c >= 0x20 && c <= 0xFF; });
}
bool version_id_chars(std::u32string_view s) {
  // v[1-9][0-9]*(\.[A-Za-z0-9-]*)?
  if (s.size() < 2 || s[0] != 'v' || s[1] < '1' || s[1] > '9') return false;
  size_t i = 2;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == s.size()) return true;
  if (s[i] != '.') return false;
  return all_of(s.substr(i + 1), [](char32_t c) { return (word(c) && c != '_') || c == '-'; });
}
// \p{L}\p{Z}\p{N}: letters, separators and numbers of any script. Outside ASCII every
// code point above U+00A0 is taken as one of them (Bunker carries no Unicode tables).
bool tag_char(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
         in(c, U"_.:/=+-@") || c >= 0xA0;
}
bool tag_key_chars(std::u32string_view s) { return !s.empty() && all_of(s, tag_char); }
bool tag_value_chars(std::u32string_view s) { return all_of(s, tag_char); }
bool sts_arn_chars(std::u32string_view s) {
  return !s.empty() && all_of(s, [](char32_t c) {
    return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
  });
}

std::string quote_value(std::string_view v) { return "'" + std::string(v) + "'"; }

}  // namespace

namespace rules {
const StringRule kEntityName{1, 64, "[\\w+=,.@-]+", name_chars};
const StringRule kPolicyName{1, 128, "[\\w+=,.@-]+", name_chars};
const StringRule kGroupName{1, 128, "[\\w+=,.@-]+", name_chars};
const StringRule kInstanceProfileName{1, 128, "[\\w+=,.@-]+", name_chars};
const StringRule kExistingUserName{1, 128, "[\\w+=,.@-]+", name_chars};
const StringRule kPath{1, 512, "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)", path_chars};
const StringRule kPathPrefix{1, 512, "\\u002F[\\u0021-\\u007F]*", path_prefix_chars};
const StringRule kPolicyPath{1, 512, "((/[A-Za-z0-9\\.,\\+@=_-]+)*)/", policy_path_chars};
const StringRule kPolicyDocument{1, 131072, "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+", document_chars};
const StringRule kPassword{1, 128, "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+", document_chars};
const StringRule kRoleDescription{0, 1000, "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*", description_chars};
const StringRule kPolicyDescription{0, 1000, {}, nullptr};
const StringRule kArn{20, 2048, {}, nullptr};
const StringRule kMarker{1, 320, "[\\u0020-\\u00FF]+", marker_chars};
const StringRule kVersionId{0, SIZE_MAX, "v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?", version_id_chars};
const StringRule kAccessKeyId{16, 128, "[\\w]+", word_chars};
const StringRule kTagKey{1, 128, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+", tag_key_chars};
const StringRule kTagValue{0, 256, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*", tag_value_chars};
const StringRule kRoleSessionName{2, 64, "[\\w+=,.@-]*", session_name_chars};
const StringRule kExternalId{2, 1224, "[\\w+=,.@:\\/-]*", external_id_chars};
const StringRule kSerialNumber{9, 256, "[\\w+=/:,.@-]*", serial_chars};
const StringRule kTokenCode{6, 6, "[\\d]*", digits};
const StringRule kSourceIdentity{2, 64, "[\\w+=,.@-]*", session_name_chars};
const StringRule kStsArn{20, 2048,
                         "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+",
                         sts_arn_chars};
}  // namespace rules

std::string member_name(std::string_view param) {
  std::string s(param);
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

std::u32string code_points(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t c = len == 1 ? b : b & (0xFF >> (len + 1));
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      const auto cont = static_cast<unsigned char>(s[i + k]);
      if ((cont & 0xC0) != 0x80) ok = false;
      c = (c << 6) | (cont & 0x3F);
    }
    out.push_back(ok ? c : 0xFFFD);
    i += ok ? len : 1;
  }
  return out;
}

void Input::check(std::string_view member, std::string_view value, const StringRule& rule) {
  const std::u32string cps = code_points(value);
  const std::string prefix = "Value " + quote_value(value) + " at '" + std::string(member) + "' failed to satisfy constraint: ";
  if (rule.matches && !rule.pattern.empty() && !(cps.empty() && rule.min == 0) && !rule.matches(cps))
    errors_.push_back(prefix + "Member must satisfy regular expression pattern: " + std::string(rule.pattern));
  if (cps.size() < rule.min)
    errors_.push_back(prefix + "Member must have length greater than or equal to " + std::to_string(rule.min));
  if (cps.size() > rule.max)
    errors_.push_back(prefix + "Member must have length less than or equal to " + std::to_string(rule.max));
}

std::optional<std::string> Input::string(std::string_view name, const StringRule& rule, bool required) {
  auto v = q_.get(name);
  if (!v) {
    if (required)
      errors_.push_back("Value null at '" + member_name(name) + "' failed to satisfy constraint: Member must not be null");
    return std::nullopt;
  }
  check(member_name(name), *v, rule);
  return std::string(*v);
}

std::optional<long long> Input::integer(std::string_view name, long long min, long long max) {
  auto v = q_.get(name);
  if (!v) return std::nullopt;
  long long n = 0;
  if (!parse_int64(trim(*v), n)) {
    errors_.push_back("Value " + quote_value(*v) + " at '" + member_name(name) +
                      "' failed to satisfy constraint: Member must be a number");
    return std::nullopt;
  }
  const std::string prefix = "Value '" + std::to_string(n) + "' at '" + member_name(name) + "' failed to satisfy constraint: ";
  if (n < min) errors_.push_back(prefix + "Member must have value greater than or equal to " + std::to_string(min));
  if (n > max) errors_.push_back(prefix + "Member must have value less than or equal to " + std::to_string(max));
  return n;
}

std::optional<bool> Input::boolean(std::string_view name) {
  auto v = q_.get(name);
  if (!v) return std::nullopt;
  return iequals(*v, "true");
}

std::optional<std::string> Input::enumeration(std::string_view name, std::initializer_list<std::string_view> values) {
  auto v = q_.get(name);
  if (!v) return std::nullopt;
  for (auto allowed : values)
    if (*v == allowed) return std::string(*v);
  std::string set;
  for (auto allowed : values) set += (set.empty() ? "" : ", ") + std::string(allowed);
  errors_.push_back("Value " + quote_value(*v) + " at '" + member_name(name) +
                    "' failed to satisfy constraint: Member must satisfy enum value set: [" + set + "]");
  return std::nullopt;
}

std::vector<Tag> Input::tags(std::string_view name) {
  std::vector<Tag> out;
  const std::string member = member_name(name);
  auto entries = q_.structure_list(name);
  for (size_t i = 0; i < entries.size(); ++i) {
    const std::string at = member + "." + std::to_string(i + 1) + ".member.";
    Tag t;
    auto key = entries[i].find("Key");
    auto value = entries[i].find("Value");
    if (key == entries[i].end()) {
      errors_.push_back("Value null at '" + at + "key' failed to satisfy constraint: Member must not be null");
    } else {
      check(at + "key", key->second, rules::kTagKey);
      t.key = key->second;
    }
    if (value == entries[i].end()) {
      errors_.push_back("Value null at '" + at + "value' failed to satisfy constraint: Member must not be null");
    } else {
      check(at + "value", value->second, rules::kTagValue);
      t.value = value->second;
    }
    out.push_back(std::move(t));
  }
  if (out.size() > 50)
    errors_.push_back("Value '[…]' at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to 50");
  return out;
}

std::vector<std::string> Input::strings(std::string_view name, const StringRule& rule, size_t max_count, bool required) {
  const std::string member = member_name(name);
  if (required && !q_.has_list(name))
    errors_.push_back("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
  auto values = q_.list(name);
  for (const auto& v : values) check(member, v, rule);
  if (values.size() > max_count)
    errors_.push_back("Value '[…]' at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to " +
                      std::to_string(max_count));
  return values;
}

void Input::done() const {
  if (errors_.empty()) return;
  std::string message = std::to_string(errors_.size()) +
                        (errors_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < errors_.size(); ++i) message += (i ? "; " : "") + errors_[i];
  throw validation_error(message);
}

}  // namespace bunker::iam
