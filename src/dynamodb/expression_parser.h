#pragma once
// Parsers for DynamoDB's expression parameters. Each resolves placeholders through
// the request's ExpressionContext and performs the checks DynamoDB makes before it
// looks at any item (syntax, reserved words, undefined placeholders, operand types
// of literal values, overlapping update paths…), throwing AwsError
// ValidationException with DynamoDB's "Invalid <Parameter>: …" messages.
#include <string_view>

#include "dynamodb/expression_ast.h"
#include "dynamodb/expression_context.h"

namespace bunker::dynamodb {

enum class ExpressionKind { kCondition, kFilter, kKeyCondition, kProjection, kUpdate };

// "ConditionExpression", "FilterExpression", …
std::string_view expression_label(ExpressionKind kind);

// ConditionExpression, FilterExpression, and KeyConditionExpression (the latter with
// its narrower grammar; see key_condition.h for the schema checks).
Condition parse_condition(std::string_view text, ExpressionKind kind, ExpressionContext& ctx);
UpdateExpression parse_update(std::string_view text, ExpressionContext& ctx);
ProjectionExpression parse_projection(std::string_view text, ExpressionContext& ctx);

constexpr std::size_t kMaxExpressionBytes = 4096;

}  // namespace bunker::dynamodb
