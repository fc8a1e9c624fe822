#include <gtest/gtest.h>

#include "dynamodb/condition_evaluator.h"
#include "dynamodb/legacy_parameters.h"
#include "dynamodb/projection.h"
#include "dynamodb/update_applier.h"
#include "expression_test_util.h"

using namespace bunker::dynamodb;
using namespace test_util;
using nlohmann::json;

namespace {

const char* kItem = R"({"id":{"S":"k"},"n":{"N":"10"},"s":{"S":"hello"},"tags":{"SS":["a","b"]},"arr":{"L":[{"N":"1"}]}})";

bool expected(const char* spec, const char* op = nullptr) {
  json e = json::parse(spec);
  json o = op ? json(op) : json();
  auto c = expected_condition(e, op ? &o : nullptr);
  return evaluate_condition(*c, item(kItem));
}

bool filter(const char* spec, const char* op = nullptr) {
  json f = json::parse(spec);
  json o = op ? json(op) : json();
  auto c = filter_condition(f, op ? &o : nullptr);
  return evaluate_condition(*c, item(kItem));
}

}  // namespace

TEST(LegacyParameters, ExpectedValueAndExists) {
  EXPECT_TRUE(expected(R"({"n":{"Value":{"N":"10"}}})"));
  EXPECT_FALSE(expected(R"({"n":{"Value":{"N":"11"}}})"));
  EXPECT_TRUE(expected(R"({"nope":{"Exists":false}})"));
  EXPECT_FALSE(expected(R"({"n":{"Exists":false}})"));
  EXPECT_TRUE(expected(R"({"n":{"Exists":true,"Value":{"N":"10"}}})"));
  EXPECT_TRUE(expected(R"({"n":{"Value":{"N":"1"}},"s":{"Value":{"S":"hello"}}})", "OR"));
  EXPECT_FALSE(expected(R"({"n":{"Value":{"N":"1"}},"s":{"Value":{"S":"hello"}}})", "AND"));
  EXPECT_EQ(error_of([] { expected(R"({"n":{"Exists":true}})"); }),
            "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: n");
  EXPECT_EQ(error_of([] { expected(R"({"n":{"Exists":false,"Value":{"N":"1"}}})"); }),
            "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: n");
}

TEST(LegacyParameters, ComparisonOperators) {
  EXPECT_TRUE(filter(R"({"n":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"9"}]}})"));
  EXPECT_TRUE(filter(R"({"n":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"9"},{"N":"10"}]}})"));
  EXPECT_TRUE(filter(R"({"s":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"he"}]}})"));
  EXPECT_TRUE(filter(R"({"tags":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"a"}]}})"));
  EXPECT_TRUE(filter(R"({"tags":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"z"}]}})"));
  EXPECT_FALSE(filter(R"({"nope":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"z"}]}})"));
  EXPECT_TRUE(filter(R"({"nope":{"ComparisonOperator":"NULL"}})"));
  EXPECT_TRUE(filter(R"({"n":{"ComparisonOperator":"NOT_NULL"}})"));
  EXPECT_TRUE(filter(R"({"nope":{"ComparisonOperator":"NE","AttributeValueList":[{"N":"1"}]}})"));
  EXPECT_TRUE(filter(R"({"n":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"1"},{"N":"10"}]}})"));
  EXPECT_EQ(error_of([] { filter(R"({"n":{"ComparisonOperator":"EQ","AttributeValueList":[]}})"); }),
            "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator");
  EXPECT_EQ(error_of([] { filter(R"({"n":{"ComparisonOperator":"LT","AttributeValueList":[{"BOOL":true}]}})"); }),
            "One or more parameter values were invalid: ComparisonOperator LT is not valid for BOOL AttributeValue type");
}

TEST(LegacyParameters, AttributeUpdatesAndAttributesToGet) {
  auto u = attribute_updates(json::parse(R"({"n":{"Action":"ADD","Value":{"N":"5"}},"s":{"Action":"DELETE"},
      "tags":{"Action":"DELETE","Value":{"SS":["a"]}},"arr":{"Action":"ADD","Value":{"L":[{"N":"2"}]}},
      "x":{"Value":{"S":"put"}}})"));
  Item it = item(kItem);
  apply_update(u, it);
  EXPECT_EQ(item_to_json(it), json::parse(R"({"id":{"S":"k"},"n":{"N":"15"},"tags":{"SS":["b"]},
      "arr":{"L":[{"N":"1"},{"N":"2"}]},"x":{"S":"put"}})"));
  EXPECT_EQ(error_of([] { attribute_updates(json::parse(R"({"n":{"Action":"PUT"}})")); }),
            "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is "
            "specified");
  auto paths = attributes_to_get(json::parse(R"(["id","n","missing"])"));
  EXPECT_EQ(item_to_json(project(item(kItem), paths)), json::parse(R"({"id":{"S":"k"},"n":{"N":"10"}})"));
}

TEST(LegacyParameters, MixingStylesIsRefused) {
  EXPECT_EQ(error_of([] {
              check_parameter_styles(json::parse(
                  R"({"UpdateExpression":"SET a = :v","AttributeUpdates":{"a":{"Value":{"S":"v"}}}})"));
            }),
            "Can not use both expression and non-expression parameters in the same request: Non-expression "
            "parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}");
  EXPECT_EQ(error_of([] {
              check_parameter_styles(json::parse(R"j({"Expected":{},"ConditionExpression":"attribute_not_exists(pk)"})j"));
            }),
            "Can not use both expression and non-expression parameters in the same request: Non-expression "
            "parameters: {Expected} Expression parameters: {ConditionExpression}");
  EXPECT_EQ(error_of([] { check_parameter_styles(json::parse(R"({"ExpressionAttributeValues":{":v":{"S":"x"}}})")); }),
            "ExpressionAttributeValues can only be specified when using expressions");
  EXPECT_EQ(error_of([] { check_parameter_styles(json::parse(R"({"ExpressionAttributeNames":{"#a":"a"}})")); }),
            "ExpressionAttributeNames can only be specified when using expressions");
  EXPECT_EQ(error_of([] { check_parameter_styles(json::parse(R"({"AttributesToGet":["a"]})")); }), "(no error)");
}
