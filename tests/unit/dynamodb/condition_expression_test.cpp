#include <gtest/gtest.h>

#include "dynamodb/condition_evaluator.h"
#include "dynamodb/expression_parser.h"
#include "expression_test_util.h"

using namespace bunker::dynamodb;
using namespace test_util;

namespace {

const char* kValues = R"({":s":{"S":"abc"},":n":{"N":"5"},":lo":{"N":"1"},":hi":{"N":"10"},":b":{"BOOL":true},
  ":pre":{"S":"ab"},":t":{"S":"SS"},":x":{"S":"x"},":l":{"L":[{"S":"a"}]},":m":{"S":"m1"}})";

const char* kItem = R"({"id":{"S":"abc"},"n":{"N":"5"},"f":{"BOOL":false},"tags":{"SS":["x","y"]},
  "nums":{"NS":["1","2"]},"arr":{"L":[{"S":"a"},{"N":"2"},{"M":{"k":{"S":"m1"}}}]},
  "doc":{"M":{"inr":{"M":{"deep":{"N":"7"}}},"label":{"S":"abcdef"}}},"bin":{"B":"AAEC"}})";

// Evaluates a condition against kItem; placeholders must all be used or are ignored.
bool eval(const char* expr, const char* names = nullptr) {
  auto ctx = context(names, kValues);
  Condition c = parse_condition(expr, ExpressionKind::kCondition, ctx);
  return evaluate_condition(c, item(kItem));
}

std::string parse_error(const char* expr, const char* names = nullptr, const char* values = kValues,
                        ExpressionKind kind = ExpressionKind::kCondition) {
  return error_of([&] {
    auto ctx = context(names, values);
    parse_condition(expr, kind, ctx);
  });
}

}  // namespace

TEST(ConditionExpression, Comparisons) {
  EXPECT_TRUE(eval("id = :s"));
  EXPECT_FALSE(eval("id <> :s"));
  EXPECT_TRUE(eval("n < :hi AND n > :lo"));
  EXPECT_TRUE(eval("n <= :n AND n >= :n"));
  EXPECT_FALSE(eval("n < :s"));  // different types: false, not an error
  EXPECT_TRUE(eval("nothere <> :s"));
  EXPECT_FALSE(eval("nothere = :s"));
  EXPECT_TRUE(eval("n BETWEEN :lo AND :hi"));
  EXPECT_FALSE(eval("id BETWEEN :lo AND :hi"));
  EXPECT_TRUE(eval("n IN (:lo, :n, :hi)"));
  EXPECT_FALSE(eval("n IN (:lo, :hi)"));
  EXPECT_TRUE(eval("doc.inr.deep > :n"));
  EXPECT_TRUE(eval("arr[2].k = :m"));
  EXPECT_FALSE(eval("arr[9].k = :m"));
  EXPECT_TRUE(eval("#m.#i.deep > :n", R"({"#m":"doc","#i":"inr"})"));
}

TEST(ConditionExpression, Functions) {
  EXPECT_TRUE(eval("attribute_exists(id)"));
  EXPECT_TRUE(eval("attribute_not_exists(nope)"));
  EXPECT_TRUE(eval("attribute_exists(doc.inr.deep)"));
  EXPECT_FALSE(eval("attribute_exists(doc.inr.nope)"));
  EXPECT_TRUE(eval("attribute_type(tags, :t)"));
  EXPECT_TRUE(eval("begins_with(id, :pre)"));
  EXPECT_TRUE(eval("begins_with(doc.label, :s)"));
  EXPECT_TRUE(eval("contains(tags, :x)"));
  EXPECT_TRUE(eval("contains(id, :pre)"));
  EXPECT_TRUE(eval("contains(arr, :l) OR contains(nums, :lo)"));
  EXPECT_TRUE(eval("size(tags) < :n"));
  EXPECT_TRUE(eval("size(id) = size(doc.label) OR size(arr) = :lo") == false);
  EXPECT_TRUE(eval("size(doc.label) > :n"));
  EXPECT_TRUE(eval("size(bin) BETWEEN :lo AND :n"));
}

TEST(ConditionExpression, PrecedenceNotAndOr) {
  // NOT binds tighter than AND, which binds tighter than OR.
  EXPECT_TRUE(eval("id = :x OR n = :n AND attribute_exists(id)"));
  EXPECT_FALSE(eval("(id = :x OR n = :n) AND attribute_not_exists(id)"));
  EXPECT_TRUE(eval("NOT id = :x AND n = :n"));
  EXPECT_FALSE(eval("NOT (id = :s AND n = :n)"));
  EXPECT_TRUE(eval("NOT NOT id = :s"));
  EXPECT_TRUE(eval("id = :x or n = :n and attribute_exists(id)"));  // keywords are case-insensitive
}

TEST(ConditionExpression, SyntaxErrors) {
  EXPECT_EQ(parse_error("id = "),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
  EXPECT_EQ(parse_error("INVALID SYNTAX HERE"),
            "Invalid ConditionExpression: Syntax error; token: \"SYNTAX\", near: \"INVALID SYNTAX HERE\"");
  EXPECT_EQ(parse_error(""), "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(parse_error("   "), "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(parse_error("((attribute_not_exists(id)))"),
            "Invalid ConditionExpression: The expression has redundant parentheses;");
  EXPECT_EQ(parse_error("(attribute_not_exists(id)) AND (n = :n)"), "(no error)");
  EXPECT_EQ(parse_error("a = :v"),
            "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute "
            "value: :v");
  EXPECT_EQ(parse_error("#a = :n"),
            "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; "
            "attribute name: #a");
  EXPECT_EQ(parse_error("name = :n"),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name");
  EXPECT_EQ(parse_error("Status = :n"),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Status");
  EXPECT_EQ(parse_error("foo(a)"), "Invalid ConditionExpression: Invalid function name; function: foo");
  EXPECT_EQ(parse_error("attribute_exists(a, b)"),
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or "
            "function: attribute_exists, number of operands: 2");
  EXPECT_EQ(parse_error("attribute_exists(:n)"),
            "Invalid ConditionExpression: Operator or function requires a document path; operator or function: "
            "attribute_exists");
  EXPECT_EQ(parse_error("n < :b"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, "
            "operand type: BOOL");
  EXPECT_EQ(parse_error("begins_with(id, :n)"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
            "begins_with, operand type: N");
  EXPECT_EQ(parse_error("n BETWEEN :hi AND :lo"),
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
            "lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:1}");
  EXPECT_EQ(parse_error("contains(#a, #a)", R"({"#a":"data"})"),
            "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this "
            "operator or function; operator: contains, first operand: [data]");
  EXPECT_EQ(parse_error("attribute_type(a, :s)"),
            "Invalid ConditionExpression: Invalid attribute type name found; type: abc, valid types: { "
            "B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
  EXPECT_EQ(parse_error("size(a)"), "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \")\"");
  EXPECT_EQ(parse_error("a = ", nullptr, kValues, ExpressionKind::kFilter).substr(0, 26),
            "Invalid FilterExpression: ");
  std::string big = "attribute_exists(a" + std::string(4100, 'x') + ")";
  EXPECT_EQ(parse_error(big.c_str()),
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: " +
                std::to_string(big.size()));
}

TEST(ConditionExpression, NestingLimitOnPaths) {
  std::string ok = "attribute_exists(a", bad;
  for (int i = 1; i < 32; ++i) ok += ".a";
  bad = ok + ".a)";
  ok += ")";
  EXPECT_EQ(parse_error(ok.c_str()), "(no error)");
  EXPECT_EQ(parse_error(bad.c_str()),
            "Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 33");
}

TEST(ExpressionContext, UnusedAndInvalidPlaceholders) {
  auto ctx = context(R"({"#a":"x","#unused":"y"})", R"({":v":{"S":"1"},":w":{"S":"2"},":z":{"S":"3"}})");
  parse_condition("#a = :v", ExpressionKind::kCondition, ctx);
  EXPECT_EQ(error_of([&] { ctx.check_all_used(); }),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}");
  auto ctx2 = context(nullptr, R"({":v":{"S":"1"},":w":{"S":"2"},":z":{"S":"3"}})");
  parse_condition("a = :v", ExpressionKind::kCondition, ctx2);
  EXPECT_EQ(error_of([&] { ctx2.check_all_used(); }),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w, :z}");
  EXPECT_EQ(error_of([] { context("{}", nullptr); }), "ExpressionAttributeNames must not be empty");
  EXPECT_EQ(error_of([] { context(nullptr, "{}"); }), "ExpressionAttributeValues must not be empty");
  EXPECT_EQ(error_of([] { context(R"({"a":"b"})", nullptr); }),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
  EXPECT_EQ(error_of([] { context(nullptr, R"({"v":{"S":"x"}})"); }),
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"");
}
