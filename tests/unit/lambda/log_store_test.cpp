#include "lambda/log_store.h"

#include <gtest/gtest.h>

#include "bunker/storage/database.h"
#include "bunker/storage/key_codec.h"

namespace bunker::lambda {
namespace {

std::unique_ptr<storage::Database> memory_db() {
  storage::Options o;
  o.in_memory = true;
  return storage::Database::open(o);
}

TEST(LogStore, StreamBoundsComeFromItsEvents) {
  auto db = memory_db();
  LogStore logs(*db);
  const Scope scope{"000000000000", "us-east-1"};
  logs.append(scope, "/aws/lambda/f", "s1", {{2000, "b\n"}, {1000, "a\n"}});
  logs.append(scope, "/aws/lambda/f", "s1", {{3000, "c\n"}});
  logs.append(scope, "/aws/lambda/f", "s10", {{500, "other\n"}});  // a longer name, same prefix

  auto events = logs.events(scope, "/aws/lambda/f", "s1", 0, 10000);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].message, "a\n");
  EXPECT_EQ(events[0].timestamp, 1000);
  EXPECT_EQ(events[2].message, "c\n");
  EXPECT_GT(events[0].ingestion_time, 0);
  EXPECT_LT(events[1].sequence, events[2].sequence);

  auto stream = logs.stream(scope, "/aws/lambda/f", "s1");
  ASSERT_TRUE(stream);
  EXPECT_EQ((*stream)["firstEventTimestamp"], 1000);
  EXPECT_EQ((*stream)["lastEventTimestamp"], 3000);
  EXPECT_EQ((*stream)["lastIngestionTime"], events[2].ingestion_time);
  EXPECT_EQ((*stream)["uploadSequenceToken"], std::to_string(events[2].sequence));
  auto streams = logs.streams(scope, "/aws/lambda/f");
  ASSERT_EQ(streams.size(), 2u);
  EXPECT_EQ(streams[1]["logStreamName"], "s10");
  EXPECT_EQ(streams[1]["lastEventTimestamp"], 500);
}

TEST(LogStore, ReadsEventsWrittenAsJsonByEarlierVersions) {
  auto db = memory_db();
  LogStore logs(*db);
  const Scope scope{"000000000000", "us-east-1"};
  logs.append(scope, "/aws/lambda/f", "s", {{2000, "new\n"}});
  std::string key;
  for (auto part : {scope.account, scope.region, std::string("/aws/lambda/f"), std::string("s")})
    storage::append_string(key, part);
  storage::append_i64(key, 1000);
  storage::append_u64(key, 7);
  db->put(db->family("logs.events"), key, R"({"m":"old\n","i":1234,"s":7})");

  auto events = logs.events(scope, "/aws/lambda/f", "s", 0, 10000);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].message, "old\n");
  EXPECT_EQ(events[0].ingestion_time, 1234);
  EXPECT_EQ(events[0].sequence, 7u);
  EXPECT_EQ(events[1].message, "new\n");
  EXPECT_EQ((*logs.stream(scope, "/aws/lambda/f", "s"))["firstEventTimestamp"], 1000);
}

}  // namespace
}  // namespace bunker::lambda
