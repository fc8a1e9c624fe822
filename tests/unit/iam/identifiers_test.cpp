// Id shapes, ARNs and paging markers.
#include <gtest/gtest.h>

#include "bunker/iam/role_directory.h"
#include "iam/identifiers.h"
#include "iam/pagination.h"

namespace bunker::iam {
namespace {

bool base32(std::string_view s) {
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) return false;
  return true;
}

TEST(Identifiers, PrefixesAndLengths) {
  for (const char* prefix : {"AROA", "AIDA", "ANPA", "AIPA"}) {
    const std::string id = unique_id(prefix);
    EXPECT_EQ(id.size(), 21u);
    EXPECT_TRUE(id.starts_with(prefix));
    EXPECT_TRUE(base32(id));
  }
  EXPECT_TRUE(access_key_id(false).starts_with("AKIA"));
  EXPECT_TRUE(access_key_id(true).starts_with("ASIA"));
  EXPECT_EQ(access_key_id(true).size(), 20u);
  EXPECT_EQ(secret_access_key().size(), 40u);
  EXPECT_NE(unique_id("AROA"), unique_id("AROA"));
}

TEST(Identifiers, EntityArns) {
  EXPECT_EQ(entity_arn("123456789012", "role", "/", "r"), "arn:aws:iam::123456789012:role/r");
  EXPECT_EQ(entity_arn("123456789012", "policy", "/service-role/", "P"), "arn:aws:iam::123456789012:policy/service-role/P");
  auto p = parse_entity_arn("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "policy");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->account, "aws");
  EXPECT_EQ(p->path, "/service-role/");
  EXPECT_EQ(p->name, "AWSLambdaBasicExecutionRole");
  EXPECT_FALSE(parse_entity_arn("arn:aws:iam::123456789012:role/r", "policy"));
  EXPECT_FALSE(parse_entity_arn("arn:aws:s3:::bucket", "policy"));
  EXPECT_FALSE(parse_entity_arn("arn:aws:iam::123456789012:policy/", "policy"));
  EXPECT_EQ(assumed_role_arn("123456789012", "r", "s"), "arn:aws:sts::123456789012:assumed-role/r/s");
}

TEST(Identifiers, LambdaRoleArnShape) {
  EXPECT_TRUE(is_well_formed_role_arn("arn:aws:iam::123456789012:role/lambda-ex"));
  EXPECT_TRUE(is_well_formed_role_arn("arn:aws:iam::123456789012:role/service-role/x_y+z=,.@-"));
  EXPECT_TRUE(is_well_formed_role_arn("arn:aws-cn:iam::123456789012:role/r"));
  EXPECT_FALSE(is_well_formed_role_arn("lambdarole"));
  EXPECT_FALSE(is_well_formed_role_arn("arn:aws:iam::12345:role/r"));
  EXPECT_FALSE(is_well_formed_role_arn("arn:aws:iam::123456789012:user/r"));
  EXPECT_FALSE(is_well_formed_role_arn("arn:aws:iam::123456789012:role/"));
  EXPECT_FALSE(is_well_formed_role_arn("arn:aws:iam::123456789012:role/a b"));
}

TEST(Pagination, PagesResumeAtTheMarker) {
  std::vector<std::string> all{"a", "b", "c", "d", "e"};
  std::vector<std::string> seen;
  PageRequest page;
  page.max_items = 2;
  for (int i = 0; i < 5; ++i) {
    auto items = all;
    PageEnd end = take_page(items, page, [](const std::string& s) { return s; });
    seen.insert(seen.end(), items.begin(), items.end());
    if (!end.next_marker) break;
    page.marker = base64_decode(*end.next_marker).value();
  }
  EXPECT_EQ(seen, all);
}

TEST(Pagination, MarkerOfARemovedItemResumesAtTheNext) {
  std::vector<std::string> items{"a", "c", "d"};
  PageRequest page;
  page.marker = "b";
  take_page(items, page, [](const std::string& s) { return s; });
  EXPECT_EQ(items, (std::vector<std::string>{"c", "d"}));
}

}  // namespace
}  // namespace bunker::iam
