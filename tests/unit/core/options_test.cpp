#include <gtest/gtest.h>

#include <map>

#include "bunker/core/options.h"

using namespace bunker;

namespace {

Options declared() {
  Options o;
  o.add({"port", "BUNKER_PORT", "4566", "port", OptionSpec::Kind::kInt, 0, 65535});
  o.add({"in-memory", "BUNKER_IN_MEMORY", "false", "memory", OptionSpec::Kind::kBool});
  o.add({"idle-timeout", "BUNKER_IDLE_TIMEOUT", "60s", "idle", OptionSpec::Kind::kSeconds, 1, 86400000});
  o.add({"region", "BUNKER_REGION", "us-east-1", "region"});
  return o;
}

Options::ParseResult parse(Options& o, std::vector<const char*> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), "bunker");
  return o.parse(static_cast<int>(args.size()), args.data(), [&](const std::string& k) -> std::optional<std::string> {
    auto it = env.find(k);
    if (it == env.end()) return std::nullopt;
    return it->second;
  });
}

}  // namespace

TEST(Options, DefaultsEnvironmentThenFlags) {
  Options o = declared();
  ASSERT_EQ(parse(o, {"--region=eu-west-1"}, {{"BUNKER_PORT", "5000"}, {"BUNKER_REGION", "ap-south-1"}}).outcome,
            Options::Outcome::kRun);
  EXPECT_EQ(o.integer("port"), 5000);
  EXPECT_EQ(o.str("region"), "eu-west-1");
  EXPECT_FALSE(o.flag("in-memory"));
  EXPECT_DOUBLE_EQ(o.seconds("idle-timeout"), 60.0);
}

TEST(Options, BooleansAndDurations) {
  Options o = declared();
  ASSERT_EQ(parse(o, {"--in-memory", "--idle-timeout", "250ms"}).outcome, Options::Outcome::kRun);
  EXPECT_TRUE(o.flag("in-memory"));
  EXPECT_DOUBLE_EQ(o.seconds("idle-timeout"), 0.25);
  Options p = declared();
  ASSERT_EQ(parse(p, {"--no-in-memory"}, {{"BUNKER_IN_MEMORY", "1"}}).outcome, Options::Outcome::kRun);
  EXPECT_FALSE(p.flag("in-memory"));
}

TEST(Options, BadValuesGiveOneClearLine) {
  Options o = declared();
  auto r = parse(o, {"--port", "x"});
  EXPECT_EQ(r.outcome, Options::Outcome::kError);
  EXPECT_EQ(r.message, "--port expects an integer, got 'x'");
  Options p = declared();
  r = parse(p, {}, {{"BUNKER_PORT", "99999"}});
  EXPECT_EQ(r.outcome, Options::Outcome::kError);
  EXPECT_EQ(r.message.rfind("BUNKER_PORT", 0), 0u);
  Options q = declared();
  EXPECT_EQ(parse(q, {"--bogus"}).outcome, Options::Outcome::kError);
  Options h = declared();
  EXPECT_EQ(parse(h, {"--help"}).outcome, Options::Outcome::kHelp);
  EXPECT_NE(h.help_text("bunker").find("[BUNKER_IDLE_TIMEOUT]"), std::string::npos);
}
