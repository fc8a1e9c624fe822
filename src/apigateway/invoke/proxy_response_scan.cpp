#include "apigateway/invoke/proxy_response_scan.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace bunker::apigateway {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  std::optional<std::vector<std::pair<std::string, ScannedValue>>> run() {
    std::vector<std::pair<std::string, ScannedValue>> members;
    skip_space();
    if (!take('{')) return std::nullopt;
    skip_space();
    if (!take('}')) {
      for (;;) {
        auto& [name, value] = members.emplace_back();
        if (!string(name)) return std::nullopt;
        skip_space();
        if (!take(':')) return std::nullopt;
        skip_space();
        if (!member_value(value)) return std::nullopt;
        skip_space();
        if (take(',')) {
          skip_space();
          continue;
        }
        if (take('}')) break;
        return std::nullopt;
      }
    }
    skip_space();
    if (p_ != end_) return std::nullopt;
    if (!sort_unique(members)) return std::nullopt;
    return members;
  }

 private:
  bool take(char c) {
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }

  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0) return false;
    p_ += word.size();
    return true;
  }

  // A string of printable ASCII and the short escapes (\uXXXX and other bytes decline).
  bool string(std::string& out) {
    if (!take('"')) return false;
    for (;;) {
      const char* run = p_;
      while (p_ < end_) {
        const auto c = static_cast<unsigned char>(*p_);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
        ++p_;
      }
      out.append(run, static_cast<size_t>(p_ - run));
      if (p_ == end_) return false;
      const char c = *p_++;
      if (c == '"') return true;
      if (c != '\\' || p_ == end_) return false;
      switch (*p_++) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        default: return false;
      }
    }
  }

  // -?(0|[1-9][0-9]{0,8}) not followed by a fraction or exponent: an int, as nlohmann reads it.
  bool integer(long long& out) {
    bool negative = take('-');
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    if (*p_ == '0' && p_ + 1 < end_ && p_[1] >= '0' && p_[1] <= '9') return false;
    long long v = 0;
    int digits = 0;
    for (; p_ < end_ && *p_ >= '0' && *p_ <= '9'; ++p_, ++digits) v = v * 10 + (*p_ - '0');
    if (digits > 9) return false;
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    out = negative ? -v : v;
    return true;
  }

  bool member_value(ScannedValue& v) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '"':
        v.kind = ScannedValue::Kind::kString;
        return string(v.text);
      case 'n':
        v.kind = ScannedValue::Kind::kNull;
        return literal("null");
      case 't':
        v.kind = ScannedValue::Kind::kTrue;
        return literal("true");
      case 'f':
        v.kind = ScannedValue::Kind::kFalse;
        return literal("false");
      case '{':
        v.kind = ScannedValue::Kind::kStringObject;
        return string_object(v.members);
      default:
        v.kind = ScannedValue::Kind::kInteger;
        return integer(v.integer);
    }
  }

  // {"name": "value" | null, ...}
  bool string_object(std::vector<std::pair<std::string, std::optional<std::string>>>& members) {
    ++p_;
    skip_space();
    if (take('}')) return true;
    for (;;) {
      auto& [name, value] = members.emplace_back();
      if (!string(name)) return false;
      skip_space();
      if (!take(':')) return false;
      skip_space();
      if (literal("null")) {
        value = std::nullopt;
      } else {
        value.emplace();
        if (!string(*value)) return false;
      }
      skip_space();
      if (take(',')) {
        skip_space();
        continue;
      }
      if (!take('}')) return false;
      return sort_unique(members);
    }
  }

  // nlohmann::json keeps an object's members in a std::map: sorted by name. A repeated
  // name declines (the document keeps the last; not worth following here).
  template <typename Pairs>
  static bool sort_unique(Pairs& members) {
    std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 1; i < members.size(); ++i)
      if (members[i].first == members[i - 1].first) return false;
    return true;
  }

  const char* p_;
  const char* const end_;
};

}  // namespace

std::optional<std::vector<std::pair<std::string, ScannedValue>>> scan_proxy_response(std::string_view text) {
  return Scanner(text).run();
}

}  // namespace bunker::apigateway
