#pragma once
// The parsed form of a template (internal to the engine). Immutable after parsing, so
// one Template can be rendered concurrently with different Contexts.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "vtl/value.h"

namespace bunker::vtl::ast {

struct Pos {
  int line = 0;
  int column = 0;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
struct Block;

struct RefStep {
  enum class Kind : std::uint8_t { Property, Method, Index };
  Kind kind = Kind::Property;
  std::string name;           // Property / Method
  std::vector<ExprPtr> args;  // Method arguments, or the one Index expression
  Pos pos;
};

// $name.prop.method(args)[index]…
struct Reference {
  std::string root;
  std::vector<RefStep> steps;
  bool quiet = false;
  std::string source;  // as written, printed when the reference is escaped (\$foo)
  Pos pos;
};

enum class BinOp : std::uint8_t { Or, And, Eq, Ne, Lt, Le, Gt, Ge, Add, Sub, Mul, Div, Mod };

struct Expr {
  enum class Kind : std::uint8_t { Literal, Interpolated, Ref, List, Map, Range, Not, Binary };
  Kind kind = Kind::Literal;
  BinOp op = BinOp::Add;
  Pos pos;
  Value literal;                        // Literal: boolean, number or uninterpolated string
  std::shared_ptr<const Block> interp;  // Interpolated: a "double-quoted" string with $ or #
  std::unique_ptr<Reference> ref;       // Ref
  // List: elements. Map: key, value, key, value… Range: from, to. Not: operand.
  // Binary: left, right.
  std::vector<ExprPtr> items;
};

struct Stmt {
  enum class Kind : std::uint8_t {
    Text,         // text
    Ref,          // ref, backslashes
    Set,          // ref (target), exprs[0]
    If,           // exprs = conditions, blocks = bodies (+ else body when has_else)
    Foreach,      // name = loop variable, exprs[0] = iterable, blocks[0] = body
    Break,        // exprs: optional scope argument
    Stop,
    MacroCall,    // name, exprs = arguments, text = source (printed when no such macro)
    Define,       // name, blocks[0]
    Evaluate,     // exprs[0]
    Unsupported,  // name (#parse, #include): fails when rendered
  };
  Kind kind = Kind::Text;
  Pos pos;
  std::string text;
  std::string name;
  std::unique_ptr<Reference> ref;
  int backslashes = 0;
  bool has_else = false;
  std::vector<ExprPtr> exprs;
  std::vector<Block> blocks;
};

struct Block {
  std::vector<Stmt> stmts;
};

struct Macro {
  std::string name;
  std::vector<std::string> params;  // without the '$'
  Block body;
  Pos pos;
};

using MacroTable = std::unordered_map<std::string, std::shared_ptr<const Macro>>;

struct TemplateAst {
  Block root;
  MacroTable macros;
};

}  // namespace bunker::vtl::ast
