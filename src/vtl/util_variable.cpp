#include "bunker/core/encoding.h"
#include "vtl/api_gateway_variables.h"
#include "vtl/java_text.h"
#include "vtl/json_value.h"
#include "vtl/runtime.h"

namespace bunker::vtl {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// java.net.URLDecoder.decode(s, "UTF-8"): '+' is a space, %XX a byte; a malformed
// escape throws IllegalArgumentException, which fails the template.
std::string url_decode(Runtime& rt, std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= s.size()) {
        rt.fail("java.lang.IllegalArgumentException: URLDecoder: Incomplete trailing escape (%) pattern");
      }
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) {
        rt.fail("java.lang.IllegalArgumentException: URLDecoder: Illegal hex characters in escape (%) pattern");
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

class UtilVariable : public HostObject {
 public:
  std::string_view type_name() const override { return "Util"; }

  std::optional<Value> call(std::string_view name, std::span<const Value> args, Runtime& rt) override {
    if (args.size() != 1) return std::nullopt;
    const Value& arg = args[0];
    bool known = name == "escapeJavaScript" || name == "parseJson" || name == "urlEncode" || name == "urlDecode" ||
                 name == "base64Encode" || name == "base64Decode";
    if (!known) return std::nullopt;
    // Recorded on AWS: $util.urlEncode of a null reference renders empty, not an error.
    if (arg.is_null()) return Value();
    std::string text = rt.java_string(arg);
    std::string out;
    if (name == "escapeJavaScript") {
      out = escape_javascript(text);
    } else if (name == "parseJson") {
      rt.step(text.size() / 64 + 1);
      auto parsed = parse_json(text);
      if (!parsed) rt.fail("Invalid JSON passed to $util.parseJson");
      return std::move(*parsed);
    } else if (name == "urlEncode") {
      out = form_encode(text);
    } else if (name == "urlDecode") {
      out = url_decode(rt, text);
    } else if (name == "base64Encode") {
      out = base64_encode(text);
    } else {
      std::string compact;
      for (char c : text) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') compact += c;
      }
      while (compact.size() % 4 != 0) compact += '=';
      auto decoded = base64_decode(compact);
      if (!decoded) rt.fail("java.lang.IllegalArgumentException: Illegal base64 character");
      out = std::move(*decoded);
    }
    rt.check_string(out.size());
    return Value::string(std::move(out));
  }
};

}  // namespace

std::shared_ptr<HostObject> make_util_variable() { return std::make_shared<UtilVariable>(); }

}  // namespace bunker::vtl
