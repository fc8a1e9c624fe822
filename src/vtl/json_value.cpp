#include "vtl/json_value.h"

#include <charconv>
#include <cmath>

#include "vtl/error.h"
#include "vtl/java_text.h"

namespace bunker::vtl {

namespace {

class JsonParser {
 public:
  JsonParser(std::string_view text, const JsonParseOptions& opt) : s_(text), opt_(opt) {}

  std::optional<Value> parse() {
    skip_ws();
    Value v;
    if (!value(v, 0)) return std::nullopt;
    skip_ws();
    if (i_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  bool value(Value& out, std::size_t depth) {
    if (depth > opt_.max_depth || i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"' || (c == '\'' && opt_.permissive)) {
      std::string str;
      if (!string(str)) return false;
      out = Value::string(std::move(str));
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(out);
    if (literal("true")) {
      out = Value::boolean(true);
      return true;
    }
    if (literal("false")) {
      out = Value::boolean(false);
      return true;
    }
    if (literal("null")) {
      out = Value();
      return true;
    }
    return false;
  }

  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    std::size_t end = i_ + word.size();
    if (end < s_.size() && is_word_char(s_[end])) return false;
    i_ = end;
    return true;
  }

  static bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || c == '-';
  }

  bool object(Value& out, std::size_t depth) {
    ++i_;
    out = Value::new_map();
    Map& m = out.as_map();
    skip_ws();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return true;
    }
    for (;;) {
      skip_ws();
      std::string key;
      if (i_ >= s_.size()) return false;
      if (s_[i_] == '"' || (s_[i_] == '\'' && opt_.permissive)) {
        if (!string(key)) return false;
      } else if (opt_.permissive && is_word_char(s_[i_])) {
        while (i_ < s_.size() && is_word_char(s_[i_])) key += s_[i_++];
      } else {
        return false;
      }
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != ':') return false;
      ++i_;
      skip_ws();
      Value v;
      if (!value(v, depth + 1)) return false;
      m.put(Value::string(std::move(key)), std::move(v));
      skip_ws();
      if (i_ >= s_.size()) return false;
      if (s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (s_[i_] == '}') {
        ++i_;
        return true;
      }
      return false;
    }
  }

  bool array(Value& out, std::size_t depth) {
    ++i_;
    out = Value::new_list(ListStyle::Json);
    auto& items = out.as_list().items;
    skip_ws();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      return true;
    }
    for (;;) {
      skip_ws();
      Value v;
      if (!value(v, depth + 1)) return false;
      items.push_back(std::move(v));
      skip_ws();
      if (i_ >= s_.size()) return false;
      if (s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (s_[i_] == ']') {
        ++i_;
        return true;
      }
      return false;
    }
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool hex4(std::uint32_t& v) {
    if (i_ + 4 > s_.size()) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      int h = hex(s_[i_ + static_cast<std::size_t>(k)]);
      if (h < 0) return false;
      v = (v << 4) | static_cast<std::uint32_t>(h);
    }
    i_ += 4;
    return true;
  }

  bool string(std::string& out) {
    char quote = s_[i_++];
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (c == quote) return true;
      if (static_cast<unsigned char>(c) < 0x20 && !opt_.permissive) return false;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\'': out += '\''; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t u;
          if (!hex4(u)) return false;
          if (u >= 0xD800 && u <= 0xDBFF && i_ + 1 < s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u') {
            std::size_t save = i_;
            i_ += 2;
            std::uint32_t lo;
            if (hex4(lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
              u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              i_ = save;
            }
          }
          if (u >= 0xD800 && u <= 0xDFFF) u = 0xFFFD;
          append_utf8(out, u);
          break;
        }
        default: return false;
      }
    }
    return false;
  }

  bool number(Value& out) {
    std::size_t start = i_;
    if (s_[i_] == '-') ++i_;
    std::size_t int_start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    if (i_ == int_start) return false;
    if (s_[int_start] == '0' && i_ - int_start > 1) return false;
    bool is_float = false;
    if (i_ < s_.size() && s_[i_] == '.') {
      is_float = true;
      ++i_;
      std::size_t f = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      if (i_ == f) return false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      is_float = true;
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      std::size_t e = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      if (i_ == e) return false;
    }
    const char* b = s_.data() + start;
    const char* e = s_.data() + i_;
    if (!is_float) {
      std::int64_t v = 0;
      auto r = std::from_chars(b, e, v);
      if (r.ec == std::errc() && r.ptr == e) {
        out = Value::integral(v);
        return true;
      }
      // Beyond Long: json-smart keeps a BigInteger; a double is the closest we hold.
    }
    double d = 0;
    auto r = std::from_chars(b, e, d);
    if (r.ec != std::errc() && r.ec != std::errc::result_out_of_range) return false;
    if (r.ec == std::errc::result_out_of_range) d = (*b == '-') ? -HUGE_VAL : HUGE_VAL;
    out = Value::number(d);
    return true;
  }

  std::string_view s_;
  const JsonParseOptions& opt_;
  std::size_t i_ = 0;
};

[[noreturn]] void too_deep() {
  throw TemplateError(TemplateError::Kind::Limit, "value nested too deeply to print");
}

[[noreturn]] void too_big() {
  throw TemplateError(TemplateError::Kind::Limit, "printed value exceeds the size limit");
}

void json_rec(std::string& out, const Value& v, const PrintBudget& b, unsigned depth) {
  if (depth > b.max_depth) too_deep();
  if (out.size() > b.max_bytes) too_big();
  switch (v.kind()) {
    case ValueKind::Null: out += "null"; break;
    case ValueKind::Bool: out += v.as_bool() ? "true" : "false"; break;
    case ValueKind::Int:
    case ValueKind::Long: out += std::to_string(v.as_int64()); break;
    case ValueKind::Double:
      if (std::isfinite(v.as_double())) {
        append_java_double(out, v.as_double());
      } else {
        out += "null";
      }
      break;
    case ValueKind::String: append_json_string(out, v.as_string()); break;
    case ValueKind::List: {
      out += '[';
      bool first = true;
      for (const Value& item : v.as_list().items) {
        if (!first) out += ',';
        first = false;
        json_rec(out, item, b, depth + 1);
      }
      out += ']';
      break;
    }
    case ValueKind::Map: {
      out += '{';
      bool first = true;
      for (const auto& [k, val] : v.as_map().entries()) {
        if (!first) out += ',';
        first = false;
        if (k.is_string()) {
          append_json_string(out, k.as_string());
        } else {
          std::string ks;
          append_java_text(ks, k, PrintBudget{b.runtime, b.max_depth - depth, b.max_bytes});
          append_json_string(out, ks);
        }
        out += ':';
        json_rec(out, val, b, depth + 1);
      }
      out += '}';
      break;
    }
    case ValueKind::Object: append_json_string(out, v.as_object().to_string(b.runtime)); break;
  }
  if (out.size() > b.max_bytes) too_big();
}

void java_rec(std::string& out, const Value& v, const PrintBudget& b, unsigned depth, const void* self) {
  if (depth > b.max_depth) too_deep();
  if (out.size() > b.max_bytes) too_big();
  switch (v.kind()) {
    case ValueKind::Null: out += "null"; break;
    case ValueKind::Bool: out += v.as_bool() ? "true" : "false"; break;
    case ValueKind::Int:
    case ValueKind::Long: out += std::to_string(v.as_int64()); break;
    case ValueKind::Double: append_java_double(out, v.as_double()); break;
    case ValueKind::String: out += v.as_string(); break;
    case ValueKind::List: {
      const List& l = v.as_list();
      if (l.style == ListStyle::Json) {
        json_rec(out, v, b, depth);
        break;
      }
      out += '[';
      bool first = true;
      for (const Value& item : l.items) {
        if (!first) out += ", ";
        first = false;
        if (item.identity() == &l) {
          out += "(this Collection)";
        } else {
          java_rec(out, item, b, depth + 1, &l);
        }
      }
      out += ']';
      break;
    }
    case ValueKind::Map: {
      const Map& m = v.as_map();
      out += '{';
      bool first = true;
      for (const auto& [k, val] : m.entries()) {
        if (!first) out += ", ";
        first = false;
        if (k.identity() == &m) {
          out += "(this Map)";
        } else {
          java_rec(out, k, b, depth + 1, &m);
        }
        out += '=';
        if (val.identity() == &m) {
          out += "(this Map)";
        } else {
          java_rec(out, val, b, depth + 1, &m);
        }
      }
      out += '}';
      break;
    }
    case ValueKind::Object: out += v.as_object().to_string(b.runtime); break;
  }
  (void)self;
  if (out.size() > b.max_bytes) too_big();
}

template <class J>
Value from_nl(const J& j, unsigned depth) {
  if (depth > 512) too_deep();
  switch (j.type()) {
    case nlohmann::json::value_t::null: return Value();
    case nlohmann::json::value_t::boolean: return Value::boolean(j.template get<bool>());
    case nlohmann::json::value_t::number_integer: return Value::integral(j.template get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      auto u = j.template get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(INT64_MAX)) return Value::integral(static_cast<std::int64_t>(u));
      return Value::number(static_cast<double>(u));
    }
    case nlohmann::json::value_t::number_float: return Value::number(j.template get<double>());
    case nlohmann::json::value_t::string: return Value::string(j.template get<std::string>());
    case nlohmann::json::value_t::array: {
      Value l = Value::new_list(ListStyle::Json);
      for (const auto& e : j) l.as_list().items.push_back(from_nl(e, depth + 1));
      return l;
    }
    case nlohmann::json::value_t::object: {
      Value m = Value::new_map();
      for (auto it = j.begin(); it != j.end(); ++it) m.as_map().put(it.key(), from_nl(it.value(), depth + 1));
      return m;
    }
    default: return Value();
  }
}

nlohmann::ordered_json to_nl(const Value& v, unsigned depth, unsigned max_depth) {
  if (depth > max_depth) too_deep();
  switch (v.kind()) {
    case ValueKind::Null: return nullptr;
    case ValueKind::Bool: return v.as_bool();
    case ValueKind::Int:
    case ValueKind::Long: return v.as_int64();
    case ValueKind::Double: return v.as_double();
    case ValueKind::String: return v.as_string();
    case ValueKind::List: {
      auto a = nlohmann::ordered_json::array();
      for (const Value& e : v.as_list().items) a.push_back(to_nl(e, depth + 1, max_depth));
      return a;
    }
    case ValueKind::Map: {
      auto o = nlohmann::ordered_json::object();
      for (const auto& [k, val] : v.as_map().entries()) {
        o[k.is_string() ? k.as_string() : to_java_text(k)] = to_nl(val, depth + 1, max_depth);
      }
      return o;
    }
    case ValueKind::Object: return v.as_object().to_string(nullptr);
  }
  return nullptr;
}

}  // namespace

std::optional<Value> parse_json(std::string_view text, const JsonParseOptions& options) {
  return JsonParser(text, options).parse();
}

void append_json(std::string& out, const Value& v, const PrintBudget& budget) { json_rec(out, v, budget, 0); }

std::string to_json(const Value& v, const PrintBudget& budget) {
  std::string s;
  json_rec(s, v, budget, 0);
  return s;
}

void append_java_text(std::string& out, const Value& v, const PrintBudget& budget) {
  java_rec(out, v, budget, 0, nullptr);
}

std::string to_java_text(const Value& v, const PrintBudget& budget) {
  std::string s;
  java_rec(s, v, budget, 0, nullptr);
  return s;
}

Value from_nlohmann(const nlohmann::json& j) { return from_nl(j, 0); }
Value from_nlohmann(const nlohmann::ordered_json& j) { return from_nl(j, 0); }

nlohmann::ordered_json to_nlohmann(const Value& v, unsigned max_depth) { return to_nl(v, 0, max_depth); }

}  // namespace bunker::vtl
