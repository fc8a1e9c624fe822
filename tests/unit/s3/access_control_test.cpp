// ACL expansion, the "public" rules of Block Public Access, and how ACLs and bucket
// settings persist (records written before they existed still read).
#include <gtest/gtest.h>

#include "bunker/core/aws_error.h"
#include "bunker/http/headers.h"
#include "s3/acl.h"
#include "s3/bucket_config.h"
#include "s3/object_record.h"
#include "s3/public_policy.h"

namespace bunker::s3 {
namespace {

Grant user(std::string id, std::string p) { return Grant{"CanonicalUser", std::move(id), std::move(p)}; }
Grant group(std::string_view uri, std::string p) { return Grant{"Group", std::string(uri), std::move(p)}; }

TEST(S3Acl, CannedAclsExpandAsDocumented) {
  auto g = [](std::string canned, bool bucket = false) { return expand(RequestedAcl{canned, {}}, "O", "B", bucket); };
  EXPECT_EQ(g("private"), (Grants{user("O", "FULL_CONTROL")}));
  EXPECT_EQ(g("public-read-write"),
            (Grants{user("O", "FULL_CONTROL"), group(kAllUsers, "READ"), group(kAllUsers, "WRITE")}));
  EXPECT_EQ(g("authenticated-read"), (Grants{user("O", "FULL_CONTROL"), group(kAuthenticatedUsers, "READ")}));
  EXPECT_EQ(g("log-delivery-write"),
            (Grants{user("O", "FULL_CONTROL"), group(kLogDelivery, "WRITE"), group(kLogDelivery, "READ_ACP")}));
  EXPECT_EQ(g("bucket-owner-read"), (Grants{user("O", "FULL_CONTROL"), user("B", "READ")}));
  EXPECT_EQ(g("bucket-owner-full-control"), (Grants{user("O", "FULL_CONTROL"), user("B", "FULL_CONTROL")}));
  // On buckets S3 ignores the bucket-owner-* canned ACLs.
  EXPECT_EQ(g("bucket-owner-read", true), (Grants{user("O", "FULL_CONTROL")}));
  EXPECT_TRUE(is_public(g("authenticated-read")));
  EXPECT_FALSE(is_public(g("log-delivery-write")));
}

TEST(S3Acl, HeadersAndTheirErrors) {
  http::Headers h;
  EXPECT_FALSE(acl_from_headers(h, false));
  h.add("x-amz-grant-read", "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\", id=\"abc\"");
  h.add("x-amz-grant-full-control", "id=abc");
  auto acl = acl_from_headers(h, false);
  ASSERT_TRUE(acl);
  EXPECT_EQ(acl->grants, (Grants{user("abc", "FULL_CONTROL"), group(kAllUsers, "READ"), user("abc", "READ")}));
  h.add("x-amz-acl", "private");
  EXPECT_THROW(acl_from_headers(h, false), AwsError);
  http::Headers bad;
  bad.add("x-amz-acl", "public");
  EXPECT_THROW(acl_from_headers(bad, false), AwsError);
}

TEST(S3Acl, DisabledAclsTakeOnlyBucketOwnerFullControl) {
  BucketRecord b;
  b.owner_id = "B";
  b.object_ownership = std::string(kBucketOwnerEnforced);
  EXPECT_TRUE(check_acl_for_put(b, RequestedAcl{"bucket-owner-full-control", {}}, "B", false).empty());
  EXPECT_TRUE(check_acl_for_put(b, RequestedAcl{"", {user("B", "FULL_CONTROL")}}, "B", false).empty());
  EXPECT_THROW(check_acl_for_put(b, RequestedAcl{"private", {}}, "B", false), AwsError);
  b.object_ownership = std::string(kObjectWriter);
  b.public_access_block = PublicAccessBlock{true, false, false, false};
  EXPECT_THROW(check_acl_for_put(b, RequestedAcl{"public-read", {}}, "B", false), AwsError);
  EXPECT_EQ(check_acl_for_put(b, RequestedAcl{"private", {}}, "B", false).size(), 1u);
}

TEST(S3PublicPolicy, WildcardPrincipalsUnlessPinnedToFixedValues) {
  auto policy = [](std::string principal, std::string condition = "") {
    return R"({"Statement":[{"Effect":"Allow","Principal":)" + principal +
           R"(,"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*")" +
           (condition.empty() ? "" : ",\"Condition\":" + condition) + "}]}";
  };
  EXPECT_TRUE(is_public_policy(policy(R"("*")")));
  EXPECT_TRUE(is_public_policy(policy(R"({"AWS":"*"})")));
  EXPECT_FALSE(is_public_policy(policy(R"({"AWS":"arn:aws:iam::111122223333:root"})")));
  EXPECT_FALSE(is_public_policy(policy(R"({"Service":"logging.s3.amazonaws.com"})")));
  EXPECT_FALSE(is_public_policy(policy(R"("*")", R"({"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::src"}})")));
  EXPECT_FALSE(is_public_policy(policy(R"("*")", R"({"IpAddress":{"aws:SourceIp":["10.0.0.0/8"]}})")));
  EXPECT_FALSE(is_public_policy(policy(R"("*")", R"({"StringLike":{"aws:userid":"AROAEXAMPLE:*"}})")));
  EXPECT_TRUE(is_public_policy(policy(R"("*")", R"({"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}})")));
  EXPECT_TRUE(is_public_policy(policy(R"("*")", R"({"StringNotEquals":{"aws:SourceAccount":"1"}})")));
  EXPECT_TRUE(is_public_policy(policy(R"("*")", R"({"StringEquals":{"aws:Referer":"x"}})")));
  EXPECT_TRUE(is_public_policy(policy(R"("*")", R"({"StringLike":{"aws:SourceArn":"arn:*"}})")));
  EXPECT_FALSE(is_public_policy(R"({"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*"}})"));
}

TEST(S3AclRecords, ObjectAclPersistsAndOldRecordsStillRead) {
  ObjectRecord r;
  r.etag = "e";
  r.owner_id = "O";
  std::string old_bytes = encode(r);  // no ACL: the bytes of a record from before ACLs
  r.acl = {user("O", "FULL_CONTROL"), group(kAllUsers, "READ")};
  auto back = decode_object(encode(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->acl, r.acl);
  auto old = decode_object(old_bytes);
  ASSERT_TRUE(old);
  EXPECT_TRUE(old->acl.empty());
  EXPECT_EQ(encode(*old), old_bytes);
}

TEST(S3AclRecords, BucketSettingsPersistAndOldBucketsHaveNone) {
  BucketRecord b;
  b.name = "n";
  b.owner_id = "O";
  b.account_id = "1";
  b.region = "us-east-1";
  auto old = decode_bucket(encode(b));
  ASSERT_TRUE(old);
  EXPECT_TRUE(old->object_ownership.empty());
  EXPECT_FALSE(old->public_access_block);
  b.object_ownership = std::string(kBucketOwnerPreferred);
  b.public_access_block = PublicAccessBlock{true, false, true, false};
  b.acl = {group(kLogDelivery, "WRITE")};
  auto back = decode_bucket(encode(b));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->object_ownership, "BucketOwnerPreferred");
  ASSERT_TRUE(back->public_access_block);
  EXPECT_TRUE(back->public_access_block->block_public_policy);
  EXPECT_FALSE(back->public_access_block->restrict_public_buckets);
  EXPECT_EQ(back->acl, b.acl);
}

}  // namespace
}  // namespace bunker::s3
