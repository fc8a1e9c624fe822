// Time to Live on the engine: the settings API, and the sweeper deleting exactly the
// expired items (with their index entries and a stream record naming the service).
#include <gtest/gtest.h>

#include "bunker/core/clock.h"
#include "dynamodb/ttl_sweeper.h"
#include "engine_fixture.h"

using namespace bunker::dynamodb;
using test_util::json;

namespace {

class TtlTest : public test_util::EngineTest {
 protected:
  void SetUp() override {
    call(bunker::dynamodb::create_table, R"J({"TableName": "sessions", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "user", "AttributeType": "S"}],
        "GlobalSecondaryIndexes": [{"IndexName": "by_user", "KeySchema": [{"AttributeName": "user", "KeyType": "HASH"}],
                                    "Projection": {"ProjectionType": "ALL"}}],
        "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "OLD_IMAGE"}})J");
  }

  void put_session(const std::string& id, const std::optional<std::string>& expires) {
    json item = {{"pk", {{"S", id}}}, {"user", {{"S", "u"}}}};
    if (expires) item["expires"] = {{"N", *expires}};
    put("sessions", item);
  }

  int by_user() {
    return call(query, R"J({"TableName": "sessions", "IndexName": "by_user", "KeyConditionExpression": "#u = :u",
                            "ExpressionAttributeNames": {"#u": "user"}, "ExpressionAttributeValues": {":u": {"S": "u"}}})J")
        ["Count"];
  }
};

TEST_F(TtlTest, SettingsApi) {
  EXPECT_EQ(call(describe_time_to_live, R"J({"TableName": "sessions"})J"),
            json({{"TimeToLiveDescription", {{"TimeToLiveStatus", "DISABLED"}}}}));
  EXPECT_EQ(call(update_time_to_live,
                 R"J({"TableName": "sessions", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expires"}})J"),
            json({{"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "expires"}}}}));
  EXPECT_EQ(call(describe_time_to_live, R"J({"TableName": "sessions"})J")["TimeToLiveDescription"],
            json({{"TimeToLiveStatus", "ENABLED"}, {"AttributeName", "expires"}}));
  EXPECT_EQ(error(update_time_to_live,
                  R"J({"TableName": "sessions", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expires"}})J")
                ["message"],
            "TimeToLive is already enabled");
  EXPECT_EQ(error(update_time_to_live, R"J({"TableName": "sessions"})J")["message"],
            "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member "
            "must not be null");
  call(update_time_to_live, R"J({"TableName": "sessions", "TimeToLiveSpecification": {"Enabled": false, "AttributeName": "expires"}})J");
  EXPECT_EQ(error(update_time_to_live,
                  R"J({"TableName": "sessions", "TimeToLiveSpecification": {"Enabled": false, "AttributeName": "expires"}})J")
                ["message"],
            "TimeToLive is already disabled");
  EXPECT_EQ(error(describe_time_to_live, R"J({"TableName": "nope"})J")["code"], "ResourceNotFoundException");
}

TEST_F(TtlTest, SweeperDeletesOnlyExpiredItems) {
  int64_t now = bunker::now_millis() / 1000;
  put_session("before-enable", std::to_string(now - 10));  // backfilled when TTL is enabled
  call(update_time_to_live, R"J({"TableName": "sessions", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expires"}})J");
  put_session("expired", std::to_string(now - 60) + ".5");
  put_session("future", std::to_string(now + 3600));
  put_session("ancient", std::to_string(now - 6ll * 365 * 24 * 3600));  // over five years: left alone
  put_session("forever", std::nullopt);
  put("sessions", {{"pk", {{"S", "text"}}}, {"expires", {{"S", "0"}}}});  // not a number: ignored
  put_session("rewritten", std::to_string(now - 5));
  put_session("rewritten", std::to_string(now + 3600));  // the old expiry no longer applies
  // Expired but not yet swept: still readable, as on AWS.
  EXPECT_FALSE(get("sessions", {{"pk", {{"S", "expired"}}}}).is_null());
  EXPECT_EQ(by_user(), 6);
  EXPECT_EQ(sweep_expired_items(*engine_, bunker::now_millis()), 2u);
  EXPECT_TRUE(get("sessions", {{"pk", {{"S", "expired"}}}}).is_null());
  EXPECT_TRUE(get("sessions", {{"pk", {{"S", "before-enable"}}}}).is_null());
  for (const char* kept : {"future", "ancient", "forever", "text", "rewritten"})
    EXPECT_FALSE(get("sessions", {{"pk", {{"S", kept}}}}).is_null()) << kept;
  EXPECT_EQ(by_user(), 4);
  EXPECT_EQ(sweep_expired_items(*engine_, bunker::now_millis()), 0u);

  // The deletions appear in the stream as REMOVE records made by the DynamoDB service.
  std::string arn = call(describe_table, R"J({"TableName": "sessions"})J")["Table"]["LatestStreamArn"];
  json shard = call(describe_stream, json{{"StreamArn", arn}})["StreamDescription"]["Shards"][0];
  std::string it = call(get_shard_iterator, json{{"StreamArn", arn}, {"ShardId", shard["ShardId"]},
                                                 {"ShardIteratorType", "TRIM_HORIZON"}})["ShardIterator"];
  int removes = 0;
  json got = call(get_records, json{{"ShardIterator", it}});
  for (const auto& r : got["Records"]) {
    if (r["eventName"] != "REMOVE") {
      EXPECT_FALSE(r.contains("userIdentity"));
      continue;
    }
    ++removes;
    EXPECT_EQ(r["userIdentity"], json({{"Type", "Service"}, {"PrincipalId", "dynamodb.amazonaws.com"}}));
    EXPECT_TRUE(r["dynamodb"].contains("OldImage"));
  }
  EXPECT_EQ(removes, 2);
}

TEST_F(TtlTest, DisablingStopsDeletions) {
  call(update_time_to_live, R"J({"TableName": "sessions", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expires"}})J");
  put_session("expired", std::to_string(bunker::now_millis() / 1000 - 10));
  call(update_time_to_live, R"J({"TableName": "sessions", "TimeToLiveSpecification": {"Enabled": false, "AttributeName": "expires"}})J");
  EXPECT_EQ(sweep_expired_items(*engine_, bunker::now_millis()), 0u);
  EXPECT_FALSE(get("sessions", {{"pk", {{"S", "expired"}}}}).is_null());
}

}  // namespace
