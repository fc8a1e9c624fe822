// The DynamoDB-stream Lambda event, the reading of function answers, and the OnFailure
// invocation record, against AWS's recorded shapes.
#include <gtest/gtest.h>

#include "event_sources/stream_batch.h"

using namespace bunker::event_sources;
using bunker::dynamodb::StreamEvent;
using nlohmann::json;

namespace {

StreamEvent event(const std::string& seq, bool ttl = false) {
  json r = json::parse(R"({"awsRegion": "us-east-1", "eventID": "e", "eventName": "REMOVE", "eventSource": "aws:dynamodb",
      "eventVersion": "1.1", "dynamodb": {"StreamViewType": "OLD_IMAGE", "SizeBytes": 5, "SequenceNumber": "x",
      "OldImage": {"k": {"S": "v"}}, "Keys": {"k": {"S": "v"}}, "ApproximateCreationDateTime": 1700000000}})");
  r["dynamodb"]["SequenceNumber"] = seq;
  if (ttl) r["userIdentity"] = {{"PrincipalId", "dynamodb.amazonaws.com"}, {"Type", "Service"}};
  return {seq, 1657720081000, r};
}

TEST(StreamBatch, LambdaRecordInAwsOrder) {
  auto r = lambda_record(event("000000000000000000001", true).record, "arn:s");
  std::vector<std::string> keys;
  for (auto& [k, v] : r.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"eventID", "eventName", "eventVersion", "eventSource", "awsRegion",
                                            "userIdentity", "dynamodb", "eventSourceARN"}));
  EXPECT_EQ(r["userIdentity"].dump(), R"({"type":"Service","principalId":"dynamodb.amazonaws.com"})");
  std::vector<std::string> inner;
  for (auto& [k, v] : r["dynamodb"].items()) inner.push_back(k);
  EXPECT_EQ(inner, (std::vector<std::string>{"ApproximateCreationDateTime", "Keys", "OldImage", "SequenceNumber",
                                             "SizeBytes", "StreamViewType"}));
  EXPECT_EQ(r["eventSourceARN"], "arn:s");
}

TEST(StreamBatch, FunctionAnswers) {
  std::vector<StreamEvent> batch = {event("000000000000000000001"), event("000000000000000000002"),
                                    event("000000000000000000003")};
  for (const char* ok : {"", "null", "{}", "[]", R"({"batchItemFailures": []})", R"({"batchItemFailures": null})"})
    EXPECT_TRUE(read_outcome(batch, ok, false, true).ok) << ok;
  auto partial = read_outcome(batch, R"({"batchItemFailures": [{"itemIdentifier": "000000000000000000003"},
                                        {"itemIdentifier": "000000000000000000002"}]})", false, true);
  EXPECT_FALSE(partial.ok);
  EXPECT_EQ(partial.first_failed, 1u);
  for (const char* whole : {R"({"batchItemFailures": [{"itemIdentifier": ""}]})", R"({"batchItemFailures": [{"itemIdentifier": null}]})",
                            R"({"batchItemFailures": [{"foo": "000000000000000000001"}]})",
                            R"({"batchItemFailures": [{"itemIdentifier": "000000000000000000009"}]})"}) {
    auto o = read_outcome(batch, whole, false, true);
    EXPECT_FALSE(o.ok) << whole;
    EXPECT_FALSE(o.first_failed) << whole;
  }
  EXPECT_TRUE(read_outcome(batch, R"({"batchItemFailures": [{"itemIdentifier": "x"}]})", false, false).ok);
  EXPECT_FALSE(read_outcome(batch, "{}", true, true).ok);
}

TEST(StreamBatch, FailureRecordShape) {
  std::vector<StreamEvent> batch = {event("000000000000000000006")};
  FailureContext c{"req", "arn:f", "RetryAttemptsExhausted", 4, 200, "$LATEST", std::nullopt, "shardId-1", "arn:s", 1657720081000};
  auto r = failure_record(c, batch, false);
  EXPECT_EQ(r.dump(),
            R"({"requestContext":{"requestId":"req","functionArn":"arn:f","condition":"RetryAttemptsExhausted","approximateInvokeCount":4},)"
            R"("responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":null},"version":"1.0",)"
            R"("timestamp":"2022-07-13T13:48:01.000Z","DDBStreamBatchInfo":{"shardId":"shardId-1",)"
            R"("startSequenceNumber":"000000000000000000006","endSequenceNumber":"000000000000000000006",)"
            R"("approximateArrivalOfFirstRecord":"2022-07-13T13:48:01Z","approximateArrivalOfLastRecord":"2022-07-13T13:48:01Z",)"
            R"("batchSize":1,"streamArn":"arn:s"}})");
  EXPECT_TRUE(failure_record(c, batch, true).contains("payload"));
}

}  // namespace
