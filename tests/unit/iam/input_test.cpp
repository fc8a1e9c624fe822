// Parameter checks worded as AWS words them, and Query list parameters.
#include <gtest/gtest.h>

#include "bunker/core/aws_error.h"
#include "iam/input.h"

namespace bunker::iam {
namespace {

protocol::QueryRequest query(http::QueryParams params) {
  protocol::QueryRequest q;
  q.params = std::move(params);
  return q;
}

std::string error_of(Input& in) {
  try {
    in.done();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "ValidationError");
    EXPECT_EQ(e.status(), 400);
    return e.message();
  }
  return "";
}

TEST(Input, PatternAndLengthViolationsAreCollected) {
  auto q = query({{"RoleName", "bad name!"}, {"Path", "no-slash"}});
  Input in(q);
  in.required("RoleName", rules::kEntityName);
  in.string("Path", rules::kPath);
  EXPECT_EQ(error_of(in),
            "2 validation errors detected: Value 'bad name!' at 'roleName' failed to satisfy constraint: Member must "
            "satisfy regular expression pattern: [\\w+=,.@-]+; Value 'no-slash' at 'path' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
}

TEST(Input, LengthLimitCountsCharacters) {
  auto q = query({{"RoleName", std::string(65, 'r')}});
  Input in(q);
  in.required("RoleName", rules::kEntityName);
  EXPECT_EQ(error_of(in), "1 validation error detected: Value '" + std::string(65, 'r') +
                              "' at 'roleName' failed to satisfy constraint: Member must have length less than or "
                              "equal to 64");
}

TEST(Input, MissingRequiredIsNull) {
  auto q = query({});
  Input in(q);
  in.required("PolicyArn", rules::kArn);
  EXPECT_EQ(error_of(in),
            "1 validation error detected: Value null at 'policyArn' failed to satisfy constraint: Member must not be null");
}

TEST(Input, IntegerRangeAndEnum) {
  auto q = query({{"MaxItems", "0"}, {"Scope", "Mine"}});
  Input in(q);
  in.integer("MaxItems", 1, 1000);
  in.enumeration("Scope", {"All", "AWS", "Local"});
  const std::string message = error_of(in);
  EXPECT_NE(message.find("Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"),
            std::string::npos);
  EXPECT_NE(message.find("Member must satisfy enum value set: [All, AWS, Local]"), std::string::npos);
}

TEST(Input, PathsAndPolicyPaths) {
  for (const char* ok : {"/", "/service-role/", "/a/b/"}) {
    auto q = query({{"Path", ok}});
    Input in(q);
    in.string("Path", rules::kPath);
    EXPECT_NO_THROW(in.done()) << ok;
  }
  for (const char* bad : {"a/", "/a", "//x"}) {
    auto q = query({{"Path", bad}});
    Input in(q);
    in.string("Path", rules::kPolicyPath);
    EXPECT_THROW(in.done(), AwsError) << bad;
  }
}

TEST(Input, TagsAndListsFollowMemberIndexes) {
  auto q = query({{"Tags.member.2.Key", "b"},
                  {"Tags.member.2.Value", "2"},
                  {"Tags.member.1.Key", "a"},
                  {"Tags.member.1.Value", ""},
                  {"TagKeys.member.10", "k10"},
                  {"TagKeys.member.2", "k2"}});
  Input in(q);
  auto tags = in.tags();
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].key, "a");
  EXPECT_EQ(tags[0].value, "");
  EXPECT_EQ(tags[1].key, "b");
  auto keys = in.strings("TagKeys", rules::kTagKey);
  EXPECT_EQ(keys, (std::vector<std::string>{"k2", "k10"}));
  EXPECT_NO_THROW(in.done());
  EXPECT_TRUE(q.has_list("TagKeys"));
  EXPECT_FALSE(q.has_list("Tags.member"));
}

TEST(Input, TagWithoutValueIsNull) {
  auto q = query({{"Tags.member.1.Key", "a"}});
  Input in(q);
  in.tags();
  EXPECT_EQ(error_of(in),
            "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: Member must "
            "not be null");
}

}  // namespace
}  // namespace bunker::iam
