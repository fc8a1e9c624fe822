#include <gtest/gtest.h>

#include "dynamodb/expression_parser.h"
#include "dynamodb/key_condition.h"
#include "dynamodb/legacy_parameters.h"
#include "expression_test_util.h"

using namespace bunker::dynamodb;
using namespace test_util;
using nlohmann::json;

namespace {

const KeySchemaView kStringSort{"pk", Type::S, "sk", Type::S};
const KeySchemaView kNumberSort{"pk", Type::S, "sk", Type::N};
const KeySchemaView kHashOnly{"pk", Type::S, std::nullopt, Type::S};

const char* kValues = R"({":p":{"S":"q"},":a":{"N":"1"},":b":{"N":"5"},":s":{"S":"a"},":t":{"BOOL":true},
  ":f":{"BOOL":false},":z":{"S":"z"}})";

KeyCondition analyze(const char* expr, const KeySchemaView& schema) {
  auto ctx = context(nullptr, kValues);
  return analyze_key_condition(parse_condition(expr, ExpressionKind::kKeyCondition, ctx), schema);
}

std::string key_error(const char* expr, const KeySchemaView& schema) {
  return error_of([&] { analyze(expr, schema); });
}

std::string operand(const char* op, const char* type) {
  return std::string("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or "
                     "function: ") + op + ", operand type: " + type;
}

const std::string kSchema = "One or more parameter values were invalid: Condition parameter type does not match schema type";

}  // namespace

TEST(KeyCondition, AcceptedShapes) {
  auto k = analyze("pk = :p", kHashOnly);
  EXPECT_EQ(k.hash, AttributeValue::string("q"));
  EXPECT_FALSE(k.range);
  k = analyze("pk = :p AND sk BETWEEN :a AND :b", kNumberSort);
  EXPECT_TRUE(k.range_matches(AttributeValue::number(Number::parse("3"))));
  EXPECT_FALSE(k.range_matches(AttributeValue::number(Number::parse("6"))));
  k = analyze(":b >= sk AND pk = :p", kNumberSort);  // value first flips the operator
  EXPECT_TRUE(k.range_matches(AttributeValue::number(Number::parse("5"))));
  EXPECT_FALSE(k.range_matches(AttributeValue::number(Number::parse("6"))));
  k = analyze("(pk = :p) AND (begins_with(sk, :s))", kStringSort);
  EXPECT_TRUE(k.range_matches(AttributeValue::string("abc")));
  EXPECT_FALSE(k.range_matches(AttributeValue::string("b")));
}

TEST(KeyCondition, DynamoDbMessages) {
  EXPECT_EQ(key_error("pk = :p AND begins_with(sk, :a)", kStringSort), operand("begins_with", "N"));
  EXPECT_EQ(key_error("pk = :p AND begins_with(sk, :t)", kStringSort), operand("begins_with", "BOOL"));
  EXPECT_EQ(key_error("pk = :p AND begins_with(sk, :a)", kNumberSort), operand("begins_with", "N"));
  EXPECT_EQ(key_error("pk = :p AND begins_with(sk, :s)", kNumberSort), kSchema);
  EXPECT_EQ(key_error("pk = :p AND sk < :t", kNumberSort), operand("<", "BOOL"));
  EXPECT_EQ(key_error("pk = :p AND :t >= sk", kNumberSort), operand(">=", "BOOL"));
  EXPECT_EQ(key_error("pk = :p AND sk BETWEEN :f AND :t", kNumberSort), operand("BETWEEN", "BOOL"));
  EXPECT_EQ(key_error("pk = :p AND sk = :t", kNumberSort), kSchema);
  EXPECT_EQ(key_error("pk = :p AND sk > :a AND sk < :b", kNumberSort),
            "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key");
  EXPECT_EQ(key_error("pk = :p AND sk > :a AND extra = :b", kNumberSort),
            "The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)");
  EXPECT_EQ(key_error("sk = :a", kNumberSort), "Query condition missed key schema element: pk");
  EXPECT_EQ(key_error("pk = :p AND extra = :a", kNumberSort), "Query condition missed key schema element: sk");
  EXPECT_EQ(key_error("pk = :p OR sk = :a", kNumberSort),
            "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR");
  EXPECT_EQ(key_error("pk > :p", kHashOnly), "Invalid KeyConditionExpression: Query key condition not supported");
  EXPECT_EQ(key_error("attribute_exists(pk)", kHashOnly),
            "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: attribute_exists");
  EXPECT_EQ(key_error("pk = :p AND sk BETWEEN :b AND :a", kNumberSort),
            "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal "
            "to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}");
}

TEST(KeyCondition, LegacyKeyConditions) {
  auto k = key_conditions(json::parse(R"({"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"q"}]},
      "sk":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"2"}]}})"),
                          kNumberSort);
  EXPECT_EQ(k.hash, AttributeValue::string("q"));
  EXPECT_TRUE(k.range_matches(AttributeValue::number(Number::parse("3"))));
  EXPECT_EQ(error_of([] {
              key_conditions(json::parse(R"({"pk":{"ComparisonOperator":"NE","AttributeValueList":[{"S":"q"}]}})"),
                             kHashOnly);
            }),
            "Attempted conditional constraint is not an indexable operation");
}
