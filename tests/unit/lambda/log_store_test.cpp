#include "lambda/log_store.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

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


// An invocation's lines go in one record; readers see them as separate events, in
// (timestamp, sequence) order, with consecutive sequence numbers, as before.
TEST(LogStore, PackedEventsReadAsSeparateEvents) {
  auto db = memory_db();
  LogStore logs(*db);
  const Scope scope{"000000000000", "us-east-1"};
  const std::string g = "/aws/lambda/f";
  logs.append(scope, g, "s", {{1000, "START\n"}, {1000, "line\n"}, {1005, "END\n"}, {1005, "REPORT\n"}});
  logs.append(scope, g, "s", {{1003, "late\n"}});  // e.g. PutLogEvents, between the others
  logs.append(scope, g, "s", {{2000, "START 2\n"}, {1999, "early\n"}, {2010, "END 2\n"}});

  auto all = logs.events(scope, g, "s", 0, 10000);
  std::vector<std::string> messages;
  for (auto& e : all) messages.push_back(e.message);
  EXPECT_EQ(messages, (std::vector<std::string>{"START\n", "line\n", "late\n", "END\n", "REPORT\n", "early\n",
                                                "START 2\n", "END 2\n"}));
  EXPECT_EQ(all[1].sequence, all[0].sequence + 1);
  EXPECT_EQ(all[2].sequence, all[0].sequence + 4);
  EXPECT_EQ(all[3].timestamp, 1005);
  for (auto& e : all) EXPECT_EQ(e.stream, "s");

  // A window that starts inside a record: only the events inside it.
  auto window = logs.events(scope, g, "s", 1004, 2000);
  messages.clear();
  for (auto& e : window) messages.push_back(e.message);
  EXPECT_EQ(messages, (std::vector<std::string>{"END\n", "REPORT\n", "early\n"}));

  auto stream = logs.stream(scope, g, "s");
  ASSERT_TRUE(stream);
  EXPECT_EQ((*stream)["firstEventTimestamp"], 1000);
  EXPECT_EQ((*stream)["lastEventTimestamp"], 2010);
  EXPECT_EQ((*stream)["uploadSequenceToken"], std::to_string(all.back().sequence));
}

// Events far apart in time, or too many, go in several records; nothing is lost.
TEST(LogStore, LongAppendsSplitIntoSeveralRecords) {
  auto db = memory_db();
  LogStore logs(*db);
  const Scope scope{"000000000000", "us-east-1"};
  std::vector<runtime::LogEvent> events;
  for (int i = 0; i < 1500; ++i) events.push_back({1000 + i, "line " + std::to_string(i) + "\n"});
  events.push_back({1000 + 3600 * 1000, "an hour later\n"});
  logs.append(scope, "/aws/lambda/f", "s", events);
  auto all = logs.events(scope, "/aws/lambda/f", "s", 0, int64_t{1} << 40);
  ASSERT_EQ(all.size(), events.size());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].message, events[i].message);
    EXPECT_EQ(all[i].timestamp, events[i].timestamp_ms);
    if (i) EXPECT_EQ(all[i].sequence, all[i - 1].sequence + 1);
  }
  auto late = logs.events(scope, "/aws/lambda/f", "s", 1000 + 3600 * 1000, int64_t{1} << 40);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].message, "an hour later\n");
  EXPECT_EQ((*logs.stream(scope, "/aws/lambda/f", "s"))["lastEventTimestamp"], 1000 + 3600 * 1000);
}

// Deferred writes: appends of several invocations and streams go out together after the
// delay, one record per stream; reads see them before that; nothing is lost or reordered.
TEST(LogStore, DeferredAppendsAreReadBeforeAndAfterTheirWrite) {
  auto db = memory_db();
  boost::asio::io_context io;
  const Scope scope{"000000000000", "us-east-1"};
  const std::string g = "/aws/lambda/f";
  std::vector<StoredLogEvent> before;
  {
    LogStore logs(*db, io.get_executor(), std::chrono::milliseconds(1));
    logs.append(scope, g, "a", {{1000, "START a1\n"}, {1002, "END a1\n"}});
    logs.append(scope, g, "b", {{1001, "START b1\n"}, {1003, "END b1\n"}});
    logs.append(scope, g, "a", {{1002, "START a2\n"}, {1004, "END a2\n"}});
    before = logs.events(scope, g, "a", 0, 10000);  // written by this read
    logs.append(scope, g, "a", {{1005, "START a3\n"}});
    io.run_for(std::chrono::milliseconds(50));  // the timer writes a3
    LogStore other(*db);  // reads only what is in the database
    auto a = other.events(scope, g, "a", 0, 10000);
    ASSERT_EQ(a.size(), 5u);
    EXPECT_EQ(a[4].message, "START a3\n");
    logs.append(scope, g, "b", {{1006, "REPORT b1\n"}});
  }  // the destructor writes the last one
  ASSERT_EQ(before.size(), 4u);
  std::vector<std::string> messages;
  for (auto& e : before) messages.push_back(e.message);
  EXPECT_EQ(messages, (std::vector<std::string>{"START a1\n", "END a1\n", "START a2\n", "END a2\n"}));
  EXPECT_LT(before[1].sequence, before[2].sequence);
  LogStore reopened(*db);
  auto b = reopened.events(scope, g, "b", 0, 10000);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[2].message, "REPORT b1\n");
  EXPECT_GT(b[2].sequence, b[1].sequence);
  EXPECT_EQ((*reopened.stream(scope, g, "a"))["lastEventTimestamp"], 1005);
  EXPECT_EQ((*reopened.stream(scope, g, "a"))["firstEventTimestamp"], 1000);
}

}  // namespace
}  // namespace bunker::lambda
