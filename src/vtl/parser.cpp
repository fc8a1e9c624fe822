#include "vtl/parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "vtl/error.h"
#include "vtl/java_text.h"

namespace bunker::vtl {

namespace {

using namespace ast;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_start(char c) { return is_alpha(c) || c == '_'; }
// Velocity 1.7 identifiers may contain '-': $foo-bar is one reference.
bool is_ident_char(char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '-'; }
bool is_word_start(char c) { return is_alpha(c) || c == '_' || c == '@'; }
bool is_word_char(char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '@'; }
bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_control_or_builtin(std::string_view name) {
  static constexpr std::string_view kNames[] = {"if",    "else",  "elseif",   "end",   "set",     "stop",
                                                "foreach", "macro", "define", "break", "evaluate", "parse",
                                                "include", "literal"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

class Parser {
 public:
  Parser(std::string_view s, const ParseOptions& opt, MacroTable& macros, Pos base, unsigned depth)
      : s_(s), opt_(opt), macros_(macros), base_(base), depth_(depth) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < s_.size(); ++i) {
      if (s_[i] == '\n') line_starts_.push_back(i + 1);
    }
    if (depth_ > opt_.max_nesting) fail(0, "template nested too deeply");
  }

  Block parse_all() {
    Block b;
    BlockEnd e = parse_block(b, false);
    if (e.kind != End::Eof) fail(e.at, std::string("#") + end_name(e.kind) + " without a matching directive");
    return b;
  }

 private:
  enum class End { Eof, End, Else, ElseIf };
  struct BlockEnd {
    End kind = End::Eof;
    std::size_t at = 0;
    ExprPtr cond;  // ElseIf
  };

  static const char* end_name(End e) {
    switch (e) {
      case End::End: return "end";
      case End::Else: return "else";
      case End::ElseIf: return "elseif";
      default: return "EOF";
    }
  }

  struct DepthGuard {
    DepthGuard(Parser& p, std::size_t at) : p(p) {
      if (++p.nesting_ + p.depth_ > p.opt_.max_nesting) p.fail(at, "template nested too deeply");
    }
    ~DepthGuard() { --p.nesting_; }
    Parser& p;
  };

  Pos pos_at(std::size_t off) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), off);
    int line = static_cast<int>(it - line_starts_.begin());
    int col = static_cast<int>(off - line_starts_[static_cast<std::size_t>(line - 1)]) + 1;
    if (base_.line > 0) {
      if (line == 1) col += base_.column;
      line += base_.line - 1;
    }
    return Pos{line, col};
  }

  [[noreturn]] void fail(std::size_t off, std::string msg) const {
    Pos p = pos_at(std::min(off, s_.size()));
    throw TemplateError(TemplateError::Kind::Parse, "Parse error: " + msg, p.line, p.column);
  }

  // ---- text runs ----

  void flush_text(Block& b) {
    if (!pending_.empty()) {
      Stmt t;
      t.kind = Stmt::Kind::Text;
      t.text = std::move(pending_);
      b.stmts.push_back(std::move(t));
      pending_.clear();
    }
    run_start_ = 0;
  }
  void boundary() { run_start_ = pending_.size(); }

  std::size_t skip_ws(std::size_t p) const {
    while (p < s_.size() && is_ws(s_[p])) ++p;
    return p;
  }

  // Spaces/tabs then one newline after a directive are swallowed.
  std::size_t eat_line_end(std::size_t k) const {
    std::size_t j = k;
    while (j < s_.size() && (s_[j] == ' ' || s_[j] == '\t')) ++j;
    if (j < s_.size() && s_[j] == '\n') return j + 1;
    if (j < s_.size() && s_[j] == '\r') return (j + 1 < s_.size() && s_[j + 1] == '\n') ? j + 2 : j + 1;
    return k;
  }

  bool word_at(std::size_t p, std::string_view w) const {
    return s_.compare(p, w.size(), w) == 0 && (p + w.size() >= s_.size() || !is_ident_char(s_[p + w.size()]));
  }

  struct Word {
    std::string name;
    std::size_t end = 0;
  };
  // A directive name after '#': word or {word}.
  std::optional<Word> read_word(std::size_t k) const {
    if (k < s_.size() && s_[k] == '{') {
      std::size_t j = k + 1;
      if (j >= s_.size() || !(is_alpha(s_[j]) || s_[j] == '_')) return std::nullopt;
      while (j < s_.size() && is_word_char(s_[j])) ++j;
      if (j >= s_.size() || s_[j] != '}') return std::nullopt;
      return Word{std::string(s_.substr(k + 1, j - k - 1)), j + 1};
    }
    if (k >= s_.size() || !is_word_start(s_[k])) return std::nullopt;
    std::size_t j = k;
    while (j < s_.size() && is_word_char(s_[j])) ++j;
    return Word{std::string(s_.substr(k, j - k)), j};
  }

  // ---- block structure ----

  BlockEnd parse_block(Block& b, bool allow_else) {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\\') {
        handle_backslashes(b);
      } else if (c == '$') {
        if (auto r = parse_reference_lenient(i_)) {
          flush_text(b);
          Stmt st;
          st.kind = Stmt::Kind::Ref;
          st.pos = r->first->pos;
          st.ref = std::move(r->first);
          b.stmts.push_back(std::move(st));
          i_ = r->second;
        } else {
          pending_ += '$';
          ++i_;
        }
        boundary();
      } else if (c == '#') {
        if (auto e = handle_hash(b, allow_else)) {
          flush_text(b);
          return std::move(*e);
        }
      } else {
        std::size_t j = i_;
        while (j < s_.size() && s_[j] != '\\' && s_[j] != '$' && s_[j] != '#') ++j;
        pending_.append(s_.substr(i_, j - i_));
        i_ = j;
      }
    }
    flush_text(b);
    return BlockEnd{End::Eof, s_.size(), nullptr};
  }

  BlockEnd parse_nested(Block& b, bool allow_else, std::size_t at) {
    DepthGuard g(*this, at);
    return parse_block(b, allow_else);
  }

  void handle_backslashes(Block& b) {
    std::size_t k = 0;
    while (i_ + k < s_.size() && s_[i_ + k] == '\\') ++k;
    std::size_t j = i_ + k;
    if (j < s_.size() && s_[j] == '$') {
      if (auto r = parse_reference_lenient(j)) {
        flush_text(b);
        Stmt st;
        st.kind = Stmt::Kind::Ref;
        st.pos = r->first->pos;
        st.ref = std::move(r->first);
        st.backslashes = static_cast<int>(k);
        b.stmts.push_back(std::move(st));
        i_ = r->second;
        boundary();
        return;
      }
    } else if (j < s_.size() && s_[j] == '#') {
      if (auto w = read_word(j + 1); w && (is_control_or_builtin(w->name) || macros_.count(w->name))) {
        pending_.append(k / 2, '\\');
        if (k % 2 == 1) {
          // Escaped directive: its name prints literally, what follows is plain text.
          pending_.append(s_.substr(j, w->end - j));
          i_ = w->end;
        } else {
          i_ = j;
        }
        boundary();
        return;
      }
    }
    pending_.append(k, '\\');
    i_ = j;
    boundary();
  }

  // Returns a BlockEnd when the '#' closes the current block.
  std::optional<BlockEnd> handle_hash(Block& b, bool allow_else) {
    std::size_t h = i_;
    if (s_.compare(h, 2, "##") == 0) {
      std::size_t j = h + 2;
      while (j < s_.size() && s_[j] != '\n' && s_[j] != '\r') ++j;
      if (j < s_.size()) j = (s_[j] == '\r' && j + 1 < s_.size() && s_[j + 1] == '\n') ? j + 2 : j + 1;
      i_ = j;
      boundary();
      return std::nullopt;
    }
    if (s_.compare(h, 2, "#*") == 0) {
      std::size_t e = s_.find("*#", h + 2);
      if (e == std::string_view::npos) fail(h, "unterminated #* comment *#");
      i_ = e + 2;
      boundary();
      return std::nullopt;
    }
    if (s_.compare(h, 3, "#[[") == 0) {
      std::size_t e = s_.find("]]#", h + 3);
      if (e == std::string_view::npos) fail(h, "unterminated #[[ text block ]]#");
      pending_.append(s_.substr(h + 3, e - h - 3));
      i_ = e + 3;
      boundary();
      return std::nullopt;
    }
    auto w = read_word(h + 1);
    if (!w) {
      literal_hash();
      return std::nullopt;
    }
    const std::string& name = w->name;
    std::size_t after = w->end;
    if (name == "set") {
      std::size_t p = skip_ws(after);
      if (p < s_.size() && s_[p] == '(') {
        parse_set(b, h, p);
      } else {
        literal_hash();
      }
      return std::nullopt;
    }
    if (name == "if") {
      parse_if(b, h, after);
      return std::nullopt;
    }
    if (name == "else" || name == "end" || name == "elseif") {
      End kind = name == "end" ? End::End : name == "else" ? End::Else : End::ElseIf;
      if (kind != End::End && !allow_else) fail(h, "#" + name + " without a matching #if");
      BlockEnd e{kind, h, nullptr};
      if (kind == End::ElseIf) {
        std::size_t p = expect_open(after, h, "#elseif");
        std::size_t end = 0;
        e.cond = parse_paren_expr(p, end);
        i_ = eat_line_end(end);
      } else {
        i_ = eat_line_end(after);
      }
      return e;
    }
    if (name == "foreach") {
      parse_foreach(b, h, after);
      return std::nullopt;
    }
    if (name == "macro") {
      parse_macro(b, h, after);
      return std::nullopt;
    }
    if (name == "define") {
      parse_define(b, h, after);
      return std::nullopt;
    }
    if (name == "stop") {
      flush_text(b);
      Stmt st;
      st.kind = Stmt::Kind::Stop;
      st.pos = pos_at(h);
      b.stmts.push_back(std::move(st));
      i_ = after;
      boundary();
      return std::nullopt;
    }
    if (name == "break") {
      flush_text(b);
      Stmt st;
      st.kind = Stmt::Kind::Break;
      st.pos = pos_at(h);
      std::size_t p = skip_ws(after);
      if (p < s_.size() && s_[p] == '(') {
        std::size_t q = skip_ws(p + 1);
        if (q < s_.size() && s_[q] != ')') st.exprs.push_back(parse_expr(q));
        q = skip_ws(q);
        if (q >= s_.size() || s_[q] != ')') fail(q, "expected ')' closing #break");
        after = eat_line_end(q + 1);
      }
      b.stmts.push_back(std::move(st));
      i_ = after;
      boundary();
      return std::nullopt;
    }
    if (name == "evaluate" || name == "parse" || name == "include") {
      flush_text(b);
      std::size_t p = expect_open(after, h, "#" + name);
      Stmt st;
      st.kind = name == "evaluate" ? Stmt::Kind::Evaluate : Stmt::Kind::Unsupported;
      st.name = name;
      st.pos = pos_at(h);
      std::size_t q = skip_ws(p + 1);
      while (q < s_.size() && s_[q] != ')') {
        st.exprs.push_back(parse_primary(q));
        q = skip_ws(q);
        if (q < s_.size() && s_[q] == ',') q = skip_ws(q + 1);
      }
      if (q >= s_.size()) fail(p, "expected ')' closing #" + name);
      if (st.kind == Stmt::Kind::Evaluate && st.exprs.size() != 1) fail(h, "#evaluate takes one argument");
      b.stmts.push_back(std::move(st));
      i_ = eat_line_end(q + 1);
      boundary();
      return std::nullopt;
    }
    if (name == "literal") fail(h, "#literal is not supported");
    // Anything else followed by '(' is a macro call; otherwise it is text.
    std::size_t p = after;
    while (p < s_.size() && is_ws(s_[p])) ++p;
    if (p < s_.size() && s_[p] == '(') {
      if (try_macro_call(b, h, name, p)) return std::nullopt;
    }
    literal_hash();
    return std::nullopt;
  }

  void literal_hash() {
    pending_ += '#';
    ++i_;
    boundary();
  }

  std::size_t expect_open(std::size_t after, std::size_t h, const std::string& what) const {
    std::size_t p = skip_ws(after);
    if (p >= s_.size() || s_[p] != '(') fail(h, "expected '(' after " + what);
    return p;
  }

  // '(' expr ')' starting at the '('; end is set past the ')'.
  ExprPtr parse_paren_expr(std::size_t open, std::size_t& end) {
    std::size_t q = open + 1;
    ExprPtr e = parse_expr(q);
    q = skip_ws(q);
    if (q >= s_.size() || s_[q] != ')') fail(q, "expected ')'");
    end = q + 1;
    return e;
  }

  void parse_set(Block& b, std::size_t h, std::size_t open) {
    // #set swallows the indentation before it when that indentation starts a text run.
    bool only_blanks = std::all_of(pending_.begin() + static_cast<std::ptrdiff_t>(run_start_), pending_.end(),
                                   [](char c) { return c == ' ' || c == '\t'; });
    if (only_blanks) pending_.resize(run_start_);
    flush_text(b);
    Stmt st;
    st.kind = Stmt::Kind::Set;
    st.pos = pos_at(h);
    std::size_t q = skip_ws(open + 1);
    if (q >= s_.size() || s_[q] != '$') fail(q, "expected a reference after #set(");
    auto r = parse_reference_strict(q);
    if (!r) fail(q, "expected a reference after #set(");
    if (!r->first->steps.empty() && r->first->steps.back().kind == RefStep::Kind::Method) {
      fail(q, "cannot assign to a method call");
    }
    st.ref = std::move(r->first);
    q = skip_ws(r->second);
    if (q >= s_.size() || s_[q] != '=' || (q + 1 < s_.size() && s_[q + 1] == '=')) fail(q, "expected '=' in #set");
    ++q;
    st.exprs.push_back(parse_expr(q));
    q = skip_ws(q);
    if (q >= s_.size() || s_[q] != ')') fail(q, "expected ')' closing #set");
    b.stmts.push_back(std::move(st));
    i_ = eat_line_end(q + 1);
    boundary();
  }

  void parse_if(Block& b, std::size_t h, std::size_t after) {
    flush_text(b);
    Stmt st;
    st.kind = Stmt::Kind::If;
    st.pos = pos_at(h);
    std::size_t p = expect_open(after, h, "#if");
    std::size_t end = 0;
    st.exprs.push_back(parse_paren_expr(p, end));
    i_ = eat_line_end(end);
    for (;;) {
      Block body;
      BlockEnd e = parse_nested(body, true, h);
      st.blocks.push_back(std::move(body));
      if (e.kind == End::Eof) fail(h, "#if without a matching #end");
      if (e.kind == End::ElseIf) {
        st.exprs.push_back(std::move(e.cond));
        continue;
      }
      if (e.kind == End::Else) {
        Block else_body;
        BlockEnd e2 = parse_nested(else_body, false, h);
        if (e2.kind != End::End) fail(h, "#else without a matching #end");
        st.blocks.push_back(std::move(else_body));
        st.has_else = true;
      }
      break;
    }
    b.stmts.push_back(std::move(st));
    boundary();
  }

  void parse_foreach(Block& b, std::size_t h, std::size_t after) {
    flush_text(b);
    Stmt st;
    st.kind = Stmt::Kind::Foreach;
    st.pos = pos_at(h);
    std::size_t p = expect_open(after, h, "#foreach");
    std::size_t q = skip_ws(p + 1);
    auto var = parse_reference_strict(q);
    if (!var || !var->first->steps.empty()) fail(q, "expected a loop variable in #foreach");
    st.name = var->first->root;
    q = skip_ws(var->second);
    if (!word_at(q, "in")) fail(q, "expected 'in' in #foreach");
    q += 2;
    st.exprs.push_back(parse_expr(q));
    q = skip_ws(q);
    if (q >= s_.size() || s_[q] != ')') fail(q, "expected ')' closing #foreach");
    i_ = eat_line_end(q + 1);
    Block body;
    BlockEnd e = parse_nested(body, false, h);
    if (e.kind != End::End) fail(h, "#foreach without a matching #end");
    st.blocks.push_back(std::move(body));
    b.stmts.push_back(std::move(st));
    boundary();
  }

  void parse_macro(Block& b, std::size_t h, std::size_t after) {
    flush_text(b);
    std::size_t p = expect_open(after, h, "#macro");
    std::size_t q = skip_ws(p + 1);
    auto w = read_word(q);
    if (!w) fail(q, "a macro declaration requires a name");
    auto macro = std::make_shared<Macro>();
    macro->name = w->name;
    macro->pos = pos_at(h);
    q = w->end;
    for (;;) {
      q = skip_ws(q);
      if (q < s_.size() && s_[q] == ',') {
        ++q;
        continue;
      }
      if (q < s_.size() && s_[q] == ')') break;
      auto r = parse_reference_strict(q);
      if (!r || !r->first->steps.empty()) fail(q, "macro parameters must be plain references");
      macro->params.push_back(r->first->root);
      q = r->second;
    }
    i_ = eat_line_end(q + 1);
    // Registered before the body is parsed so the body can call itself.
    macros_[macro->name] = macro;
    BlockEnd e = parse_nested(macro->body, false, h);
    if (e.kind != End::End) fail(h, "#macro without a matching #end");
    boundary();
  }

  void parse_define(Block& b, std::size_t h, std::size_t after) {
    flush_text(b);
    Stmt st;
    st.kind = Stmt::Kind::Define;
    st.pos = pos_at(h);
    std::size_t p = expect_open(after, h, "#define");
    std::size_t q = skip_ws(p + 1);
    auto r = parse_reference_strict(q);
    if (!r || !r->first->steps.empty()) fail(q, "#define needs a plain reference");
    st.name = r->first->root;
    q = skip_ws(r->second);
    if (q >= s_.size() || s_[q] != ')') fail(q, "expected ')' closing #define");
    i_ = eat_line_end(q + 1);
    Block body;
    BlockEnd e = parse_nested(body, false, h);
    if (e.kind != End::End) fail(h, "#define without a matching #end");
    st.blocks.push_back(std::move(body));
    b.stmts.push_back(std::move(st));
    boundary();
  }

  bool try_macro_call(Block& b, std::size_t h, const std::string& name, std::size_t open) {
    Stmt st;
    st.kind = Stmt::Kind::MacroCall;
    st.name = name;
    st.pos = pos_at(h);
    std::size_t q = skip_ws(open + 1);
    try {
      for (;;) {
        q = skip_ws(q);
        if (q < s_.size() && s_[q] == ',') {
          ++q;
          continue;
        }
        if (q >= s_.size()) return false;
        if (s_[q] == ')') break;
        st.exprs.push_back(parse_primary(q));
      }
    } catch (const TemplateError&) {
      return false;  // not a call after all: the text is printed as is
    }
    std::size_t end = eat_line_end(q + 1);
    st.text = std::string(s_.substr(h, end - h));
    flush_text(b);
    b.stmts.push_back(std::move(st));
    i_ = end;
    boundary();
    return true;
  }

  // ---- references ----

  using RefResult = std::optional<std::pair<std::unique_ptr<Reference>, std::size_t>>;

  // In text: a '$' that does not start a well-formed reference is just a character.
  RefResult parse_reference_lenient(std::size_t at) { return parse_reference(at, false); }
  // In directives: malformed references are errors.
  RefResult parse_reference_strict(std::size_t at) { return parse_reference(at, true); }

  RefResult parse_reference(std::size_t at, bool strict) {
    std::size_t j = at + 1;
    auto ref = std::make_unique<Reference>();
    ref->pos = pos_at(at);
    if (j < s_.size() && s_[j] == '!') {
      ref->quiet = true;
      ++j;
    }
    bool braced = j < s_.size() && s_[j] == '{';
    if (braced) ++j;
    if (j >= s_.size() || !is_ident_start(s_[j])) return std::nullopt;
    std::size_t start = j;
    while (j < s_.size() && is_ident_char(s_[j])) ++j;
    ref->root = std::string(s_.substr(start, j - start));
    for (;;) {
      if (j < s_.size() && s_[j] == '[') {
        std::size_t q = skip_ws(j + 1);
        RefStep step;
        step.kind = RefStep::Kind::Index;
        step.pos = pos_at(j);
        try {
          step.args.push_back(parse_expr(q));
        } catch (const TemplateError&) {
          if (strict) throw;
          break;
        }
        q = skip_ws(q);
        if (q >= s_.size() || s_[q] != ']') {
          if (strict) fail(q, "expected ']'");
          break;
        }
        ref->steps.push_back(std::move(step));
        j = q + 1;
        continue;
      }
      if (j + 1 < s_.size() && s_[j] == '.' && is_alpha(s_[j + 1])) {
        std::size_t k = j + 1;
        while (k < s_.size() && is_ident_char(s_[k])) ++k;
        RefStep step;
        step.name = std::string(s_.substr(j + 1, k - j - 1));
        step.pos = pos_at(j + 1);
        if (k < s_.size() && s_[k] == '(') {
          step.kind = RefStep::Kind::Method;
          std::size_t q = skip_ws(k + 1);
          if (q < s_.size() && s_[q] == ')') {
            j = q + 1;
          } else {
            for (;;) {
              step.args.push_back(parse_expr(q));
              q = skip_ws(q);
              if (q < s_.size() && s_[q] == ',') {
                ++q;
                continue;
              }
              if (q < s_.size() && s_[q] == ')') break;
              fail(q, "expected ',' or ')' in the arguments of " + step.name + "()");
            }
            j = q + 1;
          }
        } else {
          step.kind = RefStep::Kind::Property;
          j = k;
        }
        ref->steps.push_back(std::move(step));
        continue;
      }
      break;
    }
    if (braced) {
      if (j >= s_.size() || s_[j] != '}') {
        if (strict) fail(j, "expected '}' closing ${");
        return std::nullopt;
      }
      ++j;
    }
    ref->source = std::string(s_.substr(at, j - at));
    return std::make_pair(std::move(ref), j);
  }

  // ---- expressions ----

  ExprPtr make(Expr::Kind k, std::size_t at) {
    auto e = std::make_unique<Expr>();
    e->kind = k;
    e->pos = pos_at(at);
    return e;
  }

  ExprPtr binary(BinOp op, ExprPtr l, ExprPtr r, std::size_t at) {
    auto e = make(Expr::Kind::Binary, at);
    e->op = op;
    e->items.push_back(std::move(l));
    e->items.push_back(std::move(r));
    return e;
  }

  // Reads an operator (symbolic or word) at p; returns its length or 0.
  std::size_t match_op(std::size_t p, std::string_view sym, std::string_view word) const {
    if (!sym.empty() && s_.compare(p, sym.size(), sym) == 0) return sym.size();
    if (!word.empty() && word_at(p, word)) return word.size();
    return 0;
  }

  ExprPtr parse_expr(std::size_t& p) {
    DepthGuard g(*this, p);
    return parse_or(p);
  }

  ExprPtr parse_or(std::size_t& p) {
    ExprPtr l = parse_and(p);
    for (;;) {
      std::size_t q = skip_ws(p);
      std::size_t n = match_op(q, "||", "or");
      if (!n) return l;
      q += n;
      ExprPtr r = parse_and(q);
      l = binary(BinOp::Or, std::move(l), std::move(r), p);
      p = q;
    }
  }

  ExprPtr parse_and(std::size_t& p) {
    ExprPtr l = parse_equality(p);
    for (;;) {
      std::size_t q = skip_ws(p);
      std::size_t n = match_op(q, "&&", "and");
      if (!n) return l;
      q += n;
      ExprPtr r = parse_equality(q);
      l = binary(BinOp::And, std::move(l), std::move(r), p);
      p = q;
    }
  }

  ExprPtr parse_equality(std::size_t& p) {
    ExprPtr l = parse_relational(p);
    for (;;) {
      std::size_t q = skip_ws(p);
      BinOp op;
      std::size_t n;
      if ((n = match_op(q, "==", "eq"))) {
        op = BinOp::Eq;
      } else if ((n = match_op(q, "!=", "ne"))) {
        op = BinOp::Ne;
      } else {
        return l;
      }
      q += n;
      ExprPtr r = parse_relational(q);
      l = binary(op, std::move(l), std::move(r), p);
      p = q;
    }
  }

  ExprPtr parse_relational(std::size_t& p) {
    ExprPtr l = parse_additive(p);
    for (;;) {
      std::size_t q = skip_ws(p);
      BinOp op;
      std::size_t n;
      if ((n = match_op(q, "<=", "le"))) {
        op = BinOp::Le;
      } else if ((n = match_op(q, ">=", "ge"))) {
        op = BinOp::Ge;
      } else if ((n = match_op(q, "<", "lt"))) {
        op = BinOp::Lt;
      } else if ((n = match_op(q, ">", "gt"))) {
        op = BinOp::Gt;
      } else {
        return l;
      }
      q += n;
      ExprPtr r = parse_additive(q);
      l = binary(op, std::move(l), std::move(r), p);
      p = q;
    }
  }

  ExprPtr parse_additive(std::size_t& p) {
    ExprPtr l = parse_multiplicative(p);
    for (;;) {
      std::size_t q = skip_ws(p);
      if (q >= s_.size() || (s_[q] != '+' && s_[q] != '-')) return l;
      BinOp op = s_[q] == '+' ? BinOp::Add : BinOp::Sub;
      ++q;
      ExprPtr r = parse_multiplicative(q);
      l = binary(op, std::move(l), std::move(r), p);
      p = q;
    }
  }

  ExprPtr parse_multiplicative(std::size_t& p) {
    ExprPtr l = parse_unary(p);
    for (;;) {
      std::size_t q = skip_ws(p);
      if (q >= s_.size() || (s_[q] != '*' && s_[q] != '/' && s_[q] != '%')) return l;
      BinOp op = s_[q] == '*' ? BinOp::Mul : s_[q] == '/' ? BinOp::Div : BinOp::Mod;
      ++q;
      ExprPtr r = parse_unary(q);
      l = binary(op, std::move(l), std::move(r), p);
      p = q;
    }
  }

  ExprPtr parse_unary(std::size_t& p) {
    DepthGuard g(*this, p);
    std::size_t q = skip_ws(p);
    std::size_t n = 0;
    if (q < s_.size() && s_[q] == '!' && !(q + 1 < s_.size() && s_[q + 1] == '=')) {
      n = 1;
    } else if (word_at(q, "not")) {
      n = 3;
    }
    if (n) {
      auto e = make(Expr::Kind::Not, q);
      q += n;
      e->items.push_back(parse_unary(q));
      p = q;
      return e;
    }
    p = q;
    return parse_primary(p);
  }

  ExprPtr parse_number(std::size_t& p) {
    std::size_t start = p;
    std::size_t k = p;
    if (s_[k] == '-') ++k;
    while (k < s_.size() && is_digit(s_[k])) ++k;
    bool is_float = false;
    if (k < s_.size() && s_[k] == '.' && !(k + 1 < s_.size() && s_[k + 1] == '.')) {
      is_float = true;
      ++k;
      while (k < s_.size() && is_digit(s_[k])) ++k;
    }
    if (k < s_.size() && (s_[k] == 'e' || s_[k] == 'E')) {
      std::size_t e = k + 1;
      if (e < s_.size() && (s_[e] == '+' || s_[e] == '-')) ++e;
      if (e < s_.size() && is_digit(s_[e])) {
        is_float = true;
        k = e;
        while (k < s_.size() && is_digit(s_[k])) ++k;
      }
    }
    auto e = make(Expr::Kind::Literal, start);
    std::string_view text = s_.substr(start, k - start);
    if (!is_float) {
      std::int64_t v = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      if (r.ec == std::errc() && r.ptr == text.data() + text.size()) {
        e->literal = Value::integral(v);
        p = k;
        return e;
      }
    }
    double d = 0;
    auto r = std::from_chars(text.data(), text.data() + text.size(), d);
    if (r.ec == std::errc::result_out_of_range) {
      d = text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    } else if (r.ec != std::errc()) {
      fail(start, "malformed number");
    }
    e->literal = Value::number(d);
    p = k;
    return e;
  }

  ExprPtr parse_string(std::size_t& p) {
    std::size_t start = p;
    char q = s_[p];
    std::size_t j = p + 1;
    std::string content;
    for (;;) {
      if (j >= s_.size()) fail(start, "unterminated string literal");
      char c = s_[j];
      if (c == q) {
        if (j + 1 < s_.size() && s_[j + 1] == q) {  // doubled quote stands for one
          content += q;
          j += 2;
          continue;
        }
        break;
      }
      if (c == '\\' && q == '"' && j + 1 < s_.size()) {
        char n = s_[j + 1];
        if (n == 'u' && j + 5 < s_.size()) {
          unsigned v = 0;
          auto r = std::from_chars(s_.data() + j + 2, s_.data() + j + 6, v, 16);
          if (r.ec == std::errc() && r.ptr == s_.data() + j + 6) {
            append_utf8(content, (v >= 0xD800 && v <= 0xDFFF) ? 0xFFFD : v);
            j += 6;
            continue;
          }
        }
        // Other escapes stay as written (Velocity keeps the backslash).
        content += c;
        content += n;
        j += 2;
        continue;
      }
      content += c;
      ++j;
    }
    p = j + 1;
    bool interpolate = q == '"' && (content.find('$') != std::string::npos || content.find('#') != std::string::npos);
    if (!interpolate) {
      auto e = make(Expr::Kind::Literal, start);
      e->literal = Value::string(std::move(content));
      return e;
    }
    auto e = make(Expr::Kind::Interpolated, start);
    Pos base = pos_at(start + 1);
    Parser sub(content, opt_, macros_, Pos{base.line, base.column - 1}, depth_ + nesting_ + 1);
    e->interp = std::make_shared<const Block>(sub.parse_all());
    return e;
  }

  ExprPtr parse_primary(std::size_t& p) {
    DepthGuard g(*this, p);
    std::size_t q = skip_ws(p);
    if (q >= s_.size()) fail(q, "unexpected end of template in an expression");
    char c = s_[q];
    ExprPtr e;
    if (c == '"' || c == '\'') {
      e = parse_string(q);
    } else if (c == '$') {
      auto r = parse_reference_strict(q);
      if (!r) fail(q, "malformed reference");
      e = make(Expr::Kind::Ref, q);
      e->ref = std::move(r->first);
      q = r->second;
    } else if (c == '[') {
      e = parse_bracket(q);
    } else if (c == '{') {
      e = parse_map(q);
    } else if (c == '(') {
      std::size_t end = 0;
      e = parse_paren_expr(q, end);
      q = end;
    } else if (word_at(q, "true") || word_at(q, "false")) {
      bool v = s_[q] == 't';
      e = make(Expr::Kind::Literal, q);
      e->literal = Value::boolean(v);
      q += v ? 4 : 5;
    } else if (is_digit(c) || (c == '-' && q + 1 < s_.size() && is_digit(s_[q + 1]))) {
      e = parse_number(q);
    } else {
      fail(q, std::string("unexpected '") + c + "' in an expression");
    }
    p = q;
    return e;
  }

  ExprPtr parse_bracket(std::size_t& p) {
    std::size_t open = p;
    // [a..b] range first: its ends are references or integers.
    std::size_t q = skip_ws(p + 1);
    if (q < s_.size() && (s_[q] == '$' || is_digit(s_[q]) || (s_[q] == '-' && q + 1 < s_.size() && is_digit(s_[q + 1])))) {
      std::size_t save = q;
      ExprPtr from = s_[q] == '$' ? parse_primary(q) : parse_number(q);
      std::size_t r = skip_ws(q);
      if (s_.compare(r, 2, "..") == 0) {
        r = skip_ws(r + 2);
        ExprPtr to = parse_primary(r);
        r = skip_ws(r);
        if (r >= s_.size() || s_[r] != ']') fail(r, "expected ']' closing the range");
        auto e = make(Expr::Kind::Range, open);
        e->items.push_back(std::move(from));
        e->items.push_back(std::move(to));
        p = r + 1;
        return e;
      }
      q = save;
    }
    auto e = make(Expr::Kind::List, open);
    q = skip_ws(p + 1);
    if (q < s_.size() && s_[q] == ']') {
      p = q + 1;
      return e;
    }
    for (;;) {
      e->items.push_back(parse_expr(q));
      q = skip_ws(q);
      if (q < s_.size() && s_[q] == ',') {
        ++q;
        continue;
      }
      if (q < s_.size() && s_[q] == ']') break;
      fail(q, "expected ',' or ']' in a list");
    }
    p = q + 1;
    return e;
  }

  ExprPtr parse_map(std::size_t& p) {
    auto e = make(Expr::Kind::Map, p);
    std::size_t q = skip_ws(p + 1);
    if (q < s_.size() && s_[q] == '}') {
      p = q + 1;
      return e;
    }
    for (;;) {
      e->items.push_back(parse_expr(q));
      q = skip_ws(q);
      if (q >= s_.size() || s_[q] != ':') fail(q, "expected ':' in a map");
      ++q;
      e->items.push_back(parse_expr(q));
      q = skip_ws(q);
      if (q < s_.size() && s_[q] == ',') {
        ++q;
        continue;
      }
      if (q < s_.size() && s_[q] == '}') break;
      fail(q, "expected ',' or '}' in a map");
    }
    p = q + 1;
    return e;
  }

  std::string_view s_;
  const ParseOptions& opt_;
  MacroTable& macros_;
  Pos base_;
  unsigned depth_;
  unsigned nesting_ = 0;
  std::vector<std::size_t> line_starts_;
  std::size_t i_ = 0;
  std::string pending_;
  std::size_t run_start_ = 0;
};

}  // namespace

ast::Block parse_template(std::string_view text, const ParseOptions& options, ast::MacroTable& macros) {
  if (text.size() > options.max_template_bytes) {
    throw TemplateError(TemplateError::Kind::Limit, "template exceeds " +
                                                        std::to_string(options.max_template_bytes) + " bytes");
  }
  Parser p(text, options, macros, ast::Pos{}, 0);
  return p.parse_all();
}

}  // namespace bunker::vtl
