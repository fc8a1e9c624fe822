// Retention: expire_events deletes what is older than the cut-off and nothing younger,
// also when events are packed into one record with younger ones.
#include <gtest/gtest.h>

#include "bunker/storage/database.h"
#include "lambda/log_store.h"

namespace bunker::lambda {
namespace {

std::unique_ptr<storage::Database> memory_db() {
  storage::Options o;
  o.in_memory = true;
  return storage::Database::open(o);
}

constexpr int64_t kDay = 24LL * 60 * 60 * 1000;
constexpr int64_t kMinute = 60 * 1000;
const Scope kScope{"000000000000", "us-east-1"};

std::vector<std::string> messages(const LogStore& logs, std::string_view stream) {
  std::vector<std::string> out;
  for (const auto& e : logs.events(kScope, "/g", stream, 0, INT64_MAX)) out.push_back(e.message);
  return out;
}

TEST(LogRetention, ExpiresOldEventsOfEveryStreamOfTheGroupOnly) {
  auto db = memory_db();
  LogStore logs(*db);
  const int64_t now = 100 * kDay;
  logs.append(kScope, "/g", "a", {{now - 10 * kDay, "old-a"}});
  logs.append(kScope, "/g", "a", {{now - kMinute, "new-a"}});
  logs.append(kScope, "/g", "b", {{now - 9 * kDay, "old-b"}});
  logs.append(kScope, "/other", "a", {{now - 10 * kDay, "kept elsewhere"}});
  logs.expire_events(kScope, "/g", now - 7 * kDay);
  EXPECT_EQ(messages(logs, "a"), std::vector<std::string>{"new-a"});
  EXPECT_TRUE(messages(logs, "b").empty());
  ASSERT_TRUE(logs.stream(kScope, "/g", "b"));  // streams stay, as on AWS
  EXPECT_EQ(logs.events(kScope, "/other", "a", 0, INT64_MAX).size(), 1u);
}

TEST(LogRetention, NeverDeletesAnEventWithinRetention) {
  auto db = memory_db();
  LogStore logs(*db);
  const int64_t cut = 50 * kDay;
  // One append packs these into one record keyed by its oldest event, which is expired.
  logs.append(kScope, "/g", "s", {{cut - kMinute, "expired"}, {cut + kMinute, "kept"}});
  logs.expire_events(kScope, "/g", cut);
  auto left = messages(logs, "s");
  ASSERT_FALSE(left.empty());
  EXPECT_EQ(left.back(), "kept");
}

TEST(LogRetention, GroupRecordsChangeInPlace) {
  auto db = memory_db();
  LogStore logs(*db);
  ASSERT_TRUE(logs.create_group(kScope, "/g"));
  EXPECT_TRUE(logs.update_group(kScope, "/g", [](nlohmann::json& g) { g["retentionInDays"] = 5; }));
  EXPECT_EQ((*logs.group(kScope, "/g"))["retentionInDays"], 5);
  EXPECT_FALSE(logs.update_group(kScope, "/none", [](nlohmann::json& g) { g["retentionInDays"] = 5; }));
  EXPECT_FALSE(logs.group(kScope, "/none"));
}

}  // namespace
}  // namespace bunker::lambda
