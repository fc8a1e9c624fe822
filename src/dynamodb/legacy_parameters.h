#pragma once
// The pre-expression request parameters that older code still sends — AttributesToGet,
// Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter and
// ConditionalOperator — translated onto the same trees the expression parsers build,
// so one evaluator serves both. Also the rule that a request may not mix the two
// styles.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "dynamodb/expression_ast.h"
#include "dynamodb/key_condition.h"

namespace bunker::dynamodb {

// Throws DynamoDB's "Can not use both expression and non-expression parameters in the
// same request: …" when the request has members of both kinds, and "ExpressionAttribute
// {Names,Values} can only be specified when using expressions" when it has
// placeholders but no expression.
void check_parameter_styles(const nlohmann::json& request);

// AttributesToGet -> top-level paths.
std::vector<Path> attributes_to_get(const nlohmann::json& list);

// Expected (with ConditionalOperator) -> a condition; nullopt for an empty map.
std::optional<Condition> expected_condition(const nlohmann::json& expected, const nlohmann::json* conditional_operator);

// QueryFilter / ScanFilter (with ConditionalOperator) -> a condition.
std::optional<Condition> filter_condition(const nlohmann::json& filter, const nlohmann::json* conditional_operator);

// AttributeUpdates -> an update expression.
UpdateExpression attribute_updates(const nlohmann::json& updates);

// KeyConditions -> the key condition, checked against the schema.
KeyCondition key_conditions(const nlohmann::json& conditions, const KeySchemaView& schema);

}  // namespace bunker::dynamodb
