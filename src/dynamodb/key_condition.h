#pragma once
// Query key conditions: the KeyConditionExpression (parsed with the narrower key
// grammar) or the legacy KeyConditions, checked against the key schema of the table or
// index being queried and reduced to "partition key = v [AND one sort-key condition]".
#include <optional>
#include <string>

#include "dynamodb/expression_ast.h"

namespace bunker::dynamodb {

struct KeySchemaView {
  std::string hash_name;
  Type hash_type = Type::S;
  std::optional<std::string> range_name;
  Type range_type = Type::S;
};

struct KeyCondition {
  struct Range {
    enum class Op { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
    Op op;
    AttributeValue v1, v2;  // v2 only for BETWEEN
  };
  AttributeValue hash;
  std::optional<Range> range;

  // Whether a sort-key value satisfies the range condition (true without one).
  bool range_matches(const AttributeValue& sort_value) const;
};

KeyCondition analyze_key_condition(const Condition& c, const KeySchemaView& schema);

}  // namespace bunker::dynamodb
