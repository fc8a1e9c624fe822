// PartiQL: the parser's trees and errors, and ExecuteStatement / BatchExecuteStatement /
// ExecuteTransaction on the engine.
#include <gtest/gtest.h>

#include "dynamodb/condition_evaluator.h"
#include "dynamodb/partiql_parser.h"
#include "engine_fixture.h"
#include "expression_test_util.h"

using namespace bunker::dynamodb;
using test_util::json;

namespace {

PartiqlStatement parse(const char* text, std::vector<AttributeValue> params = {}) { return parse_partiql(text, params); }

TEST(PartiqlParser, SelectWithConditionsAndParameters) {
  auto st = parse(R"J(SELECT a, b.c, d[1] FROM "T"."idx" WHERE pk = ? AND n BETWEEN 1 AND 5 OR begins_with(s, 'x')
                     ORDER BY sk DESC)J",
                  {AttributeValue::string("p")});
  EXPECT_EQ(st.kind, PartiqlStatement::Kind::kSelect);
  EXPECT_EQ(st.table, "T");
  EXPECT_EQ(st.index, "idx");
  ASSERT_TRUE(st.projection);
  EXPECT_EQ(st.projection->size(), 3u);
  EXPECT_EQ((*st.projection)[2].describe(), "[d, [1]]");
  EXPECT_TRUE(st.descending);
  ASSERT_TRUE(st.where);
  EXPECT_TRUE(evaluate_condition(*st.where, test_util::item(R"J({"pk": {"S": "p"}, "n": {"N": "3"}})J")));
  EXPECT_FALSE(evaluate_condition(*st.where, test_util::item(R"J({"pk": {"S": "p"}, "n": {"N": "9"}})J")));
  EXPECT_TRUE(evaluate_condition(*st.where, test_util::item(R"J({"s": {"S": "xyz"}})J")));
}

TEST(PartiqlParser, ValuesMissingAndNull) {
  auto st = parse(R"J(INSERT INTO t VALUE {'pk': 'a', 'n': -1.5e2, 'ok': true, 'l': [1, 'x', null], 'ss': <<'b', 'a'>>,
                     'm': {'x': 1}})J");
  EXPECT_EQ(item_to_json(st.item),
            json::parse(R"J({"pk": {"S": "a"}, "n": {"N": "-150"}, "ok": {"BOOL": true},
                            "l": {"L": [{"N": "1"}, {"S": "x"}, {"NULL": true}]}, "ss": {"SS": ["a", "b"]},
                            "m": {"M": {"x": {"N": "1"}}}})J"));
  auto w = parse("SELECT * FROM t WHERE a IS MISSING AND b IS NOT MISSING AND c IS NULL AND d IN ('x', 'y')");
  EXPECT_TRUE(evaluate_condition(*w.where, test_util::item(R"J({"b": {"N": "1"}, "d": {"S": "y"}})J")));
  EXPECT_TRUE(evaluate_condition(*w.where, test_util::item(R"J({"b": {"N": "1"}, "c": {"NULL": true}, "d": {"S": "x"}})J")));
  EXPECT_FALSE(evaluate_condition(*w.where, test_util::item(R"J({"a": {"N": "1"}, "b": {"N": "1"}, "d": {"S": "x"}})J")));
}

TEST(PartiqlParser, UpdateClauses) {
  auto st = parse(R"J(UPDATE "t" SET a = a + 1, b = list_append(b, [2]) SET s = set_add(s, <<'z'>>) REMOVE c
                     WHERE pk = 'k' RETURNING ALL NEW *)J");
  EXPECT_EQ(st.kind, PartiqlStatement::Kind::kUpdate);
  ASSERT_EQ(st.update.actions.size(), 4u);
  EXPECT_EQ(st.update.actions[0].value.kind, Operand::Kind::kPlus);
  EXPECT_EQ(st.update.actions[1].value.kind, Operand::Kind::kListAppend);
  EXPECT_EQ(st.update.actions[2].kind, UpdateAction::Kind::kAdd);
  EXPECT_EQ(st.update.actions[3].kind, UpdateAction::Kind::kRemove);
  EXPECT_EQ(st.returning, "ALL_NEW");
}

TEST(PartiqlParser, Errors) {
  using test_util::error_of;
  EXPECT_EQ(error_of([] { parse("SELECT * FROM t WHERE a = ?"); }),
            "Number of parameters in request and statement don't match.");
  EXPECT_EQ(error_of([] { parse("SELECT * FROM t", {AttributeValue::null()}); }),
            "Number of parameters in request and statement don't match.");
  EXPECT_EQ(error_of([] { parse("SELEKT * FROM t"); }).rfind("Statement wasn't well formed, can't be processed: ", 0), 0u);
  EXPECT_EQ(error_of([] { parse("SELECT * FROM t WHERE a = 'unterminated"); }).rfind("Statement wasn't well formed", 0), 0u);
  EXPECT_EQ(error_of([] { parse("DELETE FROM t WHERE pk = 'a' RETURNING ALL NEW *"); }).rfind("Statement wasn't well formed", 0), 0u);
}

class PartiqlTest : public test_util::EngineTest {
 protected:
  void SetUp() override {
    create_table("music", nullptr, true);
    for (int i = 1; i <= 5; ++i)
      put("music", {{"pk", {{"S", "band"}}}, {"sk", {{"N", std::to_string(i)}}}, {"plays", {{"N", std::to_string(i * 10)}}}});
    put("music", {{"pk", {{"S", "solo"}}}, {"sk", {{"N", "1"}}}});
  }
  json run(const std::string& statement, json params = nullptr) {
    json body = {{"Statement", statement}};
    if (!params.is_null()) body["Parameters"] = params;
    return call(execute_statement, body);
  }
};

TEST_F(PartiqlTest, SelectQueriesScansAndPages) {
  json q = run(R"J(SELECT sk FROM "music" WHERE pk = ? AND sk > 2 ORDER BY sk DESC)J", json::parse(R"J([{"S": "band"}])J"));
  ASSERT_EQ(q["Items"].size(), 3u);
  EXPECT_EQ(q["Items"][0], json::parse(R"J({"sk": {"N": "5"}})J"));
  EXPECT_EQ(run("SELECT * FROM music WHERE plays >= 30")["Items"].size(), 3u);  // a scan with a filter
  EXPECT_EQ(run("SELECT * FROM music WHERE pk IN ('band', 'solo')")["Items"].size(), 6u);
  // Limit counts evaluated items; NextToken continues where the page stopped.
  json body = {{"Statement", "SELECT * FROM music WHERE pk = 'band'"}, {"Limit", 2}};
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    json page = call(execute_statement, body);
    for (const auto& i : page["Items"]) seen.push_back(i["sk"]["N"]);
    if (!page.contains("NextToken")) break;
    body["NextToken"] = page["NextToken"];
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"1", "2", "3", "4", "5"}));
  body = {{"Statement", "SELECT * FROM music"}, {"NextToken", call(execute_statement, json{{"Statement", "SELECT * FROM music WHERE pk = 'band'"}, {"Limit", 1}})["NextToken"]}};
  EXPECT_EQ(error(execute_statement, body)["code"], "ValidationException");
}

TEST_F(PartiqlTest, WritesFollowDynamoDbsRules) {
  run("INSERT INTO music VALUE {'pk': 'new', 'sk': 1, 'genre': 'jazz'}");
  json dup = error(execute_statement, json{{"Statement", "INSERT INTO music VALUE {'pk': 'new', 'sk': 1}"}});
  EXPECT_EQ(dup["code"], "DuplicateItemException");
  EXPECT_EQ(dup["message"], "Duplicate primary key exists in table");
  json updated = run("UPDATE music SET plays = plays + 5 WHERE pk = 'band' AND sk = 1 RETURNING MODIFIED NEW *");
  EXPECT_EQ(updated["Items"][0], json::parse(R"J({"plays": {"N": "15"}})J"));
  EXPECT_EQ(error(execute_statement, json{{"Statement", "UPDATE music SET x = 1 WHERE pk = 'ghost' AND sk = 1"}})["code"],
            "ConditionalCheckFailedException");
  EXPECT_EQ(error(execute_statement, json{{"Statement", "UPDATE music SET x = 1 WHERE pk = 'band'"}})["message"],
            "Where clause does not contain a mandatory equality on all key attributes");
  EXPECT_EQ(error(execute_statement, json{{"Statement", "UPDATE music SET x = 1 WHERE pk = 'band' AND sk = 2 AND plays > 100"}})["code"],
            "ConditionalCheckFailedException");
  json deleted = run("DELETE FROM music WHERE pk = 'band' AND sk = 2 RETURNING ALL OLD *");
  EXPECT_EQ(deleted["Items"][0]["plays"]["N"], "20");
  EXPECT_TRUE(get("music", {{"pk", {{"S", "band"}}}, {"sk", {{"N", "2"}}}}).is_null());
  EXPECT_EQ(error(execute_statement, json{{"Statement", "SELECT * FROM nothing"}})["code"], "ResourceNotFoundException");
}

TEST_F(PartiqlTest, BatchExecuteStatementAnswersPerStatement) {
  json out = call(batch_execute_statement, R"J({"Statements": [
      {"Statement": "UPDATE music SET plays = 0 WHERE pk = 'band' AND sk = 3"},
      {"Statement": "UPDATE music SET plays = 0 WHERE pk = 'ghost' AND sk = 3"},
      {"Statement": "INSERT INTO music VALUE {'pk': 'band', 'sk': 4}"},
      {"Statement": "INSERT INTO nothing VALUE {'pk': 'x'}"}]})J");
  ASSERT_EQ(out["Responses"].size(), 4u);
  EXPECT_EQ(out["Responses"][0], json({{"TableName", "music"}}));
  EXPECT_EQ(out["Responses"][1]["Error"]["Code"], "ConditionalCheckFailed");
  EXPECT_EQ(out["Responses"][2]["Error"]["Code"], "DuplicateItem");
  EXPECT_EQ(out["Responses"][3]["Error"]["Code"], "ResourceNotFound");
  json reads = call(batch_execute_statement, R"J({"Statements": [
      {"Statement": "SELECT plays FROM music WHERE pk = ? AND sk = ?", "Parameters": [{"S": "band"}, {"N": "3"}]},
      {"Statement": "SELECT * FROM music WHERE pk = 'none' AND sk = 1"}]})J");
  EXPECT_EQ(reads["Responses"][0]["Item"], json::parse(R"J({"plays": {"N": "0"}})J"));
  EXPECT_FALSE(reads["Responses"][1].contains("Item"));
}

TEST_F(PartiqlTest, ExecuteTransactionIsAllOrNothing) {
  json e = error(execute_transaction, R"J({"TransactStatements": [
      {"Statement": "UPDATE music SET plays = 1 WHERE pk = 'band' AND sk = 1"},
      {"Statement": "INSERT INTO music VALUE {'pk': 'solo', 'sk': 1}"}]})J");
  EXPECT_EQ(e["code"], "TransactionCanceledException");
  EXPECT_EQ(e["CancellationReasons"][0]["Code"], "None");
  EXPECT_EQ(e["CancellationReasons"][1]["Code"], "DuplicateItem");
  EXPECT_EQ(get("music", {{"pk", {{"S", "band"}}}, {"sk", {{"N", "1"}}}})["plays"]["N"], "10");
  call(execute_transaction, R"J({"TransactStatements": [
      {"Statement": "UPDATE music SET plays = 1 WHERE pk = 'band' AND sk = 1"},
      {"Statement": "DELETE FROM music WHERE pk = 'solo' AND sk = 1"}]})J");
  EXPECT_EQ(get("music", {{"pk", {{"S", "band"}}}, {"sk", {{"N", "1"}}}})["plays"]["N"], "1");
  json reads = call(execute_transaction, R"J({"TransactStatements": [
      {"Statement": "SELECT * FROM music WHERE pk = 'band' AND sk = 1"},
      {"Statement": "SELECT * FROM music WHERE pk = 'solo' AND sk = 1"}]})J");
  EXPECT_EQ(reads["Responses"][0]["Item"]["plays"]["N"], "1");
  EXPECT_EQ(reads["Responses"][1], json::object());
}

}  // namespace
