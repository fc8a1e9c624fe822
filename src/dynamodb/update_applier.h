#pragma once
// Applies a parsed UpdateExpression to an item in place, with DynamoDB's semantics:
// every SET right-hand side is computed from the item as it was before the update;
// REMOVE of list elements uses the original indexes; ADD creates or adds to numbers
// and sets; DELETE removes set members (and the attribute when the set empties).
// Throws AwsError ValidationException with DynamoDB's runtime messages ("An operand in
// the update expression has an incorrect data type", "The document path provided in
// the update expression is invalid for update", …).
#include <vector>

#include "dynamodb/expression_ast.h"

namespace bunker::dynamodb {

void apply_update(const UpdateExpression& update, Item& item);

// The document paths an update writes (for UPDATED_OLD / UPDATED_NEW).
std::vector<Path> updated_paths(const UpdateExpression& update);

}  // namespace bunker::dynamodb
