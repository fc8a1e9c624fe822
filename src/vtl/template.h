#pragma once
// A parsed Velocity template: parse once (and cache), render many times.
//
//   auto tpl = bunker::vtl::Template::parse("Hello $name!");
//   bunker::vtl::Context ctx;
//   ctx.set("name", bunker::vtl::Value::string("world"));
//   std::string out = tpl.render(ctx);           // "Hello world!"
//
// The dialect is Velocity 1.7 as API Gateway runs it (see parser.h for the whitespace
// rules and runtime.h for the evaluation rules, including AWS's differences from stock
// Velocity). Both parse() and render() throw TemplateError and nothing else.
// A Template is immutable and may be rendered from several threads at once, each with
// its own Context.
#include <memory>
#include <string>
#include <string_view>

#include "vtl/context.h"
#include "vtl/error.h"
#include "vtl/limits.h"

namespace bunker::vtl {

namespace ast {
struct TemplateAst;
}

class Template {
 public:
  static Template parse(std::string_view text, const ParseOptions& options = {});

  std::string render(Context& ctx, const Limits& limits = {}) const;
  // Appends to out (which may already hold text; limits count only what is added).
  void render_to(Context& ctx, std::string& out, const Limits& limits = {}) const;

  const std::shared_ptr<const ast::TemplateAst>& ast() const noexcept { return ast_; }

 private:
  explicit Template(std::shared_ptr<const ast::TemplateAst> ast) : ast_(std::move(ast)) {}
  std::shared_ptr<const ast::TemplateAst> ast_;
};

}  // namespace bunker::vtl
