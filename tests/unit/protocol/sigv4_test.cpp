#include <gtest/gtest.h>

#include "bunker/protocol/sigv4.h"

using namespace bunker;

// The worked example of AWS's SigV4 documentation (IAM ListUsers, 2015-08-30).
TEST(SigV4, DocumentationExample) {
  http::Request r;
  r.method = "GET";
  r.path = "/";
  r.query = "Action=ListUsers&Version=2010-05-08";
  r.params = http::parse_query(r.query);
  r.headers.add("Host", "iam.amazonaws.com");
  r.headers.add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  r.headers.add("X-Amz-Date", "20150830T123600Z");
  r.headers.add("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                "SignedHeaders=content-type;host;x-amz-date, "
                "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  auto auth = sigv4::parse(r);
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->access_key, "AKIDEXAMPLE");
  EXPECT_EQ(auth->service, "iam");
  EXPECT_EQ(auth->region, "us-east-1");
  const std::string empty_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  std::string canonical = sigv4::canonical_request(r, *auth, empty_hash, false);
  EXPECT_EQ(canonical,
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n" + empty_hash);
  std::string sts = sigv4::string_to_sign(*auth, canonical);
  EXPECT_EQ(sts,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  std::string key = sigv4::signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
  EXPECT_EQ(sigv4::sign(key, sts), auth->signature);
}

TEST(SigV4, PresignedQueryIsParsed) {
  http::Request r;
  r.method = "GET";
  r.path = "/bucket/key";
  r.query =
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240101%2Feu-west-1%2Fs3%2Faws4_request"
      "&X-Amz-Date=20240101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=abc";
  r.params = http::parse_query(r.query);
  auto auth = sigv4::parse(r);
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->kind, sigv4::Authorization::Kind::kPresigned);
  EXPECT_EQ(auth->region, "eu-west-1");
  EXPECT_EQ(auth->service, "s3");
  EXPECT_EQ(auth->expires_seconds, 60);
  // The canonical query leaves the signature out.
  std::string c = sigv4::canonical_request(r, *auth, "UNSIGNED-PAYLOAD", true);
  EXPECT_EQ(c.find("X-Amz-Signature"), std::string::npos);
  EXPECT_NE(c.find("X-Amz-Credential=AKID%2F20240101%2Feu-west-1%2Fs3%2Faws4_request"), std::string::npos);
}

TEST(SigV4, MalformedHeaderIsReported) {
  http::Request r;
  r.headers.add("Authorization", "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc");
  sigv4::MalformedAuthorization error;
  EXPECT_FALSE(sigv4::parse_checked(r, &error));
  EXPECT_NE(error.message.find("Credential"), std::string::npos);
}

TEST(SigV4, NonS3PathsAreEncodedTwice) {
  http::Request r;
  r.method = "GET";
  r.path = "/2015-03-31/functions/arn%3Aaws%3Alambda/invocations";
  r.headers.add("Host", "h");
  sigv4::Authorization a;
  a.signed_headers = {"host"};
  std::string c = sigv4::canonical_request(r, a, "x", false);
  EXPECT_NE(c.find("/2015-03-31/functions/arn%253Aaws%253Alambda/invocations\n"), std::string::npos);
  std::string s3 = sigv4::canonical_request(r, a, "x", true);
  EXPECT_NE(s3.find("/2015-03-31/functions/arn%3Aaws%3Alambda/invocations\n"), std::string::npos);
}

// AWS's S3 SigV2 documentation example (GET /photos/puppy.jpg on bucket awsexamplebucket1).
TEST(SigV2, DocumentationExample) {
  http::Request r;
  r.method = "GET";
  r.path = "/photos/puppy.jpg";
  r.headers.add("Host", "awsexamplebucket1.us-west-1.s3.amazonaws.com");
  r.headers.add("Date", "Tue, 27 Mar 2007 19:36:42 +0000");
  r.headers.add("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=");
  auto auth = sigv4::parse(r);
  ASSERT_TRUE(auth);
  std::string sts = sigv4::sigv2_string_to_sign(r, *auth, "awsexamplebucket1");
  EXPECT_EQ(sts, "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg");
  EXPECT_EQ(sigv4::sigv2_sign("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", sts), auth->signature);
}

// The credential is read by position: the first part is the key, the last four the scope.
TEST(SigV4, CredentialScopeParts) {
  auto parse_cred = [](std::string credential) {
    http::Request r;
    r.headers.add("Authorization", "AWS4-HMAC-SHA256 Credential=" + credential +
                                       ", SignedHeaders=Host;X-Amz-Date;;content-TYPE, Signature=abc");
    sigv4::MalformedAuthorization error;
    auto a = sigv4::parse_checked(r, &error);
    return std::make_pair(a, error.message);
  };
  auto [a, err] = parse_cred("AKID/20150830/us-east-1/iam/aws4_request");
  ASSERT_TRUE(a) << err;
  EXPECT_EQ(a->access_key, "AKID");
  EXPECT_EQ(a->date, "20150830");
  EXPECT_EQ(a->region, "us-east-1");
  EXPECT_EQ(a->service, "iam");
  EXPECT_EQ(a->signed_headers, (std::vector<std::string>{"host", "x-amz-date", "", "content-type"}));
  EXPECT_EQ(a->signature, "abc");

  auto [b, err_b] = parse_cred("AKID/extra/20150830/eu-west-1/s3/aws4_request");
  ASSERT_TRUE(b) << err_b;
  EXPECT_EQ(b->access_key, "AKID");
  EXPECT_EQ(b->date, "20150830");
  EXPECT_EQ(b->region, "eu-west-1");
  EXPECT_EQ(b->service, "s3");

  auto [c, err_c] = parse_cred("/20150830/us-east-1/iam/aws4_request");  // empty key
  EXPECT_FALSE(c);
  EXPECT_EQ(err_c, "Authorization header requires 'Credential' parameter.");
  for (std::string bad : {"20150830/us-east-1/iam/aws4_request", "AKID/20150830/us-east-1/iam/aws4", "aws4_request",
                          "/aws4_request", "////aws4_request"}) {
    auto [d, err_d] = parse_cred(bad);
    EXPECT_FALSE(d) << bad;
    EXPECT_EQ(err_d, "Authorization header requires 'Credential' parameter.") << bad;
  }
}
