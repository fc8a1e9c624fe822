// EventBridge schedule expressions: which parse, and when cron expressions fire (UTC).
#include <gtest/gtest.h>

#include "events/schedule.h"

using bunker::events::Schedule;

namespace {

// 2024-03-15 (a Friday) at hh:mm UTC, as epoch seconds.
int64_t at(int day, int hour, int minute, int month = 3) {
  std::tm tm{};
  tm.tm_year = 124;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  return static_cast<int64_t>(timegm(&tm));
}

TEST(Schedule, Rates) {
  EXPECT_EQ(Schedule::parse("rate(1 minute)")->rate_seconds(), 60);
  EXPECT_EQ(Schedule::parse("rate(5 minutes)")->rate_seconds(), 300);
  EXPECT_EQ(Schedule::parse("rate(2 hours)")->rate_seconds(), 7200);
  EXPECT_EQ(Schedule::parse("rate(1 day)")->rate_seconds(), 86400);
  for (const char* bad : {"rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(-1 days)", "rate(1 week)", "rate()"})
    EXPECT_FALSE(Schedule::parse(bad)) << bad;
}

TEST(Schedule, CronFields) {
  auto noon = Schedule::parse("cron(0 12 * * ? *)");
  ASSERT_TRUE(noon);
  EXPECT_TRUE(noon->cron_matches(at(15, 12, 0)));
  EXPECT_FALSE(noon->cron_matches(at(15, 12, 1)));
  auto weekdays = Schedule::parse("cron(0/15 9-17 ? * MON-FRI *)");
  ASSERT_TRUE(weekdays);
  EXPECT_TRUE(weekdays->cron_matches(at(15, 9, 45)));   // Friday
  EXPECT_FALSE(weekdays->cron_matches(at(16, 9, 45)));  // Saturday
  EXPECT_FALSE(weekdays->cron_matches(at(15, 18, 0)));
  auto last = Schedule::parse("cron(0 0 L * ? 2024)");
  EXPECT_TRUE(last->cron_matches(at(31, 0, 0)));
  EXPECT_FALSE(last->cron_matches(at(30, 0, 0)));
  auto third_friday = Schedule::parse("cron(30 8 ? * 6#3 *)");
  EXPECT_TRUE(third_friday->cron_matches(at(15, 8, 30)));
  EXPECT_FALSE(third_friday->cron_matches(at(8, 8, 30)));
  auto last_friday = Schedule::parse("cron(0 8 ? * 6L *)");
  EXPECT_TRUE(last_friday->cron_matches(at(29, 8, 0)));
  EXPECT_FALSE(last_friday->cron_matches(at(22, 8, 0)));
  auto weekday_near_16 = Schedule::parse("cron(0 8 16W * ? *)");  // the 16th is a Saturday: Friday the 15th
  EXPECT_TRUE(weekday_near_16->cron_matches(at(15, 8, 0)));
  EXPECT_FALSE(weekday_near_16->cron_matches(at(16, 8, 0)));
  EXPECT_TRUE(Schedule::parse("cron(0 10 ? JAN,MAR * *)")->cron_matches(at(15, 10, 0)));
}

TEST(Schedule, InvalidCron) {
  for (const char* bad : {"cron(0 12 * * * *)", "cron(0 12 ? * ? *)", "cron(60 12 * * ? *)", "cron(0 24 * * ? *)",
                          "cron(0 12 * * ?)", "cron(0 12 32 * ? *)", "cron(0 12 ? * 8 *)", "cron(0 12 ? * FOO *)"})
    EXPECT_FALSE(Schedule::parse(bad)) << bad;
}

}  // namespace
