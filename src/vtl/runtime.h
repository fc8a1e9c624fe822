#pragma once
// Rendering: walks the AST of one template against one Context.
//
// Evaluation follows Velocity 1.7 with what AWS's recorded answers show about API
// Gateway's setup:
//  - a null or undefined reference renders as "" (stock Velocity prints its source);
//  - `==` treats null like "" when only one side is null ("$x == ''" is true for an
//    undefined $x, "$x == $null" too); otherwise Velocity's rules: numbers by value,
//    same kinds with equals(), different kinds by their toString();
//  - #set with a null right-hand side leaves the target unchanged (Velocity 1.7);
//  - #if: null and false are false, everything else (even "") is true;
//  - integer arithmetic is Java's (truncating division) with Velocity's widening of
//    Integer to Long on overflow; a decimal operand makes it Double arithmetic;
//    division or modulo by zero gives null;
//  - unknown properties and methods give null; a Java method that throws
//    (substring out of range, bad regex…) fails the render with TemplateError.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "vtl/ast.h"
#include "vtl/context.h"
#include "vtl/error.h"
#include "vtl/json_value.h"
#include "vtl/limits.h"

namespace bunker::vtl {

class Runtime {
 public:
  Runtime(Context& ctx, const Limits& limits, std::shared_ptr<const ast::TemplateAst> tpl);

  // Renders the template's root block, appending to out.
  void run(std::string& out);

  Context& context() noexcept { return ctx_; }
  const Limits& limits() const noexcept { return limits_; }

  // Work accounting; throws TemplateError(Kind::Limit) past Limits::max_steps.
  void step(std::uint64_t n = 1);
  void check_string(std::size_t bytes) const;
  void check_collection(std::size_t elements) const;
  PrintBudget print_budget();

  // How a value renders in template output (null → "", others → Java toString()).
  std::string text_of(const Value& v);
  void append_text(std::string& out, const Value& v);
  // Java toString() (null → "null").
  std::string java_string(const Value& v);

  // Fails the render at the position being evaluated.
  [[noreturn]] void fail(std::string message, TemplateError::Kind kind = TemplateError::Kind::Runtime) const;

  // Renders a #define block into a string (used when the block's reference is printed).
  std::string render_define(const ast::Block& body);

 private:
  enum class Flow { Normal, Break, Stop };
  struct Out {
    std::string& s;
    std::size_t base;
    std::size_t cap;
  };

  Flow render_block(const ast::Block& b, Out& out);
  Flow render_stmt(const ast::Stmt& st, Out& out);
  Flow render_foreach(const ast::Stmt& st, Out& out);
  Flow render_macro(const ast::Stmt& st, Out& out);
  Flow render_evaluate(const ast::Stmt& st, Out& out);
  void emit(Out& out, std::string_view text);

  Value eval(const ast::Expr& e);
  Value eval_ref(const ast::Reference& r);
  void assign(const ast::Reference& r, Value v);
  Value eval_binary(const ast::Expr& e);
  std::string render_interpolated(const ast::Block& b);

  // Variables: macro frames (innermost first) shadow the context.
  const Value* lookup(std::string_view name) const;
  void set_var(std::string_view name, Value v);
  void erase_var(std::string_view name);
  const ast::Macro* find_macro(std::string_view name) const;

  struct DepthGuard {
    DepthGuard(Runtime& rt);
    ~DepthGuard() { --rt.depth_; }
    Runtime& rt;
  };

  Context& ctx_;
  const Limits& limits_;
  std::shared_ptr<const ast::TemplateAst> tpl_;
  std::vector<std::shared_ptr<const ast::TemplateAst>> evaluated_;  // #evaluate'd text stays alive
  ast::MacroTable runtime_macros_;
  std::vector<std::unordered_map<std::string, Value>> frames_;
  std::uint64_t steps_ = 0;
  unsigned depth_ = 0;
  ast::Pos pos_;
};

// Velocity's truthiness for #if / && / || / !.
bool truthy(const Value& v);
// Velocity's `==` (see the file comment); `rt` prints values of different kinds.
bool template_equals(const Value& a, const Value& b, Runtime& rt);
// Java's Object.equals.
bool java_equals(const Value& a, const Value& b);

// Java methods and bean properties on values (java_methods.cpp).
std::optional<Value> call_method(Runtime& rt, const Value& target, std::string_view name,
                                 std::span<const Value> args);
Value get_property(Runtime& rt, const Value& target, std::string_view name);
Value get_index(Runtime& rt, const Value& target, const Value& index);
void set_property(Runtime& rt, const Value& target, std::string_view name, Value v);
void set_index(Runtime& rt, const Value& target, const Value& index, Value v);

}  // namespace bunker::vtl
