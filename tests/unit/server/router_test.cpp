#include <gtest/gtest.h>

#include "server/router.h"

using bunker::http::Request;
using bunker::server::route_request;

namespace {

Request make(std::string method, std::string path, std::string host = "localhost:4566") {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.headers.add("Host", std::move(host));
  return r;
}

std::pair<std::string, std::string> route(const Request& r, const bunker::sigv4::Authorization* auth = nullptr) {
  auto rt = route_request(r, auth);
  return {rt.service, rt.host_label};
}

bunker::sigv4::Authorization scope(std::string service) {
  bunker::sigv4::Authorization a;
  a.access_key = "AKID";
  a.service = std::move(service);
  a.region = "us-east-1";
  return a;
}

}  // namespace

TEST(Router, BunkerOwnPaths) {
  EXPECT_EQ(route(make("GET", "/_bunker/health")).first, "internal");
  EXPECT_EQ(route(make("POST", "/_bunker/reset")).first, "internal");
  EXPECT_EQ(route(make("GET", "/_localstack/health")).first, "internal");
  EXPECT_EQ(route(make("GET", "/_bunker/lambda/runtime/w1/2018-06-01/runtime/invocation/next")).first, "lambda");
}

TEST(Router, LocalVirtualHosts) {
  EXPECT_EQ(route(make("GET", "/k", "my.bucket.s3.localhost:4566")), std::make_pair(std::string("s3"), std::string("my.bucket")));
  EXPECT_EQ(route(make("GET", "/", "site.s3-website.localhost")), std::make_pair(std::string("s3-website"), std::string("site")));
  EXPECT_EQ(route(make("GET", "/dev/x", "a1b2c3.execute-api.localhost:4566")),
            std::make_pair(std::string("execute-api"), std::string("a1b2c3")));
  EXPECT_EQ(route(make("GET", "/dev/x", "a1b2c3.execute-api.localhost.localstack.cloud:4566")),
            std::make_pair(std::string("execute-api"), std::string("a1b2c3")));
  EXPECT_EQ(route(make("GET", "/k", "bucket.s3.localhost.localstack.cloud")),
            std::make_pair(std::string("s3"), std::string("bucket")));
  EXPECT_EQ(route(make("GET", "/k", "bucket.localhost:4566")), std::make_pair(std::string("s3"), std::string("bucket")));
  EXPECT_EQ(route(make("GET", "/bucket/k", "s3.localhost")), std::make_pair(std::string("s3"), std::string()));
}

TEST(Router, AwsHostNames) {
  EXPECT_EQ(route(make("GET", "/k", "bucket.s3.amazonaws.com")), std::make_pair(std::string("s3"), std::string("bucket")));
  EXPECT_EQ(route(make("GET", "/k", "bucket.s3.eu-west-1.amazonaws.com")),
            std::make_pair(std::string("s3"), std::string("bucket")));
  EXPECT_EQ(route(make("GET", "/k", "bucket.s3-us-west-2.amazonaws.com")),
            std::make_pair(std::string("s3"), std::string("bucket")));
  EXPECT_EQ(route(make("GET", "/bucket/k", "s3.us-east-1.amazonaws.com")), std::make_pair(std::string("s3"), std::string()));
  EXPECT_EQ(route(make("GET", "/bucket/k", "s3.amazonaws.com")), std::make_pair(std::string("s3"), std::string()));
  EXPECT_EQ(route(make("GET", "/", "site.s3-website-us-east-1.amazonaws.com")),
            std::make_pair(std::string("s3-website"), std::string("site")));
  EXPECT_EQ(route(make("GET", "/", "site.s3-website.eu-central-1.amazonaws.com")),
            std::make_pair(std::string("s3-website"), std::string("site")));
  EXPECT_EQ(route(make("POST", "/", "dynamodb.us-east-1.amazonaws.com")).first, "dynamodb");
  EXPECT_EQ(route(make("POST", "/", "streams.dynamodb.us-east-1.amazonaws.com")).first, "dynamodbstreams");
  EXPECT_EQ(route(make("GET", "/2015-03-31/functions", "lambda.eu-west-1.amazonaws.com")).first, "lambda");
  EXPECT_EQ(route(make("GET", "/restapis", "apigateway.us-east-1.amazonaws.com")).first, "apigateway");
  EXPECT_EQ(route(make("GET", "/prod/x", "abc123.execute-api.us-east-1.amazonaws.com")),
            std::make_pair(std::string("execute-api"), std::string("abc123")));
  EXPECT_EQ(route(make("POST", "/", "iam.amazonaws.com")).first, "iam");
  EXPECT_EQ(route(make("POST", "/", "sts.us-east-1.amazonaws.com")).first, "sts");
}

TEST(Router, TargetHeader) {
  Request r = make("POST", "/");
  r.headers.add("X-Amz-Target", "DynamoDB_20120810.GetItem");
  EXPECT_EQ(route(r).first, "dynamodb");
  Request s = make("POST", "/");
  s.headers.add("X-Amz-Target", "DynamoDBStreams_20120810.GetRecords");
  EXPECT_EQ(route(s).first, "dynamodbstreams");
  Request l = make("POST", "/");
  l.headers.add("X-Amz-Target", "Logs_20140328.DescribeLogGroups");
  EXPECT_EQ(route(l).first, "logs");
  // A target wins over the <bucket>.localhost form.
  Request d = make("POST", "/", "dynamodb.localhost:4566");
  d.headers.add("X-Amz-Target", "DynamoDB_20120810.ListTables");
  EXPECT_EQ(route(d).first, "dynamodb");
}

TEST(Router, CredentialScope) {
  auto iam = scope("iam");
  EXPECT_EQ(route(make("POST", "/"), &iam).first, "iam");
  auto sts = scope("sts");
  EXPECT_EQ(route(make("POST", "/"), &sts).first, "sts");
  auto lambda = scope("lambda");
  EXPECT_EQ(route(make("GET", "/something"), &lambda).first, "lambda");
  auto s3 = scope("s3");
  EXPECT_EQ(route(make("GET", "/2015-03-31/functions"), &s3).first, "s3");
  auto ddb = scope("dynamodb");
  EXPECT_EQ(route(make("POST", "/"), &ddb).first, "dynamodb");
}

TEST(Router, PathPrefixes) {
  EXPECT_EQ(route(make("GET", "/2015-03-31/functions/f/invocations")).first, "lambda");
  EXPECT_EQ(route(make("GET", "/2018-10-31/layers")).first, "lambda");
  EXPECT_EQ(route(make("GET", "/2018-06-01/runtime/invocation/next")).first, "lambda");
  EXPECT_EQ(route(make("POST", "/2014-11-13/functions/f/invoke-async/")).first, "lambda");
  EXPECT_EQ(route(make("GET", "/restapis")).first, "apigateway");
  EXPECT_EQ(route(make("GET", "/restapis/abc/resources")).first, "apigateway");
  EXPECT_EQ(route(make("GET", "/v2/apis")).first, "apigateway");
  EXPECT_EQ(route(make("GET", "/restapis/abc/dev/_user_request_/hello")).first, "execute-api");
  // Paths that only look like a prefix stay with S3.
  EXPECT_EQ(route(make("GET", "/restapisbucket/key")).first, "s3");
  EXPECT_EQ(route(make("GET", "/mybucket/2015-03-31/functions")).first, "s3");
}

TEST(Router, FallbackIsPathStyleS3) {
  EXPECT_EQ(route(make("GET", "/bucket/key", "127.0.0.1:4566")), std::make_pair(std::string("s3"), std::string()));
  EXPECT_EQ(route(make("PUT", "/bucket", "bunker:4566")), std::make_pair(std::string("s3"), std::string()));
  EXPECT_EQ(route(make("GET", "/", "localhost")).first, "s3");
}
