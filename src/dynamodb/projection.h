#pragma once
// Projection of an item onto document paths (ProjectionExpression, AttributesToGet,
// UPDATED_OLD/UPDATED_NEW return values). List elements picked by index come back
// as a shorter list in index order, as DynamoDB returns them.
#include <vector>

#include "dynamodb/expression_ast.h"

namespace bunker::dynamodb {

Item project(const Item& item, const std::vector<Path>& paths);

}  // namespace bunker::dynamodb
