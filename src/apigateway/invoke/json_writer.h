#pragma once
// Writing JSON text straight into a string, for the documents API Gateway builds on every
// request (proxy events, $context): no intermediate tree, one growing buffer. Commas are
// placed by the writer; the caller pairs begin/end, puts a key before each member and
// calls finish() at the end.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace bunker::apigateway {

class JsonWriter {
 public:
  // Writes after what `out` holds. `expected`: the text's likely size, room made at once.
  // The text is complete (and `out` its size) once finish() is called.
  explicit JsonWriter(std::string& out, size_t expected = 256) : out_(out), pos_(out.size()) {
    out_.resize(pos_ + expected);
  }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void finish() { out_.resize(pos_); }

  JsonWriter& key(std::string_view k) {
    separate();
    quoted(k);
    put(':');
    after_key_ = true;
    return *this;
  }
  // A name written in the code ("requestContext"): a string literal, with nothing to
  // escape, goes out in one copy.
  template <size_t N>
  JsonWriter& key(const char (&literal_name)[N]) {
    static_assert(N >= 1);
    char* p = room(N + 3);  // comma, quotes, colon
    if (after_key_) after_key_ = false;
    else if (!first_) *p++ = ',';
    first_ = false;
    *p++ = '"';
    std::memcpy(p, literal_name, N - 1);
    p += N - 1;
    *p++ = '"';
    *p++ = ':';
    pos_ = static_cast<size_t>(p - out_.data());
    after_key_ = true;
    return *this;
  }
  void string(std::string_view v) {
    separate();
    quoted(v);
  }
  void null() { literal("null"); }
  void boolean(bool v) { literal(v ? "true" : "false"); }
  void number(int64_t v) {
    separate();
    char* p = room(24);
    pos_ = static_cast<size_t>(std::to_chars(p, p + 24, v).ptr - out_.data());
  }
  // A string, or null when `v` is empty.
  void string_or_null(std::string_view v) { v.empty() ? null() : string(v); }
  // Already serialized JSON.
  void raw(std::string_view json) { literal(json); }
  // A document kept as nlohmann::json elsewhere (an authorizer's context).
  template <typename Json>
  void json_value(const Json& v) {
    literal(v.dump());
  }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

 private:
  // Room for `n` more bytes at the write position; the text is written through the
  // pointer, then pos_ moves (one size check per piece instead of one call per byte).
  char* room(size_t n) {
    if (out_.size() - pos_ < n) out_.resize(std::max(out_.size() * 2, pos_ + n));
    return out_.data() + pos_;
  }
  void put(char c) {
    *room(1) = c;
    ++pos_;
  }
  void put(std::string_view s) {
    std::memcpy(room(s.size()), s.data(), s.size());
    pos_ += s.size();
  }
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_) put(',');
    first_ = false;
  }
  void literal(std::string_view text) {
    separate();
    put(text);
  }
  void open(char c) {
    separate();
    put(c);
    first_ = true;
  }
  void close(char c) {
    put(c);
    first_ = false;
  }
  void quoted(std::string_view s);

  std::string& out_;
  size_t pos_;  // the end of the text; out_ holds room after it until finish()
  bool first_ = true;
  bool after_key_ = false;
};

// JSON string escaping: quotes, backslashes and control characters; other bytes as they are.
// Runs of bytes that need no escape (nearly all of them) are found eight at a time.
inline void JsonWriter::quoted(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  // Whether any byte of `x` is below 0x20, a quote or a backslash (exact, for bytes of any value).
  auto any_special = [](uint64_t x) {
    auto any_below = [](uint64_t v, uint64_t n) { return (v - kOnes * n) & ~v & kHigh; };
    return any_below(x, 0x20) | any_below(x ^ (kOnes * '"'), 1) | any_below(x ^ (kOnes * '\\'), 1);
  };
  auto special = [](unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; };
  // Room for the quotes and the text as it is; an escape makes room for itself.
  char* out = room(s.size() + 2);
  *out++ = '"';
  const char* p = s.data();
  const char* const end = p + s.size();
  for (;;) {
    const char* run = p;  // the run of bytes that need no escape
    for (uint64_t word; end - p >= 8; p += 8) {
      std::memcpy(&word, p, 8);
      if (any_special(word)) break;
    }
    while (p < end && !special(static_cast<unsigned char>(*p))) ++p;
    std::memcpy(out, run, static_cast<size_t>(p - run));
    out += p - run;
    if (p == end) break;
    const auto c = static_cast<unsigned char>(*p++);
    // Up to six bytes for this escape, plus the rest of the text and the closing quote.
    pos_ = static_cast<size_t>(out - out_.data());
    out = room(6 + static_cast<size_t>(end - p) + 1);
    *out++ = '\\';
    switch (c) {
      case '"': *out++ = '"'; break;
      case '\\': *out++ = '\\'; break;
      case '\n': *out++ = 'n'; break;
      case '\r': *out++ = 'r'; break;
      case '\t': *out++ = 't'; break;
      case '\b': *out++ = 'b'; break;
      case '\f': *out++ = 'f'; break;
      default:
        *out++ = 'u';
        *out++ = '0';
        *out++ = '0';
        *out++ = kHex[c >> 4];
        *out++ = kHex[c & 15];
    }
  }
  *out++ = '"';
  pos_ = static_cast<size_t>(out - out_.data());
}

}  // namespace bunker::apigateway
