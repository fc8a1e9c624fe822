#include "vtl/jsonpath.h"

#include <charconv>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "vtl/error.h"
#include "vtl/java_regex.h"

namespace bunker::vtl {

struct JsonPath::Filter {
  enum class Kind { Or, And, Not, Compare, Exists, Literal, Path, Regex };
  Kind kind = Kind::Literal;
  std::string op;  // for Compare
  std::vector<Filter> children;
  Value literal;
  std::shared_ptr<JsonPath> path;
  std::shared_ptr<const JavaRegex> regex;
};

struct JsonPath::Segment {
  enum class Kind { Names, Wildcard, Indices, Slice, Filter, Length };
  Kind kind = Kind::Names;
  bool deep = false;
  std::vector<std::string> names;
  std::vector<std::int64_t> indices;
  std::optional<std::int64_t> slice_start, slice_end;
  std::shared_ptr<JsonPath::Filter> filter;
};

JsonPath::JsonPath() = default;
JsonPath::~JsonPath() = default;
JsonPath::JsonPath(JsonPath&&) noexcept = default;
JsonPath& JsonPath::operator=(JsonPath&&) noexcept = default;

namespace {
[[noreturn]] void bad_path(std::string_view path, std::string_view why) {
  throw TemplateError(TemplateError::Kind::Runtime,
                      "Invalid JSONPath '" + std::string(path) + "': " + std::string(why));
}

bool is_name_char(char c) {
  return c != '.' && c != '[' && c != ']' && c != ' ' && c != '(' && c != ')' && c != '=' && c != '!' &&
         c != '<' && c != '>' && c != '&' && c != '|' && c != ',' && c != '\'' && c != '"';
}
}  // namespace

class JsonPathParser {
 public:
  JsonPathParser(std::string_view text, unsigned depth) : full_(text), s_(text), depth_(depth) {
    if (depth_ > 32) bad_path(full_, "filters nested too deeply");
  }

  JsonPath parse_top() {
    JsonPath p;
    skip_ws();
    if (i_ < s_.size() && s_[i_] == '$') {
      ++i_;
    } else if (i_ < s_.size() && s_[i_] == '@') {
      ++i_;
      p.root_relative_ = false;
    } else if (i_ < s_.size() && s_[i_] != '[' && s_[i_] != '.') {
      // Jayway reads "a.b" as "$.a.b".
      parse_name_segment(p, false);
    }
    parse_segments(p, /*in_filter=*/false);
    skip_ws();
    if (i_ != s_.size()) bad_path(full_, "unexpected '" + std::string(1, s_[i_]) + "'");
    return p;
  }

  // A path inside a filter: stops at the first character that cannot continue it.
  JsonPath parse_filter_path() {
    JsonPath p;
    if (s_[i_] == '@') {
      p.root_relative_ = false;
    }
    ++i_;
    parse_segments(p, /*in_filter=*/true);
    return p;
  }

  std::size_t pos() const { return i_; }
  void set_pos(std::size_t i) { i_ = i; }

 private:
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  void parse_segments(JsonPath& p, bool in_filter) {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '.') {
        bool deep = i_ + 1 < s_.size() && s_[i_ + 1] == '.';
        i_ += deep ? 2 : 1;
        if (i_ < s_.size() && s_[i_] == '[') {
          if (!deep) bad_path(full_, "'.' followed by '['");
          parse_bracket(p, true);
        } else if (i_ < s_.size() && s_[i_] == '*') {
          ++i_;
          JsonPath::Segment seg;
          seg.kind = JsonPath::Segment::Kind::Wildcard;
          seg.deep = deep;
          p.segments_.push_back(std::move(seg));
          p.definite_ = false;
        } else {
          parse_name_segment(p, deep);
        }
      } else if (c == '[') {
        parse_bracket(p, false);
      } else {
        if (!in_filter) return;
        return;
      }
    }
  }

  void parse_name_segment(JsonPath& p, bool deep) {
    std::size_t start = i_;
    while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
    if (i_ == start) bad_path(full_, "empty property name");
    std::string name(s_.substr(start, i_ - start));
    if (i_ + 1 < s_.size() && s_[i_] == '(' && s_[i_ + 1] == ')') {
      if (name != "length" && name != "size") bad_path(full_, "unsupported function " + name + "()");
      i_ += 2;
      JsonPath::Segment seg;
      seg.kind = JsonPath::Segment::Kind::Length;
      p.segments_.push_back(std::move(seg));
      return;
    }
    JsonPath::Segment seg;
    seg.kind = JsonPath::Segment::Kind::Names;
    seg.deep = deep;
    seg.names.push_back(std::move(name));
    if (deep) p.definite_ = false;
    p.segments_.push_back(std::move(seg));
  }

  std::string parse_quoted() {
    char q = s_[i_++];
    std::string out;
    while (i_ < s_.size() && s_[i_] != q) {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
      out += s_[i_++];
    }
    if (i_ >= s_.size()) bad_path(full_, "unterminated quoted name");
    ++i_;
    return out;
  }

  std::optional<std::int64_t> parse_int() {
    skip_ws();
    std::size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    if (i_ == start || (i_ == start + 1 && s_[start] == '-')) {
      i_ = start;
      return std::nullopt;
    }
    std::int64_t v = 0;
    auto r = std::from_chars(s_.data() + start, s_.data() + i_, v);
    if (r.ec != std::errc()) bad_path(full_, "index out of range");
    return v;
  }

  void parse_bracket(JsonPath& p, bool deep) {
    ++i_;  // '['
    skip_ws();
    if (i_ >= s_.size()) bad_path(full_, "unterminated '['");
    JsonPath::Segment seg;
    seg.deep = deep;
    char c = s_[i_];
    if (c == '*') {
      ++i_;
      seg.kind = JsonPath::Segment::Kind::Wildcard;
      p.definite_ = false;
    } else if (c == '\'' || c == '"') {
      seg.kind = JsonPath::Segment::Kind::Names;
      for (;;) {
        skip_ws();
        if (i_ >= s_.size() || (s_[i_] != '\'' && s_[i_] != '"')) bad_path(full_, "expected a quoted name");
        seg.names.push_back(parse_quoted());
        skip_ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        break;
      }
      if (seg.names.size() > 1 || deep) p.definite_ = false;
    } else if (c == '?') {
      ++i_;
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != '(') bad_path(full_, "expected '(' after '?'");
      ++i_;
      seg.kind = JsonPath::Segment::Kind::Filter;
      seg.filter = std::make_shared<JsonPath::Filter>(parse_or());
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != ')') bad_path(full_, "expected ')' closing the filter");
      ++i_;
      p.definite_ = false;
    } else {
      auto first = parse_int();
      skip_ws();
      if (i_ < s_.size() && s_[i_] == ':') {
        ++i_;
        seg.kind = JsonPath::Segment::Kind::Slice;
        seg.slice_start = first;
        seg.slice_end = parse_int();
        p.definite_ = false;
      } else {
        if (!first) bad_path(full_, "unexpected character in '[...]'");
        seg.kind = JsonPath::Segment::Kind::Indices;
        seg.indices.push_back(*first);
        while (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          auto next = parse_int();
          if (!next) bad_path(full_, "expected an index");
          seg.indices.push_back(*next);
          skip_ws();
        }
        if (seg.indices.size() > 1 || deep) p.definite_ = false;
      }
    }
    skip_ws();
    if (i_ >= s_.size() || s_[i_] != ']') bad_path(full_, "expected ']'");
    ++i_;
    p.segments_.push_back(std::move(seg));
  }

  // ---- filter expressions ----
  using F = JsonPath::Filter;

  F parse_or() {
    F left = parse_and();
    for (;;) {
      skip_ws();
      if (s_.substr(i_, 2) == "||") {
        i_ += 2;
        F node;
        node.kind = F::Kind::Or;
        node.children.push_back(std::move(left));
        node.children.push_back(parse_and());
        left = std::move(node);
      } else {
        return left;
      }
    }
  }

  F parse_and() {
    F left = parse_unary();
    for (;;) {
      skip_ws();
      if (s_.substr(i_, 2) == "&&") {
        i_ += 2;
        F node;
        node.kind = F::Kind::And;
        node.children.push_back(std::move(left));
        node.children.push_back(parse_unary());
        left = std::move(node);
      } else {
        return left;
      }
    }
  }

  F parse_unary() {
    skip_ws();
    if (i_ < s_.size() && s_[i_] == '!' && s_.substr(i_, 2) != "!=") {
      ++i_;
      F node;
      node.kind = F::Kind::Not;
      node.children.push_back(parse_unary());
      return node;
    }
    if (i_ < s_.size() && s_[i_] == '(') {
      ++i_;
      if (++nest_ > 64) bad_path(full_, "filter nested too deeply");
      F inner = parse_or();
      --nest_;
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != ')') bad_path(full_, "expected ')'");
      ++i_;
      return inner;
    }
    F left = parse_operand();
    skip_ws();
    static constexpr std::string_view kOps[] = {"==", "!=", "<=", ">=", "=~", "<", ">"};
    for (auto op : kOps) {
      if (s_.substr(i_, op.size()) == op) {
        i_ += op.size();
        F node;
        node.kind = F::Kind::Compare;
        node.op = std::string(op);
        node.children.push_back(std::move(left));
        node.children.push_back(parse_operand());
        return node;
      }
    }
    if (left.kind == F::Kind::Path) {
      F node;
      node.kind = F::Kind::Exists;
      node.children.push_back(std::move(left));
      return node;
    }
    return left;
  }

  F parse_operand() {
    skip_ws();
    if (i_ >= s_.size()) bad_path(full_, "filter ends early");
    F node;
    char c = s_[i_];
    if (c == '@' || c == '$') {
      node.kind = F::Kind::Path;
      JsonPathParser sub(s_, depth_ + 1);
      sub.set_pos(i_);
      node.path = std::make_shared<JsonPath>(sub.parse_filter_path());
      i_ = sub.pos();
      return node;
    }
    if (c == '\'' || c == '"') {
      node.kind = F::Kind::Literal;
      node.literal = Value::string(parse_quoted());
      return node;
    }
    if (c == '/') {
      std::size_t close = i_ + 1;
      std::string pattern;
      while (close < s_.size() && s_[close] != '/') {
        if (s_[close] == '\\' && close + 1 < s_.size() && s_[close + 1] == '/') ++close;
        pattern += s_[close++];
      }
      if (close >= s_.size()) bad_path(full_, "unterminated regular expression");
      i_ = close + 1;
      unsigned flags = JavaRegex::kNone;
      while (i_ < s_.size() && (s_[i_] >= 'a' && s_[i_] <= 'z')) {
        if (s_[i_] == 'i') flags |= JavaRegex::kCaseInsensitive;
        ++i_;
      }
      node.kind = F::Kind::Regex;
      node.regex = JavaRegex::get(pattern, flags);
      return node;
    }
    for (std::string_view word : {"true", "false", "null"}) {
      if (s_.substr(i_, word.size()) == word) {
        i_ += word.size();
        node.kind = F::Kind::Literal;
        node.literal = word == "null" ? Value() : Value::boolean(word == "true");
        return node;
      }
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t start = i_;
      ++i_;
      bool is_float = false;
      while (i_ < s_.size() && ((s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '.' || s_[i_] == 'e' ||
                                s_[i_] == 'E' || ((s_[i_] == '-' || s_[i_] == '+') && (s_[i_ - 1] == 'e' || s_[i_ - 1] == 'E')))) {
        if (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E') is_float = true;
        ++i_;
      }
      std::string_view num = s_.substr(start, i_ - start);
      node.kind = F::Kind::Literal;
      if (!is_float) {
        std::int64_t v = 0;
        auto r = std::from_chars(num.data(), num.data() + num.size(), v);
        if (r.ec == std::errc() && r.ptr == num.data() + num.size()) {
          node.literal = Value::integral(v);
          return node;
        }
      }
      double d = 0;
      auto r = std::from_chars(num.data(), num.data() + num.size(), d);
      if (r.ec != std::errc() || r.ptr != num.data() + num.size()) bad_path(full_, "bad number in filter");
      node.literal = Value::number(d);
      return node;
    }
    bad_path(full_, "unexpected '" + std::string(1, c) + "' in filter");
  }

  std::string_view full_;
  std::string_view s_;
  std::size_t i_ = 0;
  unsigned depth_;
  unsigned nest_ = 0;
};

struct JsonPathEval {
  // An operand inside a filter: a value, or nothing (path missing).
  struct Operand {
    bool present = false;
    Value v;
  };

  static void deep_collect(const Value& node, std::vector<Value>& out, std::unordered_set<const void*>& seen,
                           unsigned depth) {
    if (depth > 512) return;
    if (node.is_map()) {
      if (!seen.insert(node.identity()).second) return;
      out.push_back(node);
      for (const auto& [k, v] : node.as_map().entries()) deep_collect(v, out, seen, depth + 1);
    } else if (node.is_list()) {
      if (!seen.insert(node.identity()).second) return;
      out.push_back(node);
      for (const auto& v : node.as_list().items) deep_collect(v, out, seen, depth + 1);
    }
  }

  static bool compare(const std::string& op, const Operand& a, const Operand& b, const JsonPath::Filter& rhs) {
    if (op == "=~") {
      if (!a.present || !a.v.is_string() || !rhs.regex) return false;
      return rhs.regex->matches(a.v.as_string());
    }
    if (!a.present || !b.present) return false;
    const Value& l = a.v;
    const Value& r = b.v;
    if (op == "==" || op == "!=") {
      bool eq;
      if (l.is_number() && r.is_number()) {
        eq = l.as_double() == r.as_double();
      } else if (l.kind() != r.kind()) {
        eq = false;
      } else if (l.is_null()) {
        eq = true;
      } else if (l.is_bool()) {
        eq = l.as_bool() == r.as_bool();
      } else if (l.is_string()) {
        eq = l.as_string() == r.as_string();
      } else {
        eq = l.identity() == r.identity();
      }
      return op == "==" ? eq : !eq;
    }
    int c;
    if (l.is_number() && r.is_number()) {
      double x = l.as_double();
      double y = r.as_double();
      c = x < y ? -1 : x > y ? 1 : 0;
    } else if (l.is_string() && r.is_string()) {
      c = l.as_string().compare(r.as_string());
    } else {
      return false;
    }
    if (op == "<") return c < 0;
    if (op == "<=") return c <= 0;
    if (op == ">") return c > 0;
    return c >= 0;
  }

  static Operand operand(const JsonPath::Filter& f, const Value& current, const Value& root) {
    if (f.kind == JsonPath::Filter::Kind::Literal) return {true, f.literal};
    if (f.kind == JsonPath::Filter::Kind::Path) {
      const JsonPath& p = *f.path;
      std::vector<Value> found = run(p, p.root_relative_ ? root : current, root);
      if (p.definite_) {
        if (found.empty()) return {};
        return {true, found.front()};
      }
      Value l = Value::new_list(ListStyle::Json);
      l.as_list().items = std::move(found);
      return {true, l};
    }
    return {};
  }

  static bool test(const JsonPath::Filter& f, const Value& current, const Value& root) {
    using K = JsonPath::Filter::Kind;
    switch (f.kind) {
      case K::Or: return test(f.children[0], current, root) || test(f.children[1], current, root);
      case K::And: return test(f.children[0], current, root) && test(f.children[1], current, root);
      case K::Not: return !test(f.children[0], current, root);
      case K::Exists: {
        Operand o = operand(f.children[0], current, root);
        if (!o.present) return false;
        if (o.v.is_list() && !f.children[0].path->definite_) return !o.v.as_list().items.empty();
        return true;
      }
      case K::Compare:
        return compare(f.op, operand(f.children[0], current, root), operand(f.children[1], current, root),
                       f.children[1]);
      case K::Literal: return f.literal.is_bool() ? f.literal.as_bool() : !f.literal.is_null();
      default: return false;
    }
  }

  static std::vector<Value> run(const JsonPath& p, const Value& start, const Value& root) {
    std::vector<Value> nodes{start};
    for (const auto& seg : p.segments_) {
      std::vector<Value> next;
      std::vector<Value> targets;
      if (seg.deep) {
        std::unordered_set<const void*> seen;
        for (const auto& n : nodes) deep_collect(n, targets, seen, 0);
      } else {
        targets = std::move(nodes);
      }
      using K = JsonPath::Segment::Kind;
      for (const Value& n : targets) {
        switch (seg.kind) {
          case K::Names:
            if (n.is_map()) {
              for (const auto& name : seg.names) {
                if (const Value* v = n.as_map().find(std::string_view(name))) next.push_back(*v);
              }
            }
            break;
          case K::Wildcard:
            if (n.is_map()) {
              for (const auto& [k, v] : n.as_map().entries()) next.push_back(v);
            } else if (n.is_list()) {
              for (const auto& v : n.as_list().items) next.push_back(v);
            }
            break;
          case K::Indices:
            if (n.is_list()) {
              const auto& items = n.as_list().items;
              auto size = static_cast<std::int64_t>(items.size());
              for (std::int64_t idx : seg.indices) {
                std::int64_t k = idx < 0 ? size + idx : idx;
                if (k >= 0 && k < size) next.push_back(items[static_cast<std::size_t>(k)]);
              }
            }
            break;
          case K::Slice:
            if (n.is_list()) {
              const auto& items = n.as_list().items;
              auto size = static_cast<std::int64_t>(items.size());
              std::int64_t b = seg.slice_start.value_or(0);
              std::int64_t e = seg.slice_end.value_or(size);
              if (b < 0) b = std::max<std::int64_t>(0, size + b);
              if (e < 0) e = std::max<std::int64_t>(0, size + e);
              e = std::min(e, size);
              for (std::int64_t k = b; k < e; ++k) next.push_back(items[static_cast<std::size_t>(k)]);
            }
            break;
          case K::Filter:
            if (n.is_list()) {
              for (const auto& item : n.as_list().items) {
                if (test(*seg.filter, item, root)) next.push_back(item);
              }
            } else if (n.is_map()) {
              if (test(*seg.filter, n, root)) next.push_back(n);
            }
            break;
          case K::Length:
            if (n.is_list()) {
              next.push_back(Value::integral(static_cast<std::int64_t>(n.as_list().items.size())));
            } else if (n.is_map()) {
              next.push_back(Value::integral(static_cast<std::int64_t>(n.as_map().size())));
            } else if (n.is_string()) {
              next.push_back(Value::integral(static_cast<std::int64_t>(n.as_string().size())));
            }
            break;
        }
      }
      nodes = std::move(next);
      if (nodes.empty()) break;
    }
    return nodes;
  }
};

JsonPath JsonPath::compile(std::string_view path) { return JsonPathParser(path, 0).parse_top(); }

std::shared_ptr<const JsonPath> JsonPath::get(std::string_view path) {
  static std::mutex mu;
  static auto* cache = new std::unordered_map<std::string, std::shared_ptr<const JsonPath>>();
  std::string key(path);
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache->find(key);
    if (it != cache->end()) return it->second;
  }
  auto compiled = std::make_shared<const JsonPath>(compile(path));
  std::lock_guard<std::mutex> lock(mu);
  if (cache->size() >= 1024) cache->clear();
  cache->emplace(std::move(key), compiled);
  return compiled;
}

Value JsonPath::evaluate(const Value& root) const {
  std::vector<Value> found = JsonPathEval::run(*this, root, root);
  bool single = definite_;
  if (!segments_.empty() && segments_.back().kind == Segment::Kind::Length) {
    // length() of an indefinite selection counts the matches.
    if (!definite_) {
      std::vector<Value> base;
      JsonPath prefix;
      prefix.segments_.assign(segments_.begin(), segments_.end() - 1);
      base = JsonPathEval::run(prefix, root, root);
      return Value::integral(static_cast<std::int64_t>(base.size()));
    }
    single = true;
  }
  if (single) return found.empty() ? Value() : found.front();
  Value l = Value::new_list(ListStyle::Json);
  l.as_list().items = std::move(found);
  return l;
}

}  // namespace bunker::vtl
