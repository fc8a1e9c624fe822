#include "bunker/core/strings.h"

#include <gtest/gtest.h>

namespace bunker {
namespace {

TEST(WildcardMatch, StarCrossesSeparatorsAndQuestionMarkIsOneCharacter) {
  EXPECT_TRUE(wildcard_match("arn:aws:s3:::notif-*", "arn:aws:s3:::notif-events"));
  EXPECT_TRUE(wildcard_match("arn:aws:events:*:rule/*", "arn:aws:events:us-east-1:000000000000:rule/a/b"));
  EXPECT_TRUE(wildcard_match("pets/?", "pets/7"));
  EXPECT_FALSE(wildcard_match("pets/?", "pets/77"));
  EXPECT_TRUE(wildcard_match("*", ""));
  EXPECT_FALSE(wildcard_match("a", ""));
  EXPECT_TRUE(wildcard_match("a*b*c", "aXXbYYbc"));
  EXPECT_FALSE(wildcard_match("a*b*c", "aXXbYY"));
}

TEST(WildcardMatch, AStarInTheTextIsMatchedByAPatternStarToo) {
  // A pattern '*' is always a wildcard, also where the text holds a literal '*'.
  EXPECT_TRUE(wildcard_match("a*", "a*b"));
  EXPECT_TRUE(wildcard_match("*b", "**b"));
}

TEST(WildcardMatch, Rules) {
  EXPECT_FALSE(wildcard_match("lambda:invoke*", "lambda:InvokeFunction"));
  EXPECT_TRUE(wildcard_match("lambda:invoke*", "lambda:InvokeFunction", {.ignore_case = true}));
  // EventBridge "wildcard" filters know only '*': '?' is itself.
  EXPECT_FALSE(wildcard_match("file?.png", "file1.png", {.any_char = false}));
  EXPECT_TRUE(wildcard_match("file?.png", "file?.png", {.any_char = false}));
  EXPECT_TRUE(wildcard_match("dir/*.png", "dir/a/b.png", {.any_char = false}));
}

}  // namespace
}  // namespace bunker
