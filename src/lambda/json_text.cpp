#include "lambda/json_text.h"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace bunker::lambda {
namespace {

// Bytes a string holds as they are: printable ASCII except the quote and the backslash.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();

class Checker {
 public:
  explicit Checker(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool run() {
    if (p_ < end_ && byte(0) == 0xEF) {
      if (end_ - p_ < 3 || byte(1) != 0xBB || byte(2) != 0xBF) return false;
      p_ += 3;
    }
    std::vector<bool> open;  // the containers around the current value: true for an object
    for (;;) {
      // A value.
      switch (token()) {
        case '{':
          ++p_;
          if (token() == '}') {
            ++p_;
            break;
          }
          open.push_back(true);
          if (!member_name()) return false;
          continue;
        case '[':
          ++p_;
          if (token() == ']') {
            ++p_;
            break;
          }
          open.push_back(false);
          continue;
        case '"':
          if (!string()) return false;
          break;
        case 't':
          if (!literal("true")) return false;
          break;
        case 'f':
          if (!literal("false")) return false;
          break;
        case 'n':
          if (!literal("null")) return false;
          break;
        default:
          if (!number()) return false;
          break;
      }
      // After a value: the next member or element, or the end of containers.
      for (;;) {
        if (open.empty()) return token() == kEnd;
        const int c = token();
        if (c == ',') {
          ++p_;
          if (open.back() && !member_name()) return false;
          break;
        }
        if (c != (open.back() ? '}' : ']')) return false;
        ++p_;
        open.pop_back();
      }
    }
  }

  // The whole text as UTF-8: ASCII eight bytes at a time, other sequences as in strings.
  bool utf8_text() {
    constexpr uint64_t kHigh = 0x8080808080808080ull;
    for (;;) {
      for (uint64_t word; end_ - p_ >= 8 && (std::memcpy(&word, p_, 8), !(word & kHigh)); p_ += 8) {
      }
      while (p_ < end_ && byte(0) < 0x80) ++p_;
      if (p_ == end_) return true;
      if (!utf8_sequence()) return false;
    }
  }

 private:
  static constexpr int kEnd = -1;

  unsigned char byte(std::ptrdiff_t at) const { return static_cast<unsigned char>(p_[at]); }

  // Skips whitespace; the byte a token starts with, or kEnd at the end of the text or a NUL.
  int token() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    if (p_ == end_ || *p_ == '\0') return kEnd;
    return byte(0);
  }

  // Eight bytes a string holds as they are: ASCII, none below 0x20, no quote, no backslash.
  static bool plain_word(uint64_t x) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    auto any_below = [](uint64_t v, uint64_t n) { return (v - kOnes * n) & ~v & kHigh; };
    return !((x & kHigh) | any_below(x, 0x20) | any_below(x ^ (kOnes * '"'), 1) | any_below(x ^ (kOnes * '\\'), 1));
  }

  // "name" then ':'.
  bool member_name() {
    if (token() != '"' || !string()) return false;
    if (token() != ':') return false;
    ++p_;
    return true;
  }

  bool literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  // At the opening quote.
  bool string() {
    ++p_;
    for (;;) {
      for (uint64_t word; end_ - p_ >= 8 && (std::memcpy(&word, p_, 8), plain_word(word)); p_ += 8) {
      }
      while (p_ < end_ && kPlain[byte(0)]) ++p_;
      if (p_ == end_) return false;
      const unsigned char c = byte(0);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        if (!escape()) return false;
      } else if (c < 0x20 || !utf8_sequence()) {
        return false;
      }
    }
  }

  bool escape() {
    if (end_ - p_ < 2) return false;
    switch (p_[1]) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        p_ += 2;
        return true;
      case 'u': break;
      default: return false;
    }
    const int unit = hex4(2);
    if (unit < 0) return false;
    p_ += 6;
    if (unit >= 0xDC00 && unit <= 0xDFFF) return false;  // a low surrogate alone
    if (unit < 0xD800 || unit > 0xDBFF) return true;
    // A high surrogate must be followed by an escaped low one.
    if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
    const int low = hex4(2);
    if (low < 0xDC00 || low > 0xDFFF) return false;
    p_ += 6;
    return true;
  }

  // Four hex digits at p_ + at, or -1.
  int hex4(std::ptrdiff_t at) const {
    if (end_ - p_ < at + 4) return -1;
    int v = 0;
    for (std::ptrdiff_t i = at; i < at + 4; ++i) {
      const char c = p_[i];
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else return -1;
      v = v * 16 + d;
    }
    return v;
  }

  // A well-formed UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms, no
  // surrogates, nothing above U+10FFFF).
  bool utf8_sequence() {
    const unsigned char c = byte(0);
    int more;
    unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
    if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (end_ - p_ <= more) return false;
    if (byte(1) < lo || byte(1) > hi) return false;
    for (int i = 2; i <= more; ++i)
      if (byte(i) < 0x80 || byte(i) > 0xBF) return false;
    p_ += more + 1;
    return true;
  }

  static bool digit(const char* p, const char* end) { return p < end && *p >= '0' && *p <= '9'; }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? whose value is a finite double.
  bool number() {
    const char* start = p_;
    const char* q = p_;
    if (q < end_ && *q == '-') ++q;
    if (!digit(q, end_)) return false;
    if (*q == '0') {
      ++q;
    } else {
      while (digit(q, end_)) ++q;
    }
    if (q < end_ && *q == '.') {
      ++q;
      if (!digit(q, end_)) return false;
      while (digit(q, end_)) ++q;
    }
    bool exponent = false;
    if (q < end_ && (*q == 'e' || *q == 'E')) {
      exponent = true;
      ++q;
      if (q < end_ && (*q == '+' || *q == '-')) ++q;
      if (!digit(q, end_)) return false;
      while (digit(q, end_)) ++q;
    }
    p_ = q;
    // Only an exponent or some 300 digits reach beyond a double's range (integers that
    // overflow 64 bits become doubles, as nlohmann converts them).
    if (!exponent && q - start < 300) return true;
    const std::string token(start, q);
    return std::isfinite(std::strtod(token.c_str(), nullptr));
  }

  const char* p_;
  const char* end_;
};

}  // namespace

bool is_json_text(std::string_view text) { return Checker(text).run(); }

bool is_utf8_text(std::string_view text) { return Checker(text).utf8_text(); }

}  // namespace bunker::lambda
