#include <gtest/gtest.h>

#include "dynamodb/expression_parser.h"
#include "dynamodb/projection.h"
#include "dynamodb/update_applier.h"
#include "expression_test_util.h"

using namespace bunker::dynamodb;
using namespace test_util;
using nlohmann::json;

namespace {

const char* kValues = R"({":one":{"N":"1"},":five":{"N":"5"},":s":{"S":"x"},":l":{"L":[{"S":"z"}]},
  ":ss":{"SS":["b","c"]},":ns":{"NS":["2","3"]},":m":{"M":{}},":tenth":{"N":"0.1"},":b":{"BOOL":true}})";

const char* kItem = R"({"id":{"S":"k"},"n":{"N":"10"},"s":{"S":"str"},"arr":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},{"S":"d"}]},
  "doc":{"M":{"cnt":{"N":"10"},"keep":{"S":"k"}}},"tags":{"SS":["a","b"]},"nums":{"NS":["1","2"]},"f":{"N":"0.2"}})";

// Applies expr to kItem and returns the resulting item as JSON.
json apply(const char* expr, const char* item_text = kItem, const char* names = nullptr) {
  auto ctx = context(names, kValues);
  UpdateExpression u = parse_update(expr, ctx);
  Item it = item(item_text);
  apply_update(u, it);
  return item_to_json(it);
}

std::string update_error(const char* expr, const char* item_text = kItem, const char* names = nullptr) {
  return error_of([&] { apply(expr, item_text, names); });
}

}  // namespace

TEST(UpdateExpression, SetArithmeticAndFunctions) {
  auto r = apply("SET n = n + :five, f = f + :tenth, doc.cnt = doc.cnt - :one, newone = if_not_exists(nope, :five)");
  EXPECT_EQ(r["n"], json::parse(R"({"N":"15"})"));
  EXPECT_EQ(r["f"], json::parse(R"({"N":"0.3"})"));  // exact, never 0.30000000000000004
  EXPECT_EQ(r["doc"]["M"]["cnt"], json::parse(R"({"N":"9"})"));
  EXPECT_EQ(r["newone"], json::parse(R"({"N":"5"})"));
  r = apply("SET n = if_not_exists(n, :one), arr = list_append(arr, :l), l2 = list_append(:l, arr)");
  EXPECT_EQ(r["n"], json::parse(R"({"N":"10"})"));
  EXPECT_EQ(r["arr"]["L"].size(), 5u);
  EXPECT_EQ(r["arr"]["L"][4], json::parse(R"({"S":"z"})"));
  EXPECT_EQ(r["l2"]["L"][0], json::parse(R"({"S":"z"})"));
  // Right-hand sides see the item before the update.
  r = apply("SET a1 = n, n = :one");
  EXPECT_EQ(r["a1"], json::parse(R"({"N":"10"})"));
  EXPECT_EQ(r["n"], json::parse(R"({"N":"1"})"));
}

TEST(UpdateExpression, ListIndexes) {
  auto r = apply("SET arr[9] = :s");  // past the end appends, no padding
  EXPECT_EQ(r["arr"]["L"].size(), 5u);
  EXPECT_EQ(r["arr"]["L"][4], json::parse(R"({"S":"x"})"));
  r = apply("SET arr[1] = :s");
  EXPECT_EQ(r["arr"]["L"][1], json::parse(R"({"S":"x"})"));
  r = apply("REMOVE arr[1], arr[3]");  // both indexes refer to the original list
  EXPECT_EQ(r["arr"], json::parse(R"({"L":[{"S":"a"},{"S":"c"}]})"));
  r = apply("REMOVE arr[10], nothere, doc.keep");
  EXPECT_EQ(r["arr"]["L"].size(), 4u);
  EXPECT_EQ(r["doc"], json::parse(R"({"M":{"cnt":{"N":"10"}}})"));
}

TEST(UpdateExpression, AddAndDelete) {
  auto r = apply("ADD n :five, tags :ss, nums :ns, fresh :one, fset :ss");
  EXPECT_EQ(r["n"], json::parse(R"({"N":"15"})"));
  EXPECT_EQ(r["tags"], json::parse(R"({"SS":["a","b","c"]})"));
  EXPECT_EQ(r["nums"], json::parse(R"({"NS":["1","2","3"]})"));
  EXPECT_EQ(r["fresh"], json::parse(R"({"N":"1"})"));
  EXPECT_EQ(r["fset"], json::parse(R"({"SS":["b","c"]})"));
  r = apply("DELETE tags :ss, nums :ns, nothere :ss");
  EXPECT_EQ(r["tags"], json::parse(R"({"SS":["a"]})"));
  EXPECT_EQ(r["nums"], json::parse(R"({"NS":["1"]})"));
  r = apply("DELETE tags :ss", R"({"tags":{"SS":["b"]}})");
  EXPECT_FALSE(r.contains("tags"));  // an emptied set disappears
  r = apply("SET a = :one REMOVE s ADD n :one DELETE tags :ss");
  EXPECT_EQ(r["a"], json::parse(R"({"N":"1"})"));
  EXPECT_FALSE(r.contains("s"));
}

TEST(UpdateExpression, RuntimeErrors) {
  EXPECT_EQ(update_error("SET s = s + :one"), "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(update_error("SET x = nothere + :one"),
            "The provided expression refers to an attribute that does not exist in the item");
  EXPECT_EQ(update_error("SET x = list_append(s, :l)"), "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(update_error("ADD s :one"), "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(update_error("ADD tags :ns"), "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(update_error("DELETE n :ss"), "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(update_error("SET nothere.deep.er = :s"),
            "The document path provided in the update expression is invalid for update");
  EXPECT_EQ(update_error("SET s[0] = :s"), "The document path provided in the update expression is invalid for update");
}

TEST(UpdateExpression, ParseErrors) {
  EXPECT_EQ(update_error("INVALID SYNTAX HERE"),
            "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"");
  EXPECT_EQ(update_error(""), "Invalid UpdateExpression: The expression can not be empty;");
  EXPECT_EQ(update_error("SET a = :one SET b = :one"),
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
  EXPECT_EQ(update_error("SET a = :one, a.b = :one"),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of "
            "these paths; path one: [a], path two: [a, b]");
  EXPECT_EQ(update_error("SET a = :one REMOVE a"),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of "
            "these paths; path one: [a], path two: [a]");
  EXPECT_EQ(update_error("SET a.b = :one REMOVE a[0]"),
            "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of "
            "these paths; path one: [a, b], path two: [a, [0]]");
  EXPECT_EQ(update_error("SET doc.b = :one, doc.c = :one"), "(no error)");
  EXPECT_EQ(update_error("SET a = :s + :one"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, "
            "operand type: S");
  EXPECT_EQ(update_error("SET a = list_append(arr, :s)"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: "
            "list_append, operand type: S");
  EXPECT_EQ(update_error("ADD a :s"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: S");
  EXPECT_EQ(update_error("DELETE a :one"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand "
            "type: N");
  EXPECT_EQ(update_error("SET a = :undefined"),
            "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute "
            "value: :undefined");
  EXPECT_EQ(update_error("SET name = :one"),
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name");
  EXPECT_EQ(update_error("SET a = size(s)"),
            "Invalid UpdateExpression: The function is not allowed in an update expression; function: size");
  EXPECT_EQ(update_error("SET a = if_not_exists(:one, :one)"),
            "Invalid UpdateExpression: Operator or function requires a document path; operator or function: "
            "if_not_exists");
  EXPECT_EQ(update_error("SET a = :one + :one + :one"),
            "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":one + :one\"");
  EXPECT_EQ(update_error("REMOVE a,"), "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\"");
  EXPECT_EQ(update_error("set a = :one remove s"), "(no error)");  // clause keywords are case-insensitive
}

TEST(UpdateExpression, UpdatedPathsProjectOldAndNew) {
  auto ctx = context(nullptr, kValues);
  UpdateExpression u = parse_update("SET doc.cnt = :five, arr[2] = :s, brand = :one", ctx);
  Item before = item(kItem), after = before;
  apply_update(u, after);
  EXPECT_EQ(item_to_json(project(before, updated_paths(u))),
            json::parse(R"({"doc":{"M":{"cnt":{"N":"10"}}},"arr":{"L":[{"S":"c"}]}})"));
  EXPECT_EQ(item_to_json(project(after, updated_paths(u))),
            json::parse(R"({"doc":{"M":{"cnt":{"N":"5"}}},"arr":{"L":[{"S":"x"}]},"brand":{"N":"1"}})"));
}

TEST(ProjectionExpression, NestedPathsAndIndexes) {
  auto ctx = context(R"({"#d":"doc"})", nullptr);
  ProjectionExpression p = parse_projection("id, #d.keep, arr[3], arr[1], nothere", ctx);
  EXPECT_EQ(item_to_json(project(item(kItem), p.paths)),
            json::parse(R"({"id":{"S":"k"},"doc":{"M":{"keep":{"S":"k"}}},"arr":{"L":[{"S":"b"},{"S":"d"}]}})"));
  auto ctx2 = context(nullptr, nullptr);
  EXPECT_EQ(error_of([&] { parse_projection("a, a.b", ctx2); }),
            "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of "
            "these paths; path one: [a], path two: [a, b]");
  EXPECT_EQ(error_of([&] { parse_projection("a,", ctx2); }),
            "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"");
  EXPECT_EQ(error_of([&] { parse_projection("size", ctx2); }),
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: size");
}
