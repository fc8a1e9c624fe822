// TransactWriteItems / TransactGetItems on the engine: all-or-nothing across tables,
// cancellation reasons in order, conflicts, idempotency tokens, doubled capacity.
#include <gtest/gtest.h>

#include "dynamodb/transaction_registry.h"
#include "engine_fixture.h"

using namespace bunker::dynamodb;
using test_util::json;

namespace {

class TransactionTest : public test_util::EngineTest {
 protected:
  void SetUp() override {
    create_table("accounts");
    create_table("audit");
    put("accounts", {{"pk", {{"S", "alice"}}}, {"balance", {{"N", "100"}}}});
    put("accounts", {{"pk", {{"S", "bob"}}}, {"balance", {{"N", "0"}}}});
  }

  json transfer(int amount, const char* token = nullptr) {
    json body = {{"TransactItems",
                  {{{"Update",
                     {{"TableName", "accounts"},
                      {"Key", {{"pk", {{"S", "alice"}}}}},
                      {"UpdateExpression", "SET balance = balance - :a"},
                      {"ConditionExpression", "balance >= :a"},
                      {"ExpressionAttributeValues", {{":a", {{"N", std::to_string(amount)}}}}},
                      {"ReturnValuesOnConditionCheckFailure", "ALL_OLD"}}}},
                   {{"Update",
                     {{"TableName", "accounts"},
                      {"Key", {{"pk", {{"S", "bob"}}}}},
                      {"UpdateExpression", "SET balance = balance + :a"},
                      {"ExpressionAttributeValues", {{":a", {{"N", std::to_string(amount)}}}}}}}},
                   {{"Put", {{"TableName", "audit"}, {"Item", {{"pk", {{"S", "t" + std::to_string(amount)}}}}}}}}}},
                 {"ReturnConsumedCapacity", "TOTAL"}};
    if (token) body["ClientRequestToken"] = token;
    return body;
  }

  std::string balance(const char* who) { return get("accounts", {{"pk", {{"S", who}}}})["balance"]["N"]; }
};

TEST_F(TransactionTest, AppliesEveryActionAcrossTablesAndDoublesCapacity) {
  json out = call(transact_write_items, transfer(30));
  EXPECT_EQ(balance("alice"), "70");
  EXPECT_EQ(balance("bob"), "30");
  EXPECT_FALSE(get("audit", {{"pk", {{"S", "t30"}}}}).is_null());
  ASSERT_EQ(out["ConsumedCapacity"].size(), 2u);
  // Two 1 KB updates and one 1 KB put, each written twice.
  EXPECT_EQ(out["ConsumedCapacity"][0]["TableName"], "accounts");
  EXPECT_EQ(out["ConsumedCapacity"][0]["CapacityUnits"], 4.0);
  EXPECT_EQ(out["ConsumedCapacity"][1]["CapacityUnits"], 2.0);
}

TEST_F(TransactionTest, FailedConditionCancelsEverythingWithReasonsInOrder) {
  json e = error(transact_write_items, transfer(500));
  EXPECT_EQ(e["code"], "TransactionCanceledException");
  EXPECT_EQ(e["Message"],
            "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, "
            "None]");
  ASSERT_EQ(e["CancellationReasons"].size(), 3u);
  EXPECT_EQ(e["CancellationReasons"][0]["Code"], "ConditionalCheckFailed");
  EXPECT_EQ(e["CancellationReasons"][0]["Message"], "The conditional request failed");
  EXPECT_EQ(e["CancellationReasons"][0]["Item"]["balance"]["N"], "100");
  EXPECT_EQ(e["CancellationReasons"][1], json({{"Code", "None"}}));
  EXPECT_EQ(balance("alice"), "100");
  EXPECT_EQ(balance("bob"), "0");
  EXPECT_TRUE(get("audit", {{"pk", {{"S", "t500"}}}}).is_null());
}

TEST_F(TransactionTest, DataErrorsBecomeValidationErrorReasons) {
  json e = error(transact_write_items, R"J({"TransactItems": [
      {"Put": {"TableName": "audit", "Item": {"pk": {"S": "x"}}}},
      {"Update": {"TableName": "accounts", "Key": {"pk": {"S": "alice"}},
                  "UpdateExpression": "SET n = absent + :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}]})J");
  EXPECT_EQ(e["code"], "TransactionCanceledException") << e.dump();
  EXPECT_EQ(e["CancellationReasons"][1]["Code"], "ValidationError");
  EXPECT_EQ(e["CancellationReasons"][1]["Message"],
            "The provided expression refers to an attribute that does not exist in the item");
  EXPECT_TRUE(get("audit", {{"pk", {{"S", "x"}}}}).is_null());
}

TEST_F(TransactionTest, RequestValidation) {
  EXPECT_EQ(error(transact_write_items, R"J({"TransactItems": [
      {"ConditionCheck": {"TableName": "accounts", "Key": {"pk": {"S": "alice"}}, "ConditionExpression": "attribute_exists(pk)"}},
      {"Delete": {"TableName": "accounts", "Key": {"pk": {"S": "alice"}}}}]})J")["message"],
            "Transaction request cannot include multiple operations on one item");
  EXPECT_EQ(error(transact_write_items, R"J({"TransactItems": []})J")["message"],
            "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have "
            "length greater than or equal to 1");
  json many = {{"TransactItems", json::array()}};
  for (int i = 0; i < 101; ++i)
    many["TransactItems"].push_back({{"Put", {{"TableName", "audit"}, {"Item", {{"pk", {{"S", std::to_string(i)}}}}}}}});
  EXPECT_EQ(error(transact_write_items, many)["message"],
            "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have "
            "length less than or equal to 100");
  EXPECT_EQ(error(transact_write_items, R"J({"TransactItems": [{"ConditionCheck": {"TableName": "accounts",
      "Key": {"pk": {"S": "a"}}}}]})J")["message"],
            "1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' "
            "failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(error(transact_write_items, R"J({"TransactItems": [{"Put": {"TableName": "nope", "Item": {"pk": {"S": "a"}}}}]})J")["code"],
            "ResourceNotFoundException");
}

TEST_F(TransactionTest, ConflictsFollowDynamoDbsRules) {
  std::string alice = engine_->store.item_key(*engine_->catalog.get(scope_, "accounts")->definition(),
                                              item_from_json(json{{"pk", {{"S", "alice"}}}}));
  // Another transaction holds alice: this one is cancelled, a single write conflicts.
  ASSERT_TRUE(engine_->transactions.begin_transaction({alice}).empty());
  json e = error(transact_write_items, transfer(10));
  EXPECT_EQ(e["CancellationReasons"][0], json({{"Code", "TransactionConflict"}, {"Message", "Transaction is ongoing for the item"}}));
  EXPECT_EQ(e["CancellationReasons"][1], json({{"Code", "None"}}));
  json single = error(put_item, R"J({"TableName": "accounts", "Item": {"pk": {"S": "alice"}}})J");
  EXPECT_EQ(single["code"], "TransactionConflictException");
  EXPECT_EQ(error(transact_get_items, R"J({"TransactItems": [{"Get": {"TableName": "accounts", "Key": {"pk": {"S": "alice"}}}}]})J")
                ["CancellationReasons"][0]["Code"],
            "TransactionConflict");
  // BatchWriteItem hands the held item back instead of failing the batch.
  json batch = call(batch_write_item, R"J({"RequestItems": {"accounts": [
      {"PutRequest": {"Item": {"pk": {"S": "alice"}, "balance": {"N": "1"}}}},
      {"PutRequest": {"Item": {"pk": {"S": "carol"}, "balance": {"N": "1"}}}}]}})J");
  EXPECT_EQ(batch["UnprocessedItems"]["accounts"],
            json::parse(R"J([{"PutRequest": {"Item": {"pk": {"S": "alice"}, "balance": {"N": "1"}}}}])J"));
  EXPECT_FALSE(get("accounts", {{"pk", {{"S", "carol"}}}}).is_null());
  engine_->transactions.end_transaction({alice});
  EXPECT_EQ(error(transact_write_items, transfer(10))["code"], "(no error)");
  EXPECT_EQ(balance("alice"), "90");
}

TEST_F(TransactionTest, ClientRequestTokenMakesTheCallIdempotent) {
  call(transact_write_items, transfer(10, "token-1"));
  json replay = call(transact_write_items, transfer(10, "token-1"));
  EXPECT_EQ(balance("alice"), "90");  // applied once
  EXPECT_EQ(replay["ConsumedCapacity"][0].count("ReadCapacityUnits"), 1u);
  json e = error(transact_write_items, transfer(20, "token-1"));
  EXPECT_EQ(e["code"], "IdempotentParameterMismatchException");
  // A cancelled transaction does not consume its token.
  EXPECT_EQ(error(transact_write_items, transfer(1000, "token-2"))["code"], "TransactionCanceledException");
  call(transact_write_items, transfer(5, "token-2"));
  EXPECT_EQ(balance("alice"), "85");
}

TEST_F(TransactionTest, TransactGetItemsReadsOneSnapshot) {
  json out = call(transact_get_items, R"J({"TransactItems": [
      {"Get": {"TableName": "accounts", "Key": {"pk": {"S": "alice"}}, "ProjectionExpression": "balance"}},
      {"Get": {"TableName": "accounts", "Key": {"pk": {"S": "carol"}}}}], "ReturnConsumedCapacity": "TOTAL"})J");
  ASSERT_EQ(out["Responses"].size(), 2u);
  EXPECT_EQ(out["Responses"][0]["Item"], json({{"balance", {{"N", "100"}}}}));
  EXPECT_EQ(out["Responses"][1], json::object());
  EXPECT_EQ(out["ConsumedCapacity"][0]["CapacityUnits"], 4.0);  // two 4 KB reads, doubled
  EXPECT_EQ(out["ConsumedCapacity"][0]["ReadCapacityUnits"], 4.0);
}

}  // namespace
