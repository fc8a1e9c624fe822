#pragma once
// Evaluation of parsed conditions (ConditionExpression, FilterExpression, and the
// legacy Expected/QueryFilter/ScanFilter translated onto the same tree) against an
// item. Evaluation never throws for data reasons: a comparison of mismatched types,
// or of a missing attribute, is simply false, as on DynamoDB.
#include <optional>

#include "dynamodb/expression_ast.h"

namespace bunker::dynamodb {

// The value at a document path, or nullptr when the path does not exist in the item.
const AttributeValue* resolve_path(const Item& item, const Path& path);

// An operand's value: points into the item or the expression, or holds a computed
// value (size()).
struct OperandValue {
  const AttributeValue* ptr = nullptr;
  std::optional<AttributeValue> owned;
  const AttributeValue* get() const { return owned ? &*owned : ptr; }
};

OperandValue evaluate_operand(const Operand& o, const Item& item);

bool evaluate_condition(const Condition& c, const Item& item);

// The length size() reports: characters of UTF-8 bytes for S (bytes, as DynamoDB
// measures strings), bytes for B, members for sets, entries for M and L.
std::optional<long long> value_size(const AttributeValue& v);

}  // namespace bunker::dynamodb
