#include "protocol/json_body_parser.h"

#include <cstdint>
#include <string>

namespace bunker::protocol {
namespace {

using Builder = nlohmann::detail::json_sax_dom_parser<nlohmann::json>;
constexpr int kMaxDepth = 64;
constexpr std::size_t kUnknownSize = static_cast<std::size_t>(-1);

class Reader {
 public:
  Reader(std::string_view text, Builder& out) : p_(text.data()), end_(text.data() + text.size()), out_(out) {}

  bool document() {
    skip_space();
    if (!value(0)) return false;
    skip_space();
    return p_ == end_;
  }

 private:
  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  bool value(int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"':
        if (!string(text_)) return false;
        return out_.string(text_);
      case 't': return literal("true") && out_.boolean(true);
      case 'f': return literal("false") && out_.boolean(false);
      case 'n': return literal("null") && out_.null();
      default: return number();
    }
  }

  bool object(int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;
    out_.start_object(kUnknownSize);
    skip_space();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return out_.end_object();
    }
    for (;;) {
      if (p_ == end_ || *p_ != '"' || !string(text_)) return false;
      out_.key(text_);
      skip_space();
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      skip_space();
      if (!value(depth)) return false;
      const Next next = after_member('}');
      if (next == Next::kBad) return false;
      if (next == Next::kClosed) return out_.end_object();
    }
  }

  bool array(int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;
    out_.start_array(kUnknownSize);
    skip_space();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return out_.end_array();
    }
    for (;;) {
      if (!value(depth)) return false;
      const Next next = after_member(']');
      if (next == Next::kBad) return false;
      if (next == Next::kClosed) return out_.end_array();
    }
  }

  // After a member or element: a ',' (skipped, with the space after it) means another
  // follows, `close` ends the container; anything else is malformed.
  enum class Next { kMore, kClosed, kBad };
  Next after_member(char close) {
    skip_space();
    if (p_ == end_) return Next::kBad;
    if (*p_ == ',') {
      ++p_;
      skip_space();
      return Next::kMore;
    }
    if (*p_ != close) return Next::kBad;
    ++p_;
    return Next::kClosed;
  }

  // Plain runs are copied whole; \uXXXX, control and non-ASCII bytes are left to nlohmann
  // (its UTF-8 checks and surrogate handling stay the only ones).
  bool string(std::string& s) {
    s.clear();
    ++p_;
    for (;;) {
      const char* run = p_;
      while (p_ != end_) {
        const auto c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++p_;
      }
      s.append(run, p_);
      if (p_ == end_) return false;
      if (*p_ == '"') {
        ++p_;
        return true;
      }
      if (*p_ != '\\' || end_ - p_ < 2) return false;
      char e = p_[1];
      switch (e) {
        case '"': case '\\': case '/': break;
        case 'b': e = '\b'; break;
        case 'f': e = '\f'; break;
        case 'n': e = '\n'; break;
        case 'r': e = '\r'; break;
        case 't': e = '\t'; break;
        default: return false;
      }
      s += e;
      p_ += 2;
    }
  }

  // Integers of up to 18 digits (they fit either type); nlohmann keeps non-negative ones
  // unsigned and negative ones signed.
  bool number() {
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    const char* digits = p_;
    uint64_t v = 0;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') v = v * 10 + static_cast<uint64_t>(*p_++ - '0');
    const auto n = p_ - digits;
    if (n == 0 || n > 18 || (*digits == '0' && n > 1)) return false;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    if (negative) return out_.number_integer(-static_cast<int64_t>(v));
    return out_.number_unsigned(v);
  }

  const char* p_;
  const char* end_;
  Builder& out_;
  std::string text_;
};

}  // namespace

bool parse_simple_json(std::string_view text, nlohmann::json& out) {
  nlohmann::json doc;
  Builder builder(doc, false);
  if (!Reader(text, builder).document()) return false;
  out = std::move(doc);
  return true;
}

}  // namespace bunker::protocol
