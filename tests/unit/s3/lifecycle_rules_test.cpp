// Lifecycle rules without a server: what a rule selects, when it is due, and that the
// stored document parses back to the same rules.
#include <gtest/gtest.h>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "s3/lifecycle_rules.h"

namespace bunker::s3 {
namespace {

constexpr int64_t kDay = 86'400'000;

LifecycleConfiguration parse(const std::string& rules) {
  return parse_lifecycle("<LifecycleConfiguration>" + rules + "</LifecycleConfiguration>");
}

TEST(LifecycleRules, DaysCountFromCreationToTheNextMidnight) {
  auto config = parse("<Rule><ID>r</ID><Filter><Prefix>a/</Prefix></Filter><Status>Enabled</Status>"
                      "<Expiration><Days>2</Days></Expiration></Rule>");
  const auto& rule = config.rules.at(0);
  const int64_t created = *parse_iso8601("2024-01-15T10:30:00Z");
  EXPECT_EQ(expiry_ms(rule, created), *parse_iso8601("2024-01-18T00:00:00Z"));
  EXPECT_EQ(next_midnight_ms(*parse_iso8601("2024-01-15T00:00:00Z")), *parse_iso8601("2024-01-16T00:00:00Z"));
  EXPECT_TRUE(rule_applies(rule, "a/x", 1, {}));
  EXPECT_FALSE(rule_applies(rule, "b/x", 1, {}));
}

TEST(LifecycleRules, DatesAndDisabledRules) {
  auto config = parse("<Rule><ID>d</ID><Prefix></Prefix><Status>Enabled</Status>"
                      "<Expiration><Date>2020-01-01</Date></Expiration></Rule>"
                      "<Rule><ID>off</ID><Filter/><Status>Disabled</Status>"
                      "<Expiration><Days>1</Days></Expiration></Rule>");
  EXPECT_EQ(expiry_ms(config.rules[0], 0), *parse_iso8601("2020-01-01T00:00:00Z"));
  EXPECT_EQ(expiry_ms(config.rules[1], 0), std::nullopt);
  EXPECT_TRUE(rule_applies(config.rules[1], "anything", 0, {}));
}

TEST(LifecycleRules, AndFiltersNeedEveryCondition) {
  auto config = parse("<Rule><ID>and</ID><Filter><And><Prefix>p/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag>"
                      "<ObjectSizeGreaterThan>10</ObjectSizeGreaterThan><ObjectSizeLessThan>20</ObjectSizeLessThan>"
                      "</And></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>");
  const auto& r = config.rules[0];
  Pairs tags{{"other", "1"}, {"k", "v"}};
  EXPECT_TRUE(rule_applies(r, "p/x", 15, tags));
  EXPECT_FALSE(rule_applies(r, "p/x", 10, tags));  // sizes are strict
  EXPECT_FALSE(rule_applies(r, "p/x", 20, tags));
  EXPECT_FALSE(rule_applies(r, "p/x", 15, {{"k", "w"}}));
  EXPECT_FALSE(rule_applies(r, "q/x", 15, tags));
}

TEST(LifecycleRules, UploadsAbortByPrefixAfterTheirDays) {
  auto config = parse("<Rule><ID>u</ID><Filter><Prefix>tmp/</Prefix></Filter><Status>Enabled</Status>"
                      "<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation>"
                      "</AbortIncompleteMultipartUpload></Rule>");
  EXPECT_EQ(abort_ms(config.rules[0], "tmp/a", kDay / 2), 2 * kDay);
  EXPECT_EQ(abort_ms(config.rules[0], "data/a", 0), std::nullopt);
  EXPECT_EQ(expiry_ms(config.rules[0], 0), std::nullopt);
}

TEST(LifecycleRules, RenderedDocumentParsesBackAlike) {
  auto config = parse("<Rule><Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status>"
                      "<Transition><Days>0</Days><StorageClass>GLACIER</StorageClass></Transition>"
                      "<Expiration><Date>2030-01-01T00:00:00Z</Date></Expiration></Rule>");
  ASSERT_FALSE(config.rules[0].id.empty());  // named by S3 when the rule was not
  const std::string text = render_lifecycle(config);
  EXPECT_EQ(render_lifecycle(parse_lifecycle(text)), text);
}

TEST(LifecycleRules, Refusals) {
  auto code = [](const std::string& rules) {
    try {
      parse(rules);
    } catch (const AwsError& e) {
      return e.code();
    }
    return std::string("none");
  };
  EXPECT_EQ(code(""), "MalformedXML");
  EXPECT_EQ(code("<Rule><ID>x</ID><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"),
            "MalformedXML");  // neither Filter nor Prefix
  EXPECT_EQ(code("<Rule><ID>x</ID><Filter/><Status>Enabled</Status><Expiration><Days>-1</Days></Expiration></Rule>"),
            "InvalidArgument");
  EXPECT_EQ(code("<Rule><ID>x</ID><Filter/><Status>Enabled</Status></Rule>"), "InvalidRequest");
  EXPECT_EQ(code("<Rule><ID>x</ID><Filter><ObjectSizeLessThan>5</ObjectSizeLessThan></Filter><Status>Enabled</Status>"
                 "<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation>"
                 "</AbortIncompleteMultipartUpload></Rule>"),
            "InvalidRequest");
}

}  // namespace
}  // namespace bunker::s3
