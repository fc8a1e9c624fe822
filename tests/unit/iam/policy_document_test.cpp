// The policy grammar check against the cases in tests/data/iam/policy_documents.json.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "bunker/core/aws_error.h"
#include "iam/aws_managed_policies.h"
#include "iam/policy_document.h"

namespace bunker::iam {
namespace {

nlohmann::json load_cases() {
  std::ifstream in(std::string(BUNKER_SOURCE_DIR) + "/tests/data/iam/policy_documents.json");
  return nlohmann::json::parse(in)["cases"];
}

TEST(PolicyDocument, CasesFromData) {
  const auto cases = load_cases();
  ASSERT_GT(cases.size(), 20u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const std::string text = c.contains("document_text") ? c["document_text"].get<std::string>() : c["document"].dump(2);
    const PolicyKind kind = c["kind"] == "trust" ? PolicyKind::kTrust : PolicyKind::kIdentity;
    if (c["error"].is_null()) {
      EXPECT_NO_THROW(validate_policy_document(text, kind));
      continue;
    }
    try {
      validate_policy_document(text, kind);
      ADD_FAILURE() << "accepted a malformed document";
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code(), "MalformedPolicyDocument");
      EXPECT_EQ(e.status(), 400);
      EXPECT_EQ(e.message(), c["error"].get<std::string>());
    }
  }
}

TEST(PolicyDocument, KindDecidesWhatIsRequired) {
  const std::string trust =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
  EXPECT_NO_THROW(validate_policy_document(trust, PolicyKind::kTrust));
  EXPECT_THROW(validate_policy_document(trust, PolicyKind::kIdentity), AwsError);
}

}  // namespace
}  // namespace bunker::iam

namespace bunker::iam {
namespace {

TEST(AwsManagedPolicies, CatalogueIsValidAndAddressable) {
  const auto& all = aws_managed_policies();
  ASSERT_GT(all.size(), 20u);
  for (const auto& p : all) {
    SCOPED_TRACE(p.name);
    EXPECT_NO_THROW(validate_policy_document(p.versions.at(0).document, PolicyKind::kIdentity));
    EXPECT_EQ(p.arn, "arn:aws:iam::aws:policy" + p.path + p.name);
    EXPECT_EQ(find_aws_managed_policy(p.arn), &p);
    EXPECT_TRUE(p.id.starts_with("ANPA"));
    EXPECT_EQ(p.id.size(), 21u);
  }
  for (const char* arn : {"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                          "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole",
                          "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess", "arn:aws:iam::aws:policy/AmazonS3FullAccess",
                          "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
                          "arn:aws:iam::aws:policy/AWSLambdaExecute"})
    EXPECT_NE(find_aws_managed_policy(arn), nullptr) << arn;
  EXPECT_EQ(find_aws_managed_policy("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"), nullptr);
}

}  // namespace
}  // namespace bunker::iam
