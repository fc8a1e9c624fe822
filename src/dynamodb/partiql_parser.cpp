#include "dynamodb/partiql_parser.h"

#include <cctype>

#include "bunker/core/strings.h"
#include "dynamodb/errors.h"

namespace bunker::dynamodb {
namespace {

struct Tok {
  enum class Kind { kWord, kQuoted, kString, kNumber, kPunct, kParam, kEnd };
  Kind kind;
  std::string text;  // word/punct as written; quoted/string without quotes, unescaped
};

[[noreturn]] void malformed(const std::string& detail) {
  throw validation_error("Statement wasn't well formed, can't be processed: " + detail);
}

std::vector<Tok> lex(std::string_view s) {
  std::vector<Tok> out;
  std::size_t i = 0;
  auto quoted = [&](char q) {
    std::string text;
    ++i;
    for (;;) {
      if (i >= s.size()) malformed(q == '\'' ? "Unterminated string literal" : "Unterminated quoted identifier");
      if (s[i] == q) {
        if (i + 1 < s.size() && s[i + 1] == q) {
          text += q;
          i += 2;
          continue;
        }
        ++i;
        break;
      }
      text += s[i++];
    }
    return text;
  };
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;  // comment
    } else if (c == '\'') {
      out.push_back({Tok::Kind::kString, quoted('\'')});
    } else if (c == '"') {
      out.push_back({Tok::Kind::kQuoted, quoted('"')});
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t start = i;
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      }
      out.push_back({Tok::Kind::kNumber, std::string(s.substr(start, i - start))});
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = i;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
      out.push_back({Tok::Kind::kWord, std::string(s.substr(start, i - start))});
    } else if (c == '?') {
      out.push_back({Tok::Kind::kParam, "?"});
      ++i;
    } else {
      static const char* two[] = {"<<", ">>", "<=", ">=", "<>", "!=", "||"};
      std::string p;
      for (const char* t : two)
        if (s.substr(i, 2) == t) p = t;
      if (p.empty()) {
        if (std::string_view("*,.()[]{}:=<>+-;").find(c) == std::string_view::npos)
          malformed(std::string("Unexpected character: ") + c);
        p = std::string(1, c);
      }
      i += p.size();
      out.push_back({Tok::Kind::kPunct, p});
    }
  }
  out.push_back({Tok::Kind::kEnd, ""});
  return out;
}

Condition binary(Condition::Kind kind, Condition a, Condition b) {
  Condition c;
  c.kind = kind;
  c.children.push_back(std::move(a));
  c.children.push_back(std::move(b));
  return c;
}

Condition negate(Condition a) {
  Condition c;
  c.kind = Condition::Kind::kNot;
  c.children.push_back(std::move(a));
  return c;
}

Operand value_operand(AttributeValue v) {
  Operand o;
  o.kind = Operand::Kind::kValue;
  o.value = std::move(v);
  o.value_name = "?";
  return o;
}

class Parser {
 public:
  Parser(std::string_view text, const std::vector<AttributeValue>& params) : toks_(lex(text)), params_(params) {}

  PartiqlStatement statement() {
    PartiqlStatement st;
    if (accept_word("SELECT")) select(st);
    else if (accept_word("INSERT")) insert(st);
    else if (accept_word("UPDATE")) update(st);
    else if (accept_word("DELETE")) remove(st);
    else if (peek().kind == Tok::Kind::kEnd) malformed("Empty statement");
    else malformed("Unexpected keyword: " + peek().text);
    accept_punct(";");
    if (peek().kind != Tok::Kind::kEnd) malformed("Unexpected token: " + peek().text);
    if (next_param_ != params_.size())
      throw validation_error("Number of parameters in request and statement don't match.");
    return st;
  }

 private:
  const Tok& peek(std::size_t ahead = 0) const { return toks_[std::min(pos_ + ahead, toks_.size() - 1)]; }
  bool is_word(const Tok& t, std::string_view w) const { return t.kind == Tok::Kind::kWord && iequals(t.text, w); }
  bool accept_word(std::string_view w) {
    if (!is_word(peek(), w)) return false;
    ++pos_;
    return true;
  }
  void expect_word(std::string_view w) {
    if (!accept_word(w)) malformed("Expected " + std::string(w) + (peek().kind == Tok::Kind::kEnd ? "" : " near " + peek().text));
  }
  bool accept_punct(std::string_view p) {
    if (peek().kind != Tok::Kind::kPunct || peek().text != p) return false;
    ++pos_;
    return true;
  }
  void expect_punct(std::string_view p) {
    if (!accept_punct(p)) malformed("Expected '" + std::string(p) + "'" + (peek().kind == Tok::Kind::kEnd ? "" : " near " + peek().text));
  }

  std::string identifier(const char* what) {
    const Tok& t = peek();
    if (t.kind != Tok::Kind::kQuoted && t.kind != Tok::Kind::kWord) malformed(std::string("Expected ") + what);
    ++pos_;
    return t.text;
  }

  void table_ref(PartiqlStatement& st) {
    st.table = identifier("table name");
    if (accept_punct(".")) st.index = identifier("index name");
  }

  Path path() {
    Path p;
    p.elements.push_back({identifier("attribute name"), -1});
    for (;;) {
      if (accept_punct(".")) {
        p.elements.push_back({identifier("attribute name"), -1});
      } else if (accept_punct("[")) {
        const Tok& t = peek();
        if (t.kind == Tok::Kind::kNumber) {
          long long n = 0;
          if (!parse_int64(t.text, n) || n < 0) malformed("Invalid list index: " + t.text);
          p.elements.push_back({"", n});
        } else if (t.kind == Tok::Kind::kString) {
          p.elements.push_back({t.text, -1});
        } else {
          malformed("Expected a list index or a member name");
        }
        ++pos_;
        expect_punct("]");
      } else {
        return p;
      }
    }
  }

  AttributeValue param() {
    if (next_param_ >= params_.size())
      throw validation_error("Number of parameters in request and statement don't match.");
    return params_[next_param_++];
  }

  // A literal value: 'string', number, TRUE/FALSE/NULL, {tuple}, [list], <<set>>, ?.
  std::optional<AttributeValue> literal() {
    const Tok& t = peek();
    if (t.kind == Tok::Kind::kParam) {
      ++pos_;
      return param();
    }
    if (t.kind == Tok::Kind::kString) {
      ++pos_;
      return AttributeValue::string(t.text);
    }
    if (t.kind == Tok::Kind::kNumber || (t.kind == Tok::Kind::kPunct && t.text == "-" && peek(1).kind == Tok::Kind::kNumber)) {
      bool minus = t.kind == Tok::Kind::kPunct;
      if (minus) ++pos_;
      std::string text = (minus ? "-" : "") + peek().text;
      ++pos_;
      return AttributeValue::number(Number::parse(text));
    }
    if (is_word(t, "TRUE") || is_word(t, "FALSE")) {
      ++pos_;
      return AttributeValue::boolean(iequals(t.text, "TRUE"));
    }
    if (is_word(t, "NULL")) {
      ++pos_;
      return AttributeValue::null();
    }
    if (accept_punct("{")) {
      Map m;
      if (!accept_punct("}")) {
        do {
          const Tok& k = peek();
          if (k.kind != Tok::Kind::kString && k.kind != Tok::Kind::kQuoted) malformed("Expected a string as a tuple key");
          ++pos_;
          expect_punct(":");
          m.insert_or_assign(k.text, value());
        } while (accept_punct(","));
        expect_punct("}");
      }
      return AttributeValue::map(std::move(m));
    }
    if (accept_punct("[")) {
      List l;
      if (!accept_punct("]")) {
        do l.push_back(value());
        while (accept_punct(","));
        expect_punct("]");
      }
      return AttributeValue::list(std::move(l));
    }
    if (accept_punct("<<")) {
      List members;
      if (!accept_punct(">>")) {
        do members.push_back(value());
        while (accept_punct(","));
        expect_punct(">>");
      }
      return make_set(members);
    }
    return std::nullopt;
  }

  AttributeValue value() {
    auto v = literal();
    if (!v) malformed("Expected a value" + (peek().kind == Tok::Kind::kEnd ? "" : " near " + peek().text));
    return *v;
  }

  static AttributeValue make_set(const List& members) {
    if (members.empty()) malformed("A set may not be empty");
    Type t = members.front().type();
    for (const auto& m : members)
      if (m.type() != t) malformed("Set members must all have the same type");
    if (t == Type::N) {
      std::vector<Number> n;
      for (const auto& m : members) n.push_back(m.as_number());
      return AttributeValue::number_set(std::move(n));
    }
    if (t != Type::S && t != Type::B) malformed("Sets may hold only strings, numbers or binaries");
    std::vector<std::string> s;
    for (const auto& m : members) s.push_back(m.as_string());
    return t == Type::S ? AttributeValue::string_set(std::move(s)) : AttributeValue::binary_set(std::move(s));
  }

  // An operand of a condition: a value, a path or SIZE(path).
  Operand operand() {
    if (is_word(peek(), "SIZE") && peek(1).kind == Tok::Kind::kPunct && peek(1).text == "(") {
      pos_ += 2;
      Operand o;
      o.kind = Operand::Kind::kSize;
      o.path = path();
      expect_punct(")");
      return o;
    }
    if (auto v = literal()) return value_operand(std::move(*v));
    Operand o;
    o.kind = Operand::Kind::kPath;
    o.path = path();
    return o;
  }

  Condition or_expr() {
    Condition c = and_expr();
    while (accept_word("OR")) c = binary(Condition::Kind::kOr, std::move(c), and_expr());
    return c;
  }
  Condition and_expr() {
    Condition c = not_expr();
    while (accept_word("AND")) c = binary(Condition::Kind::kAnd, std::move(c), not_expr());
    return c;
  }
  Condition not_expr() {
    if (accept_word("NOT")) return negate(not_expr());
    return predicate();
  }

  Condition function(const std::string& name) {
    Condition c;
    expect_punct("(");
    if (iequals(name, "EXISTS") || iequals(name, "attribute_exists")) {
      c.kind = Condition::Kind::kExists;
      c.operands.push_back(operand());
    } else if (iequals(name, "attribute_not_exists")) {
      c.kind = Condition::Kind::kNotExists;
      c.operands.push_back(operand());
    } else {
      c.kind = iequals(name, "BEGINS_WITH")      ? Condition::Kind::kBeginsWith
               : iequals(name, "CONTAINS")       ? Condition::Kind::kContains
               : iequals(name, "ATTRIBUTE_TYPE") ? Condition::Kind::kAttributeType
                                                 : (malformed("Unsupported function: " + name), Condition::Kind::kAnd);
      c.operands.push_back(operand());
      expect_punct(",");
      c.operands.push_back(operand());
    }
    if (c.operands[0].kind != Operand::Kind::kPath && c.kind != Condition::Kind::kContains &&
        c.kind != Condition::Kind::kBeginsWith)
      malformed("The first argument of " + name + " must be an attribute path");
    expect_punct(")");
    return c;
  }

  Condition predicate() {
    if (accept_punct("(")) {
      Condition c = or_expr();
      expect_punct(")");
      return c;
    }
    const Tok& t = peek();
    if (t.kind == Tok::Kind::kWord && peek(1).kind == Tok::Kind::kPunct && peek(1).text == "(" &&
        !iequals(t.text, "SIZE")) {
      std::string name = t.text;
      pos_ += 1;
      return function(name);
    }
    Operand left = operand();
    static const std::vector<std::pair<std::string, Condition::Op>> ops = {
        {"=", Condition::Op::kEq}, {"<>", Condition::Op::kNe}, {"!=", Condition::Op::kNe}, {"<", Condition::Op::kLt},
        {"<=", Condition::Op::kLe}, {">", Condition::Op::kGt}, {">=", Condition::Op::kGe}};
    for (const auto& [text, op] : ops) {
      if (accept_punct(text)) {
        Condition c;
        c.kind = Condition::Kind::kCompare;
        c.op = op;
        c.operands = {std::move(left), operand()};
        return c;
      }
    }
    bool negated = false;
    if (accept_word("IS")) {
      negated = accept_word("NOT");
      if (left.kind != Operand::Kind::kPath) malformed("IS needs an attribute path");
      Condition c;
      c.operands.push_back(left);
      if (accept_word("MISSING")) {
        c.kind = negated ? Condition::Kind::kExists : Condition::Kind::kNotExists;
        return c;
      }
      expect_word("NULL");
      // NULL covers both an attribute of type NULL and an absent one.
      Condition is_null;
      is_null.kind = Condition::Kind::kAttributeType;
      is_null.operands = {left, value_operand(AttributeValue::string("NULL"))};
      Condition missing;
      missing.kind = Condition::Kind::kNotExists;
      missing.operands = {left};
      Condition either = binary(Condition::Kind::kOr, std::move(is_null), std::move(missing));
      return negated ? negate(std::move(either)) : either;
    }
    negated = accept_word("NOT");
    if (accept_word("BETWEEN")) {
      Condition c;
      c.kind = Condition::Kind::kBetween;
      c.operands.push_back(std::move(left));
      c.operands.push_back(operand());
      expect_word("AND");
      c.operands.push_back(operand());
      return negated ? negate(std::move(c)) : c;
    }
    if (accept_word("IN")) {
      Condition c;
      c.kind = Condition::Kind::kIn;
      c.operands.push_back(std::move(left));
      bool bracket = accept_punct("[");
      if (!bracket) expect_punct("(");
      do c.operands.push_back(operand());
      while (accept_punct(","));
      expect_punct(bracket ? "]" : ")");
      return negated ? negate(std::move(c)) : c;
    }
    malformed("Expected a comparison" + (peek().kind == Tok::Kind::kEnd ? "" : " near " + peek().text));
  }

  void select(PartiqlStatement& st) {
    st.kind = PartiqlStatement::Kind::kSelect;
    if (!accept_punct("*")) {
      std::vector<Path> paths;
      do paths.push_back(path());
      while (accept_punct(","));
      st.projection = std::move(paths);
    }
    expect_word("FROM");
    table_ref(st);
    if (accept_word("WHERE")) st.where = or_expr();
    if (accept_word("ORDER")) {
      expect_word("BY");
      do {
        Path p = path();
        bool desc = accept_word("DESC");
        if (!desc) accept_word("ASC");
        if (!st.order_by) {
          st.order_by = std::move(p);
          st.descending = desc;
        }
      } while (accept_punct(","));
    }
  }

  void insert(PartiqlStatement& st) {
    st.kind = PartiqlStatement::Kind::kInsert;
    expect_word("INTO");
    st.table = identifier("table name");
    expect_word("VALUE");
    AttributeValue v = value();
    if (!v.is(Type::M)) malformed("INSERT expects a tuple value");
    for (const auto& [k, e] : v.as_map()) st.item.insert_or_assign(k, e);
  }

  // The right-hand side of SET: value, path, a + b, a - b, list_append(a, b).
  Operand set_value() {
    Operand left = set_term();
    if (accept_punct("+") || (peek().kind == Tok::Kind::kPunct && peek().text == "-" && (++pos_, true))) {
      bool plus = toks_[pos_ - 1].text == "+";
      Operand o;
      o.kind = plus ? Operand::Kind::kPlus : Operand::Kind::kMinus;
      o.args = {std::move(left), set_term()};
      return o;
    }
    return left;
  }
  Operand set_term() {
    if (is_word(peek(), "list_append") && peek(1).text == "(") {
      pos_ += 2;
      Operand o;
      o.kind = Operand::Kind::kListAppend;
      o.args.push_back(set_term());
      expect_punct(",");
      o.args.push_back(set_term());
      expect_punct(")");
      return o;
    }
    if (auto v = literal()) return value_operand(std::move(*v));
    Operand o;
    o.kind = Operand::Kind::kPath;
    o.path = path();
    return o;
  }

  void set_clause(PartiqlStatement& st) {
    do {
      Path target = path();
      expect_punct("=");
      for (const char* fn : {"set_add", "set_delete"}) {
        if (is_word(peek(), fn) && peek(1).text == "(") {
          pos_ += 2;
          Path of = path();
          if (!(of == target)) malformed(std::string(fn) + " must name the attribute being set");
          expect_punct(",");
          UpdateAction a{std::string_view(fn) == "set_add" ? UpdateAction::Kind::kAdd : UpdateAction::Kind::kDelete,
                         target, value_operand(value())};
          expect_punct(")");
          st.update.actions.push_back(std::move(a));
          goto next;
        }
      }
      st.update.actions.push_back({UpdateAction::Kind::kSet, target, set_value()});
    next:;
    } while (accept_punct(","));
  }

  void update(PartiqlStatement& st) {
    st.kind = PartiqlStatement::Kind::kUpdate;
    st.table = identifier("table name");
    bool any = false;
    for (;;) {
      if (accept_word("SET")) {
        set_clause(st);
      } else if (accept_word("REMOVE")) {
        do st.update.actions.push_back({UpdateAction::Kind::kRemove, path(), {}});
        while (accept_punct(","));
      } else {
        break;
      }
      any = true;
    }
    if (!any) malformed("Expected SET or REMOVE");
    expect_word("WHERE");
    st.where = or_expr();
    returning(st, true);
  }

  void remove(PartiqlStatement& st) {
    st.kind = PartiqlStatement::Kind::kDelete;
    expect_word("FROM");
    st.table = identifier("table name");
    expect_word("WHERE");
    st.where = or_expr();
    returning(st, false);
  }

  void returning(PartiqlStatement& st, bool update) {
    if (!accept_word("RETURNING")) return;
    std::string which = accept_word("ALL") ? "ALL" : (expect_word("MODIFIED"), "MODIFIED");
    std::string age = accept_word("OLD") ? "OLD" : (expect_word("NEW"), "NEW");
    expect_punct("*");
    if (!update && (which != "ALL" || age != "OLD")) malformed("DELETE supports only RETURNING ALL OLD *");
    st.returning = which + "_" + age;
  }

  std::vector<Tok> toks_;
  std::size_t pos_ = 0;
  const std::vector<AttributeValue>& params_;
  std::size_t next_param_ = 0;
};

}  // namespace

PartiqlStatement parse_partiql(std::string_view text, const std::vector<AttributeValue>& parameters) {
  return Parser(text, parameters).statement();
}

}  // namespace bunker::dynamodb
