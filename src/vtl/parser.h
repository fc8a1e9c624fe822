#pragma once
// Template text → AST, following Velocity 1.7's grammar (the version API Gateway runs),
// including its whitespace rules:
//  - the ')' closing #set/#if/#elseif/#foreach/#macro/#define/#evaluate/#break or a
//    macro call, and the words #else and #end, swallow the spaces/tabs after them up to
//    and including one newline, when nothing else follows on that line;
//  - #set also swallows the spaces/tabs before it, but only when they start a new text
//    run (right after another directive, reference or comment, or at the start);
//  - "## comment" swallows its newline; #* block comments *# do not;
//  - indentation before #if/#foreach/#end… is ordinary text and is rendered.
#include <string_view>

#include "vtl/ast.h"
#include "vtl/limits.h"

namespace bunker::vtl {

// Throws TemplateError(Kind::Parse) naming the line and column.
ast::Block parse_template(std::string_view text, const ParseOptions& options, ast::MacroTable& macros);

}  // namespace bunker::vtl
