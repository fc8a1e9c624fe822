#include "dynamodb/expression_parser.h"

#include <set>

#include "bunker/core/strings.h"
#include "dynamodb/errors.h"
#include "dynamodb/expression_lexer.h"
#include "dynamodb/reserved_words.h"

namespace bunker::dynamodb {

std::string_view expression_label(ExpressionKind kind) {
  switch (kind) {
    case ExpressionKind::kCondition: return "ConditionExpression";
    case ExpressionKind::kFilter: return "FilterExpression";
    case ExpressionKind::kKeyCondition: return "KeyConditionExpression";
    case ExpressionKind::kProjection: return "ProjectionExpression";
    case ExpressionKind::kUpdate: return "UpdateExpression";
  }
  return "";
}

std::string Path::describe() const {
  std::string out = "[";
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i) out += ", ";
    out += elements[i].is_index() ? "[" + std::to_string(elements[i].index) + "]" : elements[i].name;
  }
  return out + "]";
}

std::string_view op_text(Condition::Op op) {
  switch (op) {
    case Condition::Op::kEq: return "=";
    case Condition::Op::kNe: return "<>";
    case Condition::Op::kLt: return "<";
    case Condition::Op::kLe: return "<=";
    case Condition::Op::kGt: return ">";
    case Condition::Op::kGe: return ">=";
  }
  return "";
}

namespace {

using K = Token::Kind;

bool is_key_type(Type t) { return t == Type::S || t == Type::N || t == Type::B; }

class Parser {
 public:
  Parser(std::string_view text, ExpressionKind kind, ExpressionContext& ctx)
      : text_(text), kind_(kind), ctx_(ctx), tokens_(tokenize(text)) {
    if (text.size() > kMaxExpressionBytes)
      fail("Expression size has exceeded the maximum allowed size; expression size: " + std::to_string(text.size()));
    if (tokens_.size() == 1) fail("The expression can not be empty;");
    match_parentheses();
  }

  Condition condition() {
    Condition c = parse_or();
    expect_end();
    return c;
  }

  UpdateExpression update();
  ProjectionExpression projection();

 private:
  [[noreturn]] void fail(const std::string& detail) const {
    throw validation_error("Invalid " + std::string(expression_label(kind_)) + ": " + detail);
  }

  [[noreturn]] void syntax_error(std::size_t at) const {
    const Token& t = tokens_[at];
    std::string token = t.kind == K::kEnd ? "<EOF>" : std::string(t.text);
    // "near" spans the token before the offending one through the one after it.
    std::size_t from = at > 0 ? tokens_[at - 1].offset : t.offset;
    std::size_t to = from;
    for (std::size_t i = at > 0 ? at - 1 : 0; i <= at + 1 && i < tokens_.size(); ++i)
      if (tokens_[i].kind != K::kEnd) to = tokens_[i].offset + tokens_[i].text.size();
    fail("Syntax error; token: \"" + token + "\", near: \"" + std::string(text_.substr(from, to - from)) + "\"");
  }

  const Token& peek(std::size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  bool at(K kind) const { return peek().kind == kind; }
  bool at_keyword(std::string_view word) const { return at(K::kIdentifier) && iequals(peek().text, word); }
  void expect(K kind) {
    if (!at(kind)) syntax_error(pos_);
    ++pos_;
  }
  void expect_end() {
    if (!at(K::kEnd)) syntax_error(pos_);
  }

  void match_parentheses() {
    std::vector<std::size_t> stack;
    match_.assign(tokens_.size(), 0);
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (tokens_[i].kind == K::kLParen) stack.push_back(i);
      if (tokens_[i].kind == K::kRParen && !stack.empty()) {
        match_[stack.back()] = i;
        stack.pop_back();
      }
    }
  }

  // ---- paths and operands ----

  static bool is_grammar_keyword(std::string_view w) {
    for (auto k : {"AND", "OR", "NOT", "BETWEEN", "IN"})
      if (iequals(w, k)) return true;
    return false;
  }

  std::string path_name() {
    const Token& t = peek();
    if (t.kind == K::kName) {
      const std::string* real = ctx_.name(t.text);
      if (!real)
        fail("An expression attribute name used in the document path is not defined; attribute name: " +
             std::string(t.text));
      ++pos_;
      return *real;
    }
    if (t.kind == K::kIdentifier) {
      if (is_reserved_word(t.text)) fail("Attribute name is a reserved keyword; reserved keyword: " + std::string(t.text));
      ++pos_;
      return std::string(t.text);
    }
    syntax_error(pos_);
  }

  Path path() {
    Path p;
    p.elements.push_back({path_name(), -1});
    while (true) {
      if (at(K::kDot)) {
        ++pos_;
        p.elements.push_back({path_name(), -1});
      } else if (at(K::kLBracket)) {
        ++pos_;
        if (!at(K::kInteger)) syntax_error(pos_);
        long long index = 0;
        if (!parse_int64(peek().text, index) || index > 2147483647LL)
          fail("List index is not within the allowable range; index: [" + std::string(peek().text) + "]");
        ++pos_;
        expect(K::kRBracket);
        p.elements.push_back({"", index});
      } else {
        break;
      }
    }
    if (p.elements.size() > static_cast<std::size_t>(kMaxNestingDepth))
      fail("The document path has too many nesting levels; nesting levels: " + std::to_string(p.elements.size()));
    return p;
  }

  Operand value_operand() {
    const Token& t = peek();
    const AttributeValue* v = ctx_.value(t.text);
    if (!v) fail("An expression attribute value used in expression is not defined; attribute value: " + std::string(t.text));
    ++pos_;
    Operand o;
    o.kind = Operand::Kind::kValue;
    o.value = *v;
    o.value_name = std::string(t.text);
    return o;
  }

  std::vector<Operand> call_arguments(bool update_context) {
    expect(K::kLParen);
    std::vector<Operand> args;
    if (!at(K::kRParen)) {
      args.push_back(update_context ? update_operand() : operand());
      while (at(K::kComma)) {
        ++pos_;
        args.push_back(update_context ? update_operand() : operand());
      }
    }
    expect(K::kRParen);
    return args;
  }

  void arity(std::string_view fn, const std::vector<Operand>& args, std::size_t n) {
    if (args.size() != n)
      fail("Incorrect number of operands for operator or function; operator or function: " + std::string(fn) +
           ", number of operands: " + std::to_string(args.size()));
  }

  void require_path(std::string_view fn, const Operand& o) {
    if (o.kind != Operand::Kind::kPath)
      fail("Operator or function requires a document path; operator or function: " + std::string(fn));
  }

  [[noreturn]] void wrong_operand_type(std::string_view fn, const AttributeValue& v) {
    fail("Incorrect operand type for operator or function; operator or function: " + std::string(fn) +
         ", operand type: " + std::string(type_name(v.type())));
  }

  static bool is_function(std::string_view name) {
    for (auto f : {"attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size",
                   "if_not_exists", "list_append"})
      if (name == f) return true;
    return false;
  }

  void check_function_name(std::string_view name) {
    if (!is_function(name)) fail("Invalid function name; function: " + std::string(name));
  }

  // An operand of a condition: a path, a value, or size(path).
  Operand operand() {
    const Token& t = peek();
    if (t.kind == K::kValue) return value_operand();
    if (t.kind == K::kIdentifier && peek(1).kind == K::kLParen) {
      std::string_view fn = t.text;
      check_function_name(fn);
      if (kind_ == ExpressionKind::kKeyCondition && fn != "begins_with")
        fail("Invalid operator used in KeyConditionExpression: " + std::string(fn));
      if (fn != "size") fail("The function is not allowed to be used this way in an expression; function: " + std::string(fn));
      ++pos_;
      auto args = call_arguments(false);
      arity(fn, args, 1);
      require_path(fn, args[0]);
      Operand o;
      o.kind = Operand::Kind::kSize;
      o.path = std::move(args[0].path);
      return o;
    }
    if (t.kind == K::kName || (t.kind == K::kIdentifier && !is_grammar_keyword(t.text))) {
      Operand o;
      o.kind = Operand::Kind::kPath;
      o.path = path();
      return o;
    }
    syntax_error(pos_);
  }

  // ---- conditions ----

  Condition parse_or() {
    Condition left = parse_and();
    while (at_keyword("OR")) {
      if (kind_ == ExpressionKind::kKeyCondition) fail("Invalid operator used in KeyConditionExpression: OR");
      ++pos_;
      Condition c;
      c.kind = Condition::Kind::kOr;
      c.children.push_back(std::move(left));
      c.children.push_back(parse_and());
      left = std::move(c);
    }
    return left;
  }

  Condition parse_and() {
    Condition left = parse_not();
    while (at_keyword("AND")) {
      ++pos_;
      Condition c;
      c.kind = Condition::Kind::kAnd;
      c.children.push_back(std::move(left));
      c.children.push_back(parse_not());
      left = std::move(c);
    }
    return left;
  }

  Condition parse_not() {
    if (at_keyword("NOT")) {
      if (kind_ == ExpressionKind::kKeyCondition) fail("Invalid operator used in KeyConditionExpression: NOT");
      ++pos_;
      Condition c;
      c.kind = Condition::Kind::kNot;
      c.children.push_back(parse_not());
      return c;
    }
    return parse_primary();
  }

  Condition parse_primary() {
    if (at(K::kLParen)) {
      std::size_t open = pos_;
      if (match_[open] && tokens_[open + 1].kind == K::kLParen && match_[open + 1] + 1 == match_[open])
        fail("The expression has redundant parentheses;");
      ++pos_;
      Condition c = parse_or();
      expect(K::kRParen);
      return c;
    }
    if (at(K::kIdentifier) && peek(1).kind == K::kLParen && peek().text != "size") return function_condition();
    Operand left = operand();
    Condition c;
    if (at(K::kEq) || at(K::kNe) || at(K::kLt) || at(K::kLe) || at(K::kGt) || at(K::kGe)) {
      c.kind = Condition::Kind::kCompare;
      switch (peek().kind) {
        case K::kEq: c.op = Condition::Op::kEq; break;
        case K::kNe: c.op = Condition::Op::kNe; break;
        case K::kLt: c.op = Condition::Op::kLt; break;
        case K::kLe: c.op = Condition::Op::kLe; break;
        case K::kGt: c.op = Condition::Op::kGt; break;
        default: c.op = Condition::Op::kGe; break;
      }
      if (kind_ == ExpressionKind::kKeyCondition && c.op == Condition::Op::kNe)
        fail("Invalid operator used in KeyConditionExpression: <>");
      ++pos_;
      c.operands.push_back(std::move(left));
      c.operands.push_back(operand());
      if (c.op != Condition::Op::kEq && c.op != Condition::Op::kNe)
        for (const auto& o : c.operands)
          if (o.kind == Operand::Kind::kValue && !is_key_type(o.value.type())) wrong_operand_type(op_text(c.op), o.value);
      distinct(op_text(c.op), c.operands);
      return c;
    }
    if (at_keyword("BETWEEN")) {
      ++pos_;
      c.kind = Condition::Kind::kBetween;
      c.operands.push_back(std::move(left));
      c.operands.push_back(operand());
      if (!at_keyword("AND")) syntax_error(pos_);
      ++pos_;
      c.operands.push_back(operand());
      for (const auto& o : c.operands)
        if (o.kind == Operand::Kind::kValue && !is_key_type(o.value.type())) wrong_operand_type("BETWEEN", o.value);
      const Operand &lo = c.operands[1], &hi = c.operands[2];
      if (lo.kind == Operand::Kind::kValue && hi.kind == Operand::Kind::kValue) {
        std::string bounds = "lower bound operand: AttributeValue: " + lo.value.describe() +
                             ", upper bound operand: AttributeValue: " + hi.value.describe();
        if (lo.value.type() != hi.value.type())
          fail("The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
        if (compare_scalars(lo.value, hi.value) > 0)
          fail("The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + bounds);
      }
      distinct("BETWEEN", c.operands);
      return c;
    }
    if (at_keyword("IN")) {
      if (kind_ == ExpressionKind::kKeyCondition) fail("Invalid operator used in KeyConditionExpression: IN");
      ++pos_;
      c.kind = Condition::Kind::kIn;
      c.operands.push_back(std::move(left));
      expect(K::kLParen);
      c.operands.push_back(operand());
      while (at(K::kComma)) {
        ++pos_;
        c.operands.push_back(operand());
      }
      expect(K::kRParen);
      if (c.operands.size() - 1 > 100)
        fail("The IN operator is provided with too many operands; number of operands: " +
             std::to_string(c.operands.size() - 1));
      distinct("IN", c.operands);
      return c;
    }
    syntax_error(pos_);
  }

  // DynamoDB refuses an operator whose first operand is repeated among the others.
  void distinct(std::string_view op, const std::vector<Operand>& operands) {
    const Operand& first = operands[0];
    if (first.kind != Operand::Kind::kPath) return;
    for (std::size_t i = 1; i < operands.size(); ++i)
      if (operands[i].kind == Operand::Kind::kPath && operands[i].path == first.path)
        fail("The first operand must be distinct from the remaining operands for this operator or function; operator: " +
             std::string(op) + ", first operand: " + first.path.describe());
  }

  Condition function_condition() {
    std::string fn(peek().text);
    check_function_name(fn);
    if (kind_ == ExpressionKind::kKeyCondition && fn != "begins_with")
      fail("Invalid operator used in KeyConditionExpression: " + fn);
    if (fn == "if_not_exists" || fn == "list_append")
      fail("The function is not allowed to be used this way in an expression; function: " + fn);
    ++pos_;
    auto args = call_arguments(false);
    Condition c;
    if (fn == "attribute_exists" || fn == "attribute_not_exists") {
      arity(fn, args, 1);
      require_path(fn, args[0]);
      c.kind = fn == "attribute_exists" ? Condition::Kind::kExists : Condition::Kind::kNotExists;
    } else if (fn == "attribute_type") {
      arity(fn, args, 2);
      require_path(fn, args[0]);
      if (args[1].kind == Operand::Kind::kValue) {
        const AttributeValue& t = args[1].value;
        if (!t.is(Type::S)) wrong_operand_type(fn, t);
        static const std::set<std::string> kTypes = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"};
        if (!kTypes.count(t.as_string()))
          fail("Invalid attribute type name found; type: " + t.as_string() +
               ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
      }
      c.kind = Condition::Kind::kAttributeType;
    } else if (fn == "begins_with") {
      arity(fn, args, 2);
      for (const auto& o : args)
        if (o.kind == Operand::Kind::kValue && !o.value.is(Type::S) && !o.value.is(Type::B))
          wrong_operand_type(fn, o.value);
      c.kind = Condition::Kind::kBeginsWith;
      distinct(fn, args);
    } else if (fn == "contains") {
      arity(fn, args, 2);
      c.kind = Condition::Kind::kContains;
      distinct(fn, args);
    } else {  // size used as a condition on its own
      fail("The function is not allowed to be used this way in an expression; function: " + fn);
    }
    c.operands = std::move(args);
    return c;
  }

  // ---- update expressions ----

  Operand update_operand() {
    const Token& t = peek();
    if (t.kind == K::kValue) return value_operand();
    if (t.kind == K::kIdentifier && peek(1).kind == K::kLParen) {
      std::string fn(t.text);
      check_function_name(fn);
      if (fn != "if_not_exists" && fn != "list_append")
        fail("The function is not allowed in an update expression; function: " + fn);
      ++pos_;
      auto args = call_arguments(true);
      arity(fn, args, 2);
      Operand o;
      if (fn == "if_not_exists") {
        require_path(fn, args[0]);
        o.kind = Operand::Kind::kIfNotExists;
      } else {
        for (const auto& a : args)
          if (a.kind == Operand::Kind::kValue && !a.value.is(Type::L)) wrong_operand_type(fn, a.value);
        o.kind = Operand::Kind::kListAppend;
      }
      o.args = std::move(args);
      return o;
    }
    if (t.kind == K::kName || t.kind == K::kIdentifier) {
      Operand o;
      o.kind = Operand::Kind::kPath;
      o.path = path();
      return o;
    }
    syntax_error(pos_);
  }

  Operand set_value() {
    Operand left = update_operand();
    if (at(K::kPlus) || at(K::kMinus)) {
      bool plus = at(K::kPlus);
      ++pos_;
      Operand o;
      o.kind = plus ? Operand::Kind::kPlus : Operand::Kind::kMinus;
      o.args.push_back(std::move(left));
      o.args.push_back(update_operand());
      for (const auto& a : o.args)
        if (a.kind == Operand::Kind::kValue && !a.value.is(Type::N)) wrong_operand_type(plus ? "+" : "-", a.value);
      return o;
    }
    return left;
  }

  std::string_view text_;
  ExpressionKind kind_;
  ExpressionContext& ctx_;
  std::vector<Token> tokens_;
  std::vector<std::size_t> match_;
  std::size_t pos_ = 0;
};

// Paths that one request touches must neither overlap (one a prefix of the other)
// nor conflict (one indexes a list where the other names a map key).
void check_paths(const std::vector<const Path*>& paths, ExpressionKind kind) {
  auto fail = [&](const char* what, const Path& a, const Path& b) {
    throw validation_error("Invalid " + std::string(expression_label(kind)) + ": Two document paths " + what +
                           " with each other; must remove or rewrite one of these paths; path one: " + a.describe() +
                           ", path two: " + b.describe());
  };
  for (std::size_t i = 0; i < paths.size(); ++i) {
    for (std::size_t j = i + 1; j < paths.size(); ++j) {
      const auto &a = paths[i]->elements, &b = paths[j]->elements;
      std::size_t n = std::min(a.size(), b.size());
      bool diverged = false;
      for (std::size_t k = 0; k < n && !diverged; ++k) {
        if (a[k] == b[k]) continue;
        if (a[k].is_index() != b[k].is_index()) fail("conflict", *paths[i], *paths[j]);
        diverged = true;
      }
      if (!diverged) fail("overlap", *paths[i], *paths[j]);
    }
  }
}

UpdateExpression Parser::update() {
  UpdateExpression u;
  std::set<std::string> seen;
  while (!at(K::kEnd)) {
    if (!at(K::kIdentifier)) syntax_error(pos_);
    std::string clause = to_upper(peek().text);
    UpdateAction::Kind kind;
    if (clause == "SET") kind = UpdateAction::Kind::kSet;
    else if (clause == "REMOVE") kind = UpdateAction::Kind::kRemove;
    else if (clause == "ADD") kind = UpdateAction::Kind::kAdd;
    else if (clause == "DELETE") kind = UpdateAction::Kind::kDelete;
    else syntax_error(pos_);
    if (!seen.insert(clause).second)
      fail("The \"" + clause + "\" section can only be used once in an update expression;");
    ++pos_;
    do {
      if (u.actions.size() && at(K::kComma)) ++pos_;
      UpdateAction a{kind, path(), {}};
      if (kind == UpdateAction::Kind::kSet) {
        expect(K::kEq);
        a.value = set_value();
      } else if (kind != UpdateAction::Kind::kRemove) {
        if (!at(K::kValue)) syntax_error(pos_);
        a.value = value_operand();
        const AttributeValue& v = a.value.value;
        bool ok = kind == UpdateAction::Kind::kAdd ? (v.is(Type::N) || v.is_set()) : v.is_set();
        if (!ok)
          fail("Incorrect operand type for operator or function; operator: " + clause +
               ", operand type: " + std::string(type_name(v.type())));
      }
      u.actions.push_back(std::move(a));
    } while (at(K::kComma));
  }
  std::vector<const Path*> paths;
  for (const auto& a : u.actions) paths.push_back(&a.path);
  check_paths(paths, ExpressionKind::kUpdate);
  return u;
}

ProjectionExpression Parser::projection() {
  ProjectionExpression p;
  p.paths.push_back(path());
  while (at(K::kComma)) {
    ++pos_;
    p.paths.push_back(path());
  }
  expect_end();
  std::vector<const Path*> paths;
  for (const auto& x : p.paths) paths.push_back(&x);
  check_paths(paths, ExpressionKind::kProjection);
  return p;
}

}  // namespace

Condition parse_condition(std::string_view text, ExpressionKind kind, ExpressionContext& ctx) {
  return Parser(text, kind, ctx).condition();
}

UpdateExpression parse_update(std::string_view text, ExpressionContext& ctx) {
  return Parser(text, ExpressionKind::kUpdate, ctx).update();
}

ProjectionExpression parse_projection(std::string_view text, ExpressionContext& ctx) {
  return Parser(text, ExpressionKind::kProjection, ctx).projection();
}

}  // namespace bunker::dynamodb
