#pragma once
// The parsed form of DynamoDB expressions. Placeholders are already resolved: a Path
// holds real attribute names, a value operand holds the AttributeValue itself, so the
// evaluator never sees ExpressionAttributeNames/Values.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dynamodb/attribute_value.h"

namespace bunker::dynamodb {

// One step of a document path: a map key (name) or a list index.
struct PathElement {
  std::string name;
  long long index = -1;  // >= 0 for a list index
  bool is_index() const { return index >= 0; }
  bool operator==(const PathElement&) const = default;
};

struct Path {
  std::vector<PathElement> elements;
  const std::string& top() const { return elements.front().name; }
  bool operator==(const Path&) const = default;
  // DynamoDB's rendering in messages: "[a, b, [0]]".
  std::string describe() const;
};

// An operand of a comparison, function or SET value.
struct Operand {
  enum class Kind { kPath, kValue, kSize, kIfNotExists, kListAppend, kPlus, kMinus };
  Kind kind = Kind::kPath;
  Path path;                    // kPath, kSize
  AttributeValue value;         // kValue
  std::string value_name;       // the ":placeholder" a kValue came from
  std::vector<Operand> args;    // kIfNotExists, kListAppend, kPlus, kMinus
};

struct Condition {
  enum class Kind {
    kCompare,        // operands[0] op operands[1]
    kBetween,        // operands[0] BETWEEN operands[1] AND operands[2]
    kIn,             // operands[0] IN (operands[1..])
    kAnd, kOr, kNot, // children
    kExists, kNotExists, kAttributeType, kBeginsWith, kContains,
  };
  enum class Op { kEq, kNe, kLt, kLe, kGt, kGe };
  Kind kind = Kind::kCompare;
  Op op = Op::kEq;
  std::vector<Operand> operands;
  std::vector<Condition> children;
};

std::string_view op_text(Condition::Op op);

struct UpdateAction {
  enum class Kind { kSet, kRemove, kAdd, kDelete };
  Kind kind;
  Path path;
  Operand value;  // SET right-hand side; ADD/DELETE value; unused for REMOVE
};

struct UpdateExpression {
  std::vector<UpdateAction> actions;  // in the order written, clause by clause
};

struct ProjectionExpression {
  std::vector<Path> paths;
};

}  // namespace bunker::dynamodb
