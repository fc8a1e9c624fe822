// The Java methods templates call on strings, lists, maps, numbers and booleans, and
// Velocity's bean-property lookup ($x.foo → getFoo() / get("foo") / isFoo()).
// A method that would throw in Java fails the render; one that does not exist (or
// whose arguments do not fit) yields null, as Velocity's introspection does.
#include <algorithm>
#include <cmath>
#include <limits>

#include "vtl/java_regex.h"
#include "vtl/java_text.h"
#include "vtl/runtime.h"

namespace bunker::vtl {

namespace {

using Args = std::span<const Value>;

std::optional<std::int64_t> int_arg(const Value& v) {
  if (v.is_integral()) return v.as_int64();
  return std::nullopt;
}

[[noreturn]] void throw_java(Runtime& rt, std::string_view cls, std::string message) {
  rt.fail("java.lang." + std::string(cls) + ": " + message);
}

Value str(Runtime& rt, std::string s) {
  rt.check_string(s.size());
  return Value::string(std::move(s));
}

Value java_int(std::int64_t v) { return Value::int32(static_cast<std::int32_t>(v)); }

// A String argument (CharSequence parameter). Null throws NPE like Java; any other kind
// means the method does not apply.
const std::string* string_arg(Runtime& rt, const Value& v) {
  if (v.is_string()) return &v.as_string();
  if (v.is_null()) throw_java(rt, "NullPointerException", "argument is null");
  return nullptr;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Java's String.indexOf(str, from) on UTF-16 indices.
std::int64_t index_of(std::string_view s, std::string_view needle, std::int64_t from) {
  auto len = static_cast<std::int64_t>(utf16_length(s));
  if (from < 0) from = 0;
  if (from > len) return needle.empty() ? len : -1;
  std::size_t off = utf8_offset(s, static_cast<std::size_t>(from));
  std::size_t pos = s.find(needle, off);
  if (pos == std::string_view::npos) return -1;
  return static_cast<std::int64_t>(utf16_index(s, pos));
}

std::int64_t last_index_of(std::string_view s, std::string_view needle, std::int64_t from) {
  auto len = static_cast<std::int64_t>(utf16_length(s));
  auto nlen = static_cast<std::int64_t>(utf16_length(needle));
  if (from < 0) return -1;
  std::int64_t start = std::min(from, len - nlen);
  if (start < 0) return -1;
  std::size_t off = utf8_offset(s, static_cast<std::size_t>(start));
  std::size_t pos = s.rfind(needle, off);
  if (pos == std::string_view::npos) return -1;
  return static_cast<std::int64_t>(utf16_index(s, pos));
}

int compare_strings(std::string_view a, std::string_view b, bool ignore_case) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    std::uint32_t x = decode_utf8(a, i);
    std::uint32_t y = decode_utf8(b, j);
    if (ignore_case && x < 128 && y < 128) {
      x = static_cast<unsigned char>(ascii_lower(static_cast<char>(x)));
      y = static_cast<unsigned char>(ascii_lower(static_cast<char>(y)));
    }
    if (x != y) return static_cast<int>(x) - static_cast<int>(y);
  }
  return static_cast<int>(utf16_length(a)) - static_cast<int>(utf16_length(b));
}

std::int32_t java_hash(std::string_view s) {
  std::uint32_t h = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = decode_utf8(s, i);
    if (cp >= 0x10000) {
      std::uint32_t v = cp - 0x10000;
      h = 31 * h + (0xD800 + (v >> 10));
      h = 31 * h + (0xDC00 + (v & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return static_cast<std::int32_t>(h);
}

Value string_list(Runtime& rt, std::vector<std::string> parts) {
  rt.check_collection(parts.size());
  Value l = Value::new_list();
  auto& items = l.as_list().items;
  items.reserve(parts.size());
  for (auto& p : parts) items.push_back(Value::string(std::move(p)));
  return l;
}

std::optional<Value> string_method(Runtime& rt, const std::string& s, std::string_view name, Args args) {
  const std::size_t n = args.size();
  if (n == 0) {
    if (name == "length") return java_int(static_cast<std::int64_t>(utf16_length(s)));
    if (name == "isEmpty") return Value::boolean(s.empty());
    if (name == "toString" || name == "intern") return Value::string(s);
    if (name == "trim") return Value::string(std::string(java_trim(s)));
    if (name == "toLowerCase") {
      std::string r = s;
      std::transform(r.begin(), r.end(), r.begin(), ascii_lower);
      return Value::string(std::move(r));
    }
    if (name == "toUpperCase") {
      std::string r = s;
      std::transform(r.begin(), r.end(), r.begin(), ascii_upper);
      return Value::string(std::move(r));
    }
    if (name == "hashCode") return Value::int32(java_hash(s));
    return std::nullopt;
  }
  if (name == "charAt" && n == 1) {
    auto i = int_arg(args[0]);
    if (!i) return std::nullopt;
    auto len = static_cast<std::int64_t>(utf16_length(s));
    if (*i < 0 || *i >= len) {
      throw_java(rt, "StringIndexOutOfBoundsException", "String index out of range: " + std::to_string(*i));
    }
    if (is_ascii(s)) return Value::string(std::string(1, s[static_cast<std::size_t>(*i)]));
    return Value::string(utf16_unit_at(s, static_cast<std::size_t>(*i)));
  }
  if (name == "substring" && (n == 1 || n == 2)) {
    auto b = int_arg(args[0]);
    auto len = static_cast<std::int64_t>(utf16_length(s));
    std::optional<std::int64_t> e = n == 2 ? int_arg(args[1]) : std::optional<std::int64_t>(len);
    if (!b || !e) return std::nullopt;
    if (*b < 0 || *e > len || *b > *e) {
      throw_java(rt, "StringIndexOutOfBoundsException",
                 "begin " + std::to_string(*b) + ", end " + std::to_string(*e) + ", length " + std::to_string(len));
    }
    std::size_t bo = utf8_offset(s, static_cast<std::size_t>(*b));
    std::size_t eo = utf8_offset(s, static_cast<std::size_t>(*e));
    return Value::string(s.substr(bo, eo - bo));
  }
  if ((name == "indexOf" || name == "lastIndexOf") && (n == 1 || n == 2)) {
    std::string needle;
    if (args[0].is_integral()) {
      append_utf8(needle, static_cast<std::uint32_t>(args[0].as_int64()));
    } else if (const std::string* a = string_arg(rt, args[0])) {
      needle = *a;
    } else {
      return std::nullopt;
    }
    bool last = name == "lastIndexOf";
    std::int64_t from = last ? std::numeric_limits<std::int32_t>::max() : 0;
    if (n == 2) {
      auto f = int_arg(args[1]);
      if (!f) return std::nullopt;
      from = *f;
    }
    return java_int(last ? last_index_of(s, needle, from) : index_of(s, needle, from));
  }
  if (name == "contains" && n == 1) {
    const std::string* a = string_arg(rt, args[0]);
    if (!a) return std::nullopt;
    return Value::boolean(s.find(*a) != std::string::npos);
  }
  if (name == "startsWith" && (n == 1 || n == 2)) {
    const std::string* a = string_arg(rt, args[0]);
    if (!a) return std::nullopt;
    std::int64_t off = 0;
    if (n == 2) {
      auto o = int_arg(args[1]);
      if (!o) return std::nullopt;
      off = *o;
    }
    if (off < 0 || off > static_cast<std::int64_t>(utf16_length(s))) return Value::boolean(false);
    std::size_t bo = utf8_offset(s, static_cast<std::size_t>(off));
    return Value::boolean(std::string_view(s).substr(bo).starts_with(*a));
  }
  if (name == "endsWith" && n == 1) {
    const std::string* a = string_arg(rt, args[0]);
    if (!a) return std::nullopt;
    return Value::boolean(std::string_view(s).ends_with(*a));
  }
  if (name == "equals" && n == 1) return Value::boolean(args[0].is_string() && args[0].as_string() == s);
  if (name == "equalsIgnoreCase" && n == 1) {
    if (!args[0].is_string()) return Value::boolean(false);
    return Value::boolean(compare_strings(s, args[0].as_string(), true) == 0 &&
                          utf16_length(s) == utf16_length(args[0].as_string()));
  }
  if ((name == "compareTo" || name == "compareToIgnoreCase") && n == 1) {
    const std::string* a = string_arg(rt, args[0]);
    if (!a) return std::nullopt;
    return Value::int32(compare_strings(s, *a, name == "compareToIgnoreCase"));
  }
  if (name == "concat" && n == 1) {
    const std::string* a = string_arg(rt, args[0]);
    if (!a) return std::nullopt;
    return str(rt, s + *a);
  }
  if (name == "replace" && n == 2) {
    const std::string* from = string_arg(rt, args[0]);
    const std::string* to = string_arg(rt, args[1]);
    if (!from || !to) return std::nullopt;
    std::string out;
    if (from->empty()) {
      // Java inserts the replacement around every character.
      out += *to;
      for (std::size_t i = 0; i < s.size();) {
        std::size_t start = i;
        decode_utf8(s, i);
        out.append(s, start, i - start);
        out += *to;
        rt.check_string(out.size());
      }
      return Value::string(std::move(out));
    }
    std::size_t pos = 0;
    for (;;) {
      std::size_t hit = s.find(*from, pos);
      if (hit == std::string::npos) break;
      out.append(s, pos, hit - pos);
      out += *to;
      pos = hit + from->size();
      rt.check_string(out.size());
    }
    out.append(s, pos);
    return str(rt, std::move(out));
  }
  if ((name == "replaceAll" || name == "replaceFirst") && n == 2) {
    const std::string* re = string_arg(rt, args[0]);
    const std::string* repl = string_arg(rt, args[1]);
    if (!re || !repl) return std::nullopt;
    rt.step(s.size() / 64 + 1);
    return Value::string(JavaRegex::get(*re)->replace(s, *repl, name == "replaceAll", rt.limits().max_string_bytes));
  }
  if (name == "matches" && n == 1) {
    const std::string* re = string_arg(rt, args[0]);
    if (!re) return std::nullopt;
    rt.step(s.size() / 64 + 1);
    return Value::boolean(JavaRegex::get(*re)->matches(s));
  }
  if (name == "split" && (n == 1 || n == 2)) {
    const std::string* re = string_arg(rt, args[0]);
    if (!re) return std::nullopt;
    int limit = 0;
    if (n == 2) {
      auto l = int_arg(args[1]);
      if (!l) return std::nullopt;
      limit = static_cast<int>(std::clamp<std::int64_t>(*l, INT32_MIN, INT32_MAX));
    }
    rt.step(s.size() / 64 + 1);
    return string_list(rt, JavaRegex::get(*re)->split(s, limit));
  }
  return std::nullopt;
}

// ---- collections ----

// java.util.Map.Entry from entrySet().
class MapEntry : public HostObject {
 public:
  MapEntry(Value map, Value key, Value value) : map_(std::move(map)), key_(std::move(key)), value_(std::move(value)) {}
  std::string_view type_name() const override { return "Entry"; }
  Value property(std::string_view name, Runtime&) override {
    if (name == "key") return key_;
    if (name == "value") return value_;
    return Value();
  }
  std::optional<Value> call(std::string_view name, Args args, Runtime& rt) override {
    if (args.empty() && name == "getKey") return key_;
    if (args.empty() && name == "getValue") return value_;
    if (args.empty() && name == "toString") return Value::string(to_string(&rt));
    if (args.size() == 1 && name == "setValue") {
      Value old = value_;
      value_ = args[0];
      if (map_.is_map()) map_.as_map().put(key_, args[0]);
      return old;
    }
    return std::nullopt;
  }
  std::string to_string(Runtime* rt) const override {
    PrintBudget b = rt ? rt->print_budget() : PrintBudget{};
    return to_java_text(key_, b) + "=" + to_java_text(value_, b);
  }

 private:
  Value map_;
  Value key_;
  Value value_;
};

std::size_t checked_index(Runtime& rt, std::int64_t i, std::size_t size, bool allow_end = false) {
  auto sz = static_cast<std::int64_t>(size);
  if (i < 0 || i > sz || (i == sz && !allow_end)) {
    throw_java(rt, "IndexOutOfBoundsException", "Index " + std::to_string(i) + " out of bounds for length " +
                                                     std::to_string(size));
  }
  return static_cast<std::size_t>(i);
}

std::vector<Value> elements_of(const Value& v) {
  if (v.is_list()) return v.as_list().items;
  if (v.is_map()) {
    std::vector<Value> out;
    for (const auto& [k, val] : v.as_map().entries()) out.push_back(val);
    return out;
  }
  return {};
}

std::optional<Value> list_method(Runtime& rt, const Value& self, std::string_view name, Args args) {
  auto& items = self.as_list().items;
  const std::size_t n = args.size();
  if (n == 0) {
    if (name == "size") return java_int(static_cast<std::int64_t>(items.size()));
    if (name == "isEmpty") return Value::boolean(items.empty());
    if (name == "clear") {
      items.clear();
      return Value();
    }
    if (name == "toString") return Value::string(rt.java_string(self));
    return std::nullopt;
  }
  if (name == "get" && n == 1) {
    auto i = int_arg(args[0]);
    if (!i) return std::nullopt;
    return items[checked_index(rt, *i, items.size())];
  }
  if (name == "add" && n == 1) {
    rt.check_collection(items.size() + 1);
    items.push_back(args[0]);
    return Value::boolean(true);
  }
  if (name == "add" && n == 2) {
    auto i = int_arg(args[0]);
    if (!i) return std::nullopt;
    std::size_t at = checked_index(rt, *i, items.size(), true);
    rt.check_collection(items.size() + 1);
    items.insert(items.begin() + static_cast<std::ptrdiff_t>(at), args[1]);
    return Value();
  }
  if (name == "addAll" && (n == 1 || n == 2)) {
    const Value& src = args[n - 1];
    if (!src.is_list() && !src.is_map()) return std::nullopt;
    std::vector<Value> add = elements_of(src);
    rt.check_collection(items.size() + add.size());
    rt.step(add.size());
    std::size_t at = items.size();
    if (n == 2) {
      auto i = int_arg(args[0]);
      if (!i) return std::nullopt;
      at = checked_index(rt, *i, items.size(), true);
    }
    items.insert(items.begin() + static_cast<std::ptrdiff_t>(at), add.begin(), add.end());
    return Value::boolean(!add.empty());
  }
  if (name == "set" && n == 2) {
    auto i = int_arg(args[0]);
    if (!i) return std::nullopt;
    std::size_t at = checked_index(rt, *i, items.size());
    Value old = items[at];
    items[at] = args[1];
    return old;
  }
  if (name == "remove" && n == 1) {
    if (auto i = int_arg(args[0])) {  // remove(int index)
      std::size_t at = checked_index(rt, *i, items.size());
      Value old = items[at];
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(at));
      return old;
    }
    for (auto it = items.begin(); it != items.end(); ++it) {
      if (java_equals(*it, args[0])) {
        items.erase(it);
        return Value::boolean(true);
      }
    }
    return Value::boolean(false);
  }
  if (name == "contains" && n == 1) {
    rt.step(items.size());
    return Value::boolean(std::any_of(items.begin(), items.end(), [&](const Value& v) { return java_equals(v, args[0]); }));
  }
  if (name == "containsAll" && n == 1) {
    if (!args[0].is_list()) return std::nullopt;
    for (const Value& want : args[0].as_list().items) {
      if (std::none_of(items.begin(), items.end(), [&](const Value& v) { return java_equals(v, want); })) {
        return Value::boolean(false);
      }
    }
    return Value::boolean(true);
  }
  if ((name == "indexOf" || name == "lastIndexOf") && n == 1) {
    rt.step(items.size());
    if (name == "indexOf") {
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (java_equals(items[i], args[0])) return java_int(static_cast<std::int64_t>(i));
      }
    } else {
      for (std::size_t i = items.size(); i-- > 0;) {
        if (java_equals(items[i], args[0])) return java_int(static_cast<std::int64_t>(i));
      }
    }
    return java_int(-1);
  }
  if (name == "subList" && n == 2) {
    auto b = int_arg(args[0]);
    auto e = int_arg(args[1]);
    if (!b || !e) return std::nullopt;
    if (*b < 0 || *e > static_cast<std::int64_t>(items.size()) || *b > *e) {
      throw_java(rt, "IndexOutOfBoundsException", "fromIndex " + std::to_string(*b) + ", toIndex " + std::to_string(*e));
    }
    Value l = Value::new_list(self.as_list().style);
    l.as_list().items.assign(items.begin() + *b, items.begin() + *e);
    return l;
  }
  if (name == "equals" && n == 1) return Value::boolean(java_equals(self, args[0]));
  return std::nullopt;
}

std::optional<Value> map_method(Runtime& rt, const Value& self, std::string_view name, Args args) {
  Map& m = self.as_map();
  const std::size_t n = args.size();
  if (n == 0) {
    if (name == "size") return java_int(static_cast<std::int64_t>(m.size()));
    if (name == "isEmpty") return Value::boolean(m.empty());
    if (name == "clear") {
      m.clear();
      return Value();
    }
    if (name == "toString") return Value::string(rt.java_string(self));
    if (name == "keySet" || name == "values" || name == "entrySet") {
      rt.step(m.size());
      Value l = Value::new_list();
      auto& items = l.as_list().items;
      items.reserve(m.size());
      for (const auto& [k, v] : m.entries()) {
        if (name == "keySet") {
          items.push_back(k);
        } else if (name == "values") {
          items.push_back(v);
        } else {
          items.push_back(Value::object(std::make_shared<MapEntry>(self, k, v)));
        }
      }
      return l;
    }
    return std::nullopt;
  }
  if (name == "get" && n == 1) {
    const Value* v = m.find(args[0]);
    return v ? *v : Value();
  }
  if (name == "getOrDefault" && n == 2) {
    const Value* v = m.find(args[0]);
    return v ? *v : args[1];
  }
  if (name == "put" && n == 2) {
    if (!m.contains(args[0])) rt.check_collection(m.size() + 1);
    return m.put(args[0], args[1]);
  }
  if (name == "putIfAbsent" && n == 2) {
    if (const Value* v = m.find(args[0]); v && !v->is_null()) return *v;
    rt.check_collection(m.size() + 1);
    m.put(args[0], args[1]);
    return Value();
  }
  if (name == "putAll" && n == 1) {
    if (!args[0].is_map()) return std::nullopt;
    std::vector<std::pair<Value, Value>> add = args[0].as_map().entries();
    rt.step(add.size());
    rt.check_collection(m.size() + add.size());
    for (auto& [k, v] : add) m.put(k, v);
    return Value();
  }
  if (name == "remove" && n == 1) return m.remove(args[0]);
  if (name == "containsKey" && n == 1) return Value::boolean(m.contains(args[0]));
  if (name == "containsValue" && n == 1) {
    rt.step(m.size());
    for (const auto& [k, v] : m.entries()) {
      if (java_equals(v, args[0])) return Value::boolean(true);
    }
    return Value::boolean(false);
  }
  if (name == "equals" && n == 1) return Value::boolean(java_equals(self, args[0]));
  return std::nullopt;
}

std::int64_t java_d2l(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9.2233720368547758e18) return INT64_MAX;
  if (d <= -9.2233720368547758e18) return INT64_MIN;
  return static_cast<std::int64_t>(d);
}

std::int32_t java_d2i(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 2147483647.0) return INT32_MAX;
  if (d <= -2147483648.0) return INT32_MIN;
  return static_cast<std::int32_t>(d);
}

std::optional<Value> number_method(Runtime& rt, const Value& self, std::string_view name, Args args) {
  bool is_int = self.is_integral();
  if (args.empty()) {
    if (name == "intValue") {
      return Value::int32(is_int ? static_cast<std::int32_t>(self.as_int64()) : java_d2i(self.as_double()));
    }
    if (name == "longValue") return Value::int64(is_int ? self.as_int64() : java_d2l(self.as_double()));
    if (name == "doubleValue") return Value::number(self.as_double());
    if (name == "floatValue") return Value::number(static_cast<float>(self.as_double()));
    if (name == "shortValue") {
      return Value::int32(static_cast<std::int16_t>(is_int ? self.as_int64() : java_d2i(self.as_double())));
    }
    if (name == "byteValue") {
      return Value::int32(static_cast<std::int8_t>(is_int ? self.as_int64() : java_d2i(self.as_double())));
    }
    if (name == "toString") return Value::string(rt.java_string(self));
    if (name == "isNaN" && !is_int) return Value::boolean(std::isnan(self.as_double()));
    if (name == "isInfinite" && !is_int) return Value::boolean(std::isinf(self.as_double()));
    return std::nullopt;
  }
  if (args.size() == 1 && name == "equals") return Value::boolean(java_equals(self, args[0]));
  if (args.size() == 1 && name == "compareTo") {
    if (args[0].kind() != self.kind()) return std::nullopt;
    double a = self.as_double();
    double b = args[0].as_double();
    if (is_int) {
      auto x = self.as_int64();
      auto y = args[0].as_int64();
      return Value::int32(x < y ? -1 : x > y ? 1 : 0);
    }
    return Value::int32(a < b ? -1 : a > b ? 1 : 0);
  }
  return std::nullopt;
}

std::string capitalized(std::string_view prefix, std::string_view name) {
  std::string s(prefix);
  s += name;
  s[prefix.size()] = ascii_upper(s[prefix.size()]);
  return s;
}

}  // namespace

std::optional<Value> call_method(Runtime& rt, const Value& target, std::string_view name, Args args) {
  switch (target.kind()) {
    case ValueKind::Null: return std::nullopt;
    case ValueKind::String: return string_method(rt, target.as_string(), name, args);
    case ValueKind::List: return list_method(rt, target, name, args);
    case ValueKind::Map: return map_method(rt, target, name, args);
    case ValueKind::Int:
    case ValueKind::Long:
    case ValueKind::Double: return number_method(rt, target, name, args);
    case ValueKind::Bool:
      if (args.empty() && name == "booleanValue") return target;
      if (args.empty() && name == "toString") return Value::string(target.as_bool() ? "true" : "false");
      if (args.size() == 1 && name == "equals") return Value::boolean(java_equals(target, args[0]));
      return std::nullopt;
    case ValueKind::Object: {
      if (auto r = target.as_object().call(name, args, rt)) return r;
      if (args.empty() && name == "toString") return Value::string(target.as_object().to_string(&rt));
      if (args.size() == 1 && name == "equals") return Value::boolean(java_equals(target, args[0]));
      return std::nullopt;
    }
  }
  return std::nullopt;
}

Value get_property(Runtime& rt, const Value& target, std::string_view name) {
  if (name.empty()) return Value();
  if (target.is_map()) {
    const Value* v = target.as_map().find(name);
    return v ? *v : Value();
  }
  if (target.is_object()) {
    Value v = target.as_object().property(name, rt);
    if (!v.is_null()) return v;
  }
  if (auto r = call_method(rt, target, capitalized("get", name), {})) return *r;
  if (auto r = call_method(rt, target, capitalized("is", name), {})) return *r;
  return Value();
}

Value get_index(Runtime& rt, const Value& target, const Value& index) {
  if (target.is_list()) {
    auto i = int_arg(index);
    if (!i) return Value();
    auto& items = target.as_list().items;
    std::int64_t k = *i < 0 ? *i + static_cast<std::int64_t>(items.size()) : *i;  // Velocity 1.7: negative counts from the end
    return items[checked_index(rt, k, items.size())];
  }
  if (target.is_map()) {
    const Value* v = target.as_map().find(index);
    return v ? *v : Value();
  }
  if (target.is_object()) {
    Value args[] = {index};
    if (auto r = target.as_object().call("get", args, rt)) return *r;
  }
  return Value();
}

void set_property(Runtime& rt, const Value& target, std::string_view name, Value v) {
  if (target.is_map()) {
    Map& m = target.as_map();
    if (!m.find(name)) rt.check_collection(m.size() + 1);
    m.put(name, std::move(v));
  }
}

void set_index(Runtime& rt, const Value& target, const Value& index, Value v) {
  if (target.is_list()) {
    auto i = int_arg(index);
    if (!i) return;
    auto& items = target.as_list().items;
    std::int64_t k = *i < 0 ? *i + static_cast<std::int64_t>(items.size()) : *i;
    items[checked_index(rt, k, items.size())] = std::move(v);
  } else if (target.is_map()) {
    Map& m = target.as_map();
    if (!m.contains(index)) rt.check_collection(m.size() + 1);
    m.put(index, std::move(v));
  }
}

}  // namespace bunker::vtl
