// Event patterns (Lambda FilterCriteria, EventBridge rules): matching and validation,
// with the cases AWS's recorded DynamoDB-stream filter tests exercise.
#include <gtest/gtest.h>

#include "bunker/event_sources/event_pattern.h"

using bunker::event_sources::EventPattern;
using bunker::event_sources::InvalidPattern;
using nlohmann::json;

namespace {

bool matches(const char* pattern, const char* event) {
  return EventPattern::parse_text(pattern).matches(json::parse(event));
}

const char* kInsert = R"({"eventName": "INSERT", "eventSource": "aws:dynamodb",
    "dynamodb": {"NewImage": {"id": {"S": "1"}, "presentKey": {"S": "presentValue"}, "prefix": {"S": "us-1-x"},
                              "numericFilter": {"N": "42"}}, "ApproximateCreationDateTime": 1700000000}})";

TEST(EventPattern, RecordedDynamoDbFilters) {
  EXPECT_TRUE(matches(R"({"eventName": ["INSERT"]})", kInsert));
  EXPECT_TRUE(matches(R"({"eventName": ["INSERT", "MODIFY"]})", kInsert));
  EXPECT_FALSE(matches(R"({"eventName": ["REMOVE"]})", kInsert));
  EXPECT_TRUE(matches(R"({"eventName": ["INSERT"], "eventSource": ["aws:dynamodb"]})", kInsert));
  EXPECT_TRUE(matches(R"({"dynamodb": {"NewImage": {"presentKey": {"S": ["presentValue"]}}}})", kInsert));
  EXPECT_TRUE(matches(R"({"dynamodb": {"NewImage": {"presentKey": {"S": [{"exists": true}]}}}})", kInsert));
  EXPECT_FALSE(matches(R"({"dynamodb": {"NewImage": {"absent": {"S": [{"exists": true}]}}}})", kInsert));
  // An object where a leaf is expected counts as absent: exists:false matches it.
  EXPECT_TRUE(matches(R"({"dynamodb": {"NewImage": {"presentKey": [{"exists": false}]}}})", kInsert));
  // numeric matches numbers only; anything-but lets "42" through.
  EXPECT_TRUE(matches(R"({"dynamodb": {"NewImage": {"numericFilter": {"N": [{"numeric": [">", 100]}, {"anything-but": "101"}]}}}})", kInsert));
  EXPECT_FALSE(matches(R"({"dynamodb": {"NewImage": {"numericFilter": {"N": [{"numeric": [">", 1]}]}}}})", kInsert));
  EXPECT_TRUE(matches(R"({"dynamodb": {"NewImage": {"prefix": {"S": [{"prefix": "us-1"}]}}}})", kInsert));
  EXPECT_TRUE(matches(R"({"dynamodb": {"ApproximateCreationDateTime": [{"numeric": [">=", 1600000000, "<", 1800000000]}]}})", kInsert));
}

TEST(EventPattern, OtherMatchers) {
  const char* e = R"({"source": "app", "detail": {"tags": ["a", "b"], "n": 5, "name": "Hello.txt", "x": null}})";
  EXPECT_TRUE(matches(R"({"detail": {"tags": ["b"]}})", e));
  EXPECT_TRUE(matches(R"({"detail": {"name": [{"suffix": ".txt"}]}})", e));
  EXPECT_TRUE(matches(R"({"detail": {"name": [{"equals-ignore-case": "hello.TXT"}]}})", e));
  EXPECT_TRUE(matches(R"({"detail": {"name": [{"wildcard": "H*.t?t"}]}})", e) == false);
  EXPECT_TRUE(matches(R"({"detail": {"name": [{"wildcard": "H*.txt"}]}})", e));
  EXPECT_TRUE(matches(R"({"detail": {"n": [5]}})", e));
  EXPECT_TRUE(matches(R"({"detail": {"x": [null]}})", e));
  EXPECT_TRUE(matches(R"({"detail": {"n": [{"anything-but": [1, 2]}]}})", e));
  EXPECT_FALSE(matches(R"({"detail": {"missing": [{"anything-but": "z"}]}})", e));
  EXPECT_TRUE(matches(R"({"$or": [{"source": ["other"]}, {"detail": {"n": [{"numeric": ["=", 5]}]}}]})", e));
  EXPECT_FALSE(matches(R"({"$or": [{"source": ["other"]}, {"detail": {"n": [6]}}]})", e));
}

TEST(EventPattern, InvalidPatterns) {
  for (const char* bad : {R"("single-string")", R"([{"eventName": ["INSERT"=123}])", R"({"eventName": "INSERT"})",
                          R"({"a": [{"numeric": [">"]}]})", R"({"a": [{"exists": "yes"}]})", R"({"a": [{"bogus": 1}]})",
                          R"({"a": [[1]]})"})
    EXPECT_THROW(EventPattern::parse_text(bad), InvalidPattern) << bad;
}

}  // namespace
