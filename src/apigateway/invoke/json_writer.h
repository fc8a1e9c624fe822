#pragma once
// Writing JSON text straight into a string, for the documents API Gateway builds on every
// request (proxy events, $context): no intermediate tree, one growing buffer. Commas are
// placed by the writer; the caller pairs begin/end and puts a key before each member.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace bunker::apigateway {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& key(std::string_view k) {
    separate();
    quoted(k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  void string(std::string_view v) {
    separate();
    quoted(v);
  }
  void null() { literal("null"); }
  void boolean(bool v) { literal(v ? "true" : "false"); }
  void number(int64_t v) { literal(std::to_string(v)); }
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
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_) out_ += ',';
    first_ = false;
  }
  void literal(std::string_view text) {
    separate();
    out_ += text;
  }
  void open(char c) {
    separate();
    out_ += c;
    first_ = true;
  }
  void close(char c) {
    out_ += c;
    first_ = false;
  }
  void quoted(std::string_view s);

  std::string& out_;
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
  out_ += '"';
  const char* p = s.data();
  const char* const end = p + s.size();
  const char* run = p;  // start of the pending run of bytes that need no escape
  for (;;) {
    for (uint64_t word; end - p >= 8; p += 8) {
      std::memcpy(&word, p, 8);
      if (any_special(word)) break;
    }
    while (p < end && !special(static_cast<unsigned char>(*p))) ++p;
    if (p == end) break;
    out_.append(run, static_cast<size_t>(p - run));
    const auto c = static_cast<unsigned char>(*p++);
    run = p;
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      default:
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 15];
    }
  }
  out_.append(run, static_cast<size_t>(end - run));
  out_ += '"';
}

}  // namespace bunker::apigateway
