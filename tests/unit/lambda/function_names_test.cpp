// Function names in every form the API accepts, and AWS's errors for the rest.
#include "lambda/function_names.h"

#include <gtest/gtest.h>

#include "bunker/core/aws_error.h"

using namespace bunker::lambda;

TEST(FunctionNames, Forms) {
  auto plain = parse_function_name("my-fn");
  EXPECT_EQ(plain.name, "my-fn");
  EXPECT_FALSE(plain.qualifier);

  auto qualified = parse_function_name("my-fn:live");
  EXPECT_EQ(qualified.name, "my-fn");
  EXPECT_EQ(*qualified.qualifier, "live");

  auto partial = parse_function_name("123456789012:function:my-fn:3");
  EXPECT_EQ(*partial.account, "123456789012");
  EXPECT_EQ(partial.name, "my-fn");
  EXPECT_EQ(*partial.qualifier, "3");

  auto arn = parse_function_name("arn:aws:lambda:eu-west-1:123456789012:function:my-fn:$LATEST");
  EXPECT_EQ(*arn.region, "eu-west-1");
  EXPECT_EQ(arn.name, "my-fn");
  EXPECT_EQ(*arn.qualifier, "$LATEST");
}

TEST(FunctionNames, Invalid) {
  try {
    parse_function_name("invalid:function:name");
    FAIL();
  } catch (const bunker::AwsError& e) {
    EXPECT_EQ(e.code(), "ValidationException");
    EXPECT_TRUE(e.message().starts_with(
        "1 validation error detected: Value 'invalid:function:name' at 'functionName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: "));
  }
  EXPECT_THROW(parse_function_name("arn:aws:lambda:us-east-1:123400000000@function:myfn"), bunker::AwsError);
  try {
    parse_function_name(std::string(65, 'a'), 64);
    FAIL();
  } catch (const bunker::AwsError& e) {
    EXPECT_EQ(e.code(), "InvalidParameterValueException");
  }
}

TEST(FunctionNames, QualifierMismatch) {
  auto ref = parse_function_name("fn:1");
  EXPECT_EQ(*merge_qualifier(ref, std::nullopt), "1");
  EXPECT_EQ(*merge_qualifier(ref, std::string("1")), "1");
  EXPECT_THROW(merge_qualifier(ref, std::string("2")), bunker::AwsError);
}

TEST(FunctionNames, Validators) {
  EXPECT_NO_THROW(validate_role("arn:aws:iam::000000000000:role/lambda-role"));
  EXPECT_THROW(validate_role("r1"), bunker::AwsError);
  EXPECT_NO_THROW(validate_alias_name("live"));
  EXPECT_THROW(validate_alias_name("2024"), bunker::AwsError);
  EXPECT_THROW(validate_statement_id("example.com"), bunker::AwsError);
  EXPECT_EQ(function_arn("us-east-1", "000000000000", "f"), "arn:aws:lambda:us-east-1:000000000000:function:f");
}
