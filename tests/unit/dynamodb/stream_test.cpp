// DynamoDB Streams on the engine: which changes produce records and in what shape,
// shard iterators of every type, closing and re-enabling, retention, expiry.
#include <gtest/gtest.h>

#include "bunker/core/clock.h"
#include "dynamodb/shard_iterator.h"
#include "engine_fixture.h"

using namespace bunker::dynamodb;
using test_util::json;

namespace {

class StreamTest : public test_util::EngineTest {
 protected:
  void SetUp() override { create_table("events", "NEW_AND_OLD_IMAGES"); }

  std::string stream_arn() {
    return call(describe_table, R"J({"TableName": "events"})J")["Table"]["LatestStreamArn"];
  }
  json describe(const std::string& arn) { return call(describe_stream, json{{"StreamArn", arn}})["StreamDescription"]; }
  std::string iterator(const std::string& arn, const std::string& type, const std::string& sequence = "") {
    json body = {{"StreamArn", arn}, {"ShardId", describe(arn)["Shards"][0]["ShardId"]}, {"ShardIteratorType", type}};
    if (!sequence.empty()) body["SequenceNumber"] = sequence;
    return call(get_shard_iterator, body)["ShardIterator"];
  }
  json records(const std::string& it, int limit = 0) {
    json body = {{"ShardIterator", it}};
    if (limit) body["Limit"] = limit;
    return call(get_records, body);
  }
};

TEST_F(StreamTest, RecordsInsertModifyRemoveButNotNoOps) {
  std::string arn = stream_arn();
  put("events", {{"pk", {{"S", "a"}}}, {"v", {{"N", "1"}}}});
  put("events", {{"pk", {{"S", "a"}}}, {"v", {{"N", "1"}}}});  // identical: no record
  call(update_item, R"J({"TableName": "events", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET v = :v",
                        "ExpressionAttributeValues": {":v": {"N": "2"}}})J");
  call(delete_item, R"J({"TableName": "events", "Key": {"pk": {"S": "a"}}})J");
  call(delete_item, R"J({"TableName": "events", "Key": {"pk": {"S": "a"}}})J");  // nothing there: no record
  json out = records(iterator(arn, "TRIM_HORIZON"));
  ASSERT_EQ(out["Records"].size(), 3u);
  json insert = out["Records"][0], modify = out["Records"][1], remove = out["Records"][2];
  EXPECT_EQ(insert["eventName"], "INSERT");
  EXPECT_EQ(insert["eventVersion"], "1.1");
  EXPECT_EQ(insert["eventSource"], "aws:dynamodb");
  EXPECT_EQ(insert["awsRegion"], "us-east-1");
  EXPECT_EQ(insert["eventID"].get<std::string>().size(), 32u);
  EXPECT_EQ(insert["dynamodb"]["Keys"], json({{"pk", {{"S", "a"}}}}));
  EXPECT_EQ(insert["dynamodb"]["NewImage"], json({{"pk", {{"S", "a"}}}, {"v", {{"N", "1"}}}}));
  EXPECT_FALSE(insert["dynamodb"].contains("OldImage"));
  EXPECT_EQ(insert["dynamodb"]["SizeBytes"], 3 + 6);  // Keys {pk: a}, NewImage {pk: a, v: 1}
  EXPECT_EQ(insert["dynamodb"]["StreamViewType"], "NEW_AND_OLD_IMAGES");
  EXPECT_FALSE(insert.contains("userIdentity"));
  EXPECT_EQ(modify["eventName"], "MODIFY");
  EXPECT_EQ(modify["dynamodb"]["OldImage"]["v"]["N"], "1");
  EXPECT_EQ(modify["dynamodb"]["NewImage"]["v"]["N"], "2");
  EXPECT_EQ(remove["eventName"], "REMOVE");
  EXPECT_FALSE(remove["dynamodb"].contains("NewImage"));
  // Sequence numbers are 21-digit strings that increase.
  std::string s0 = insert["dynamodb"]["SequenceNumber"], s1 = modify["dynamodb"]["SequenceNumber"];
  EXPECT_EQ(s0.size(), 21u);
  EXPECT_LT(s0, s1);
  EXPECT_LE(std::abs(insert["dynamodb"]["ApproximateCreationDateTime"].get<double>() - bunker::now_millis() / 1000), 5);
}

TEST_F(StreamTest, ViewTypesChooseTheImages) {
  create_table("keys", "KEYS_ONLY");
  create_table("olds", "OLD_IMAGE");
  for (const char* t : {"keys", "olds"}) {
    put(t, {{"pk", {{"S", "k"}}}, {"v", {{"S", "1"}}}});
    put(t, {{"pk", {{"S", "k"}}}, {"v", {{"S", "2"}}}});
  }
  json keys = records(iterator(call(describe_table, R"J({"TableName": "keys"})J")["Table"]["LatestStreamArn"], "TRIM_HORIZON"));
  EXPECT_FALSE(keys["Records"][1]["dynamodb"].contains("NewImage"));
  EXPECT_FALSE(keys["Records"][1]["dynamodb"].contains("OldImage"));
  json olds = records(iterator(call(describe_table, R"J({"TableName": "olds"})J")["Table"]["LatestStreamArn"], "TRIM_HORIZON"));
  EXPECT_FALSE(olds["Records"][0]["dynamodb"].contains("OldImage"));
  EXPECT_EQ(olds["Records"][1]["dynamodb"]["OldImage"]["v"]["S"], "1");
  EXPECT_FALSE(olds["Records"][1]["dynamodb"].contains("NewImage"));
}

TEST_F(StreamTest, IteratorTypesAndPaging) {
  std::string arn = stream_arn();
  std::string latest = iterator(arn, "LATEST");
  for (int i = 0; i < 5; ++i) put("events", {{"pk", {{"S", "k" + std::to_string(i)}}}});
  json page = records(iterator(arn, "TRIM_HORIZON"), 2);
  ASSERT_EQ(page["Records"].size(), 2u);
  json rest = records(page["NextShardIterator"]);
  ASSERT_EQ(rest["Records"].size(), 3u);
  EXPECT_EQ(rest["Records"][0]["dynamodb"]["Keys"]["pk"]["S"], "k2");
  EXPECT_EQ(records(rest["NextShardIterator"])["Records"].size(), 0u);
  EXPECT_EQ(records(latest)["Records"].size(), 5u);  // LATEST taken before the writes sees them all
  EXPECT_EQ(records(iterator(arn, "LATEST"))["Records"].size(), 0u);
  std::string third = rest["Records"][0]["dynamodb"]["SequenceNumber"];
  EXPECT_EQ(records(iterator(arn, "AT_SEQUENCE_NUMBER", third))["Records"][0]["dynamodb"]["SequenceNumber"], third);
  EXPECT_EQ(records(iterator(arn, "AFTER_SEQUENCE_NUMBER", third))["Records"][0]["dynamodb"]["Keys"]["pk"]["S"], "k3");
}

TEST_F(StreamTest, DisablingClosesTheShardAndEnablingStartsANewStream) {
  std::string first = stream_arn();
  put("events", {{"pk", {{"S", "before"}}}});
  call(update_table, R"J({"TableName": "events", "StreamSpecification": {"StreamEnabled": false}})J");
  put("events", {{"pk", {{"S", "while-off"}}}});
  json d = describe(first);
  EXPECT_EQ(d["StreamStatus"], "DISABLED");
  EXPECT_EQ(stream_arn(), first);  // the disabled stream is still the table's latest
  EXPECT_TRUE(d["Shards"][0]["SequenceNumberRange"].contains("EndingSequenceNumber"));
  json all = records(iterator(first, "TRIM_HORIZON"));
  EXPECT_EQ(all["Records"].size(), 1u);
  EXPECT_FALSE(all.contains("NextShardIterator"));  // closed and fully read
  call(update_table, R"J({"TableName": "events", "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "KEYS_ONLY"}})J");
  std::string second = stream_arn();
  EXPECT_NE(first, second);
  EXPECT_EQ(call(list_streams, R"J({"TableName": "events"})J")["Streams"].size(), 2u);
  EXPECT_EQ(describe(second)["StreamViewType"], "KEYS_ONLY");
  EXPECT_EQ(records(iterator(second, "TRIM_HORIZON"))["Records"].size(), 0u);
}

TEST_F(StreamTest, TransactionsWriteOneRecordPerChangedItem) {
  std::string arn = stream_arn();
  call(transact_write_items, R"J({"TransactItems": [
      {"Put": {"TableName": "events", "Item": {"pk": {"S": "x"}}}},
      {"Put": {"TableName": "events", "Item": {"pk": {"S": "y"}}}},
      {"ConditionCheck": {"TableName": "events", "Key": {"pk": {"S": "z"}}, "ConditionExpression": "attribute_not_exists(pk)"}}]})J");
  EXPECT_EQ(records(iterator(arn, "TRIM_HORIZON"))["Records"].size(), 2u);
}

TEST_F(StreamTest, RetentionTrimsAndIteratorsExpire) {
  std::string arn = stream_arn();
  put("events", {{"pk", {{"S", "old"}}}});
  json first = records(iterator(arn, "TRIM_HORIZON"))["Records"][0];
  engine_->streams.trim(bunker::now_millis() + StreamStore::kRetentionMs + 1000);
  EXPECT_EQ(records(iterator(arn, "TRIM_HORIZON"))["Records"].size(), 0u);
  json e = error(get_shard_iterator, json{{"StreamArn", arn},
                                          {"ShardId", describe(arn)["Shards"][0]["ShardId"]},
                                          {"ShardIteratorType", "AT_SEQUENCE_NUMBER"},
                                          {"SequenceNumber", first["dynamodb"]["SequenceNumber"]}});
  EXPECT_EQ(e["code"], "TrimmedDataAccessException");
  std::string it = iterator(arn, "TRIM_HORIZON");
  engine_->iterator_lifetime_ms = -1;
  json expired = error(get_records, json{{"ShardIterator", it}});
  EXPECT_EQ(expired["code"], "ExpiredIteratorException");
  EXPECT_NE(expired["message"].get<std::string>().find("Iterator expired. The iterator was created at time"), std::string::npos);
}

TEST_F(StreamTest, ErrorsForUnknownStreamsAndBadIterators) {
  json e = error(describe_stream, R"J({"StreamArn": "arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2024-01-01T00:00:00.000"})J");
  EXPECT_EQ(e["code"], "ResourceNotFoundException");
  EXPECT_EQ(e["message"],
            "Requested resource not found: Stream: arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/"
            "2024-01-01T00:00:00.000 not found");
  std::string it = iterator(stream_arn(), "LATEST");
  it[it.size() - 3] = it[it.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(error(get_records, json{{"ShardIterator", it}})["code"], "ValidationException");
  EXPECT_EQ(error(get_shard_iterator, json{{"StreamArn", stream_arn()}, {"ShardId", "shardId-00000000000000000000-00000000"},
                                           {"ShardIteratorType", "LATEST"}})["code"],
            "ResourceNotFoundException");
}

TEST(ShardIterator, RoundTripsAndRejectsOtherText) {
  ShardPosition p{7, 42, 1700000000000, true};
  std::string text = encode_shard_iterator("arn:aws:dynamodb:r:1:table/t/stream/x", p);
  auto back = decode_shard_iterator(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->stream_id, 7u);
  EXPECT_EQ(back->next_sequence, 42u);
  EXPECT_EQ(back->issued_ms, 1700000000000);
  EXPECT_TRUE(back->trim_horizon);
  EXPECT_FALSE(decode_shard_iterator("nonsense"));
  EXPECT_FALSE(decode_shard_iterator("arn:other|1|" + text.substr(text.rfind('|') + 1)));
}

}  // namespace
