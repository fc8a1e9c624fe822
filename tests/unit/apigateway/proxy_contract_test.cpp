// The Lambda proxy response contract (REST and payload 1.0, payload 2.0 shortcuts), with
// AWS's recorded cases from tests/data/apigateway/proxy_responses.json.
#include <gtest/gtest.h>

#include <fstream>

#include "apigateway/invoke/proxy_events.h"

using namespace bunker::apigateway;
using json = nlohmann::json;

TEST(ProxyResponseV1, RecordedCases) {
  std::ifstream f(std::string(BUNKER_SOURCE_DIR) + "/tests/data/apigateway/proxy_responses.json");
  ASSERT_TRUE(f) << "missing test data";
  json data = json::parse(f);
  ASSERT_GT(data["cases"].size(), 10u);
  for (const auto& c : data["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    auto parsed = parse_proxy_response_v1(c["returns"].dump());
    const int status = c["status"];
    if (status == 502) {
      EXPECT_FALSE(parsed.has_value());
      continue;
    }
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->status, status);
    EXPECT_EQ(parsed->body, c["body"].get<std::string>());
    const json headers = c.value("headers", json::object());
    for (const auto& [k, v] : headers.items()) {
      if (k == "Content-Type") continue;  // added by the pipeline, not the parser
      ASSERT_TRUE(parsed->headers.get(k).has_value()) << k;
      EXPECT_EQ(std::string(*parsed->headers.get(k)), v.get<std::string>());
      // The merged header keeps the name of its first occurrence.
      bool exact = false;
      for (const auto& [name, value] : parsed->headers) exact = exact || name == k;
      EXPECT_TRUE(exact) << k;
    }
  }
}

TEST(ProxyResponseV1, BodyMustBeAStringAndBase64Flagged) {
  EXPECT_FALSE(parse_proxy_response_v1(R"({"statusCode": 200, "body": {"a": 1}})"));
  EXPECT_FALSE(parse_proxy_response_v1(R"({"statusCode": 200, "isBase64Encoded": "yes"})"));
  auto r = parse_proxy_response_v1(R"({"statusCode": 201, "body": "aGk=", "isBase64Encoded": true})");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->base64);
  EXPECT_EQ(r->status, 201);
}

TEST(ProxyResponseV2, Shortcuts) {
  auto object = parse_proxy_response_v2(R"({"message": "hi"})");
  ASSERT_TRUE(object);
  EXPECT_EQ(object->status, 200);
  EXPECT_EQ(object->body, R"({"message": "hi"})");
  EXPECT_EQ(std::string(*object->headers.get("Content-Type")), "application/json");
  auto text = parse_proxy_response_v2(R"("Hello from Lambda!")");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->body, "Hello from Lambda!");
  auto structured =
      parse_proxy_response_v2(R"({"statusCode": 201, "headers": {"a": "b"}, "cookies": ["c=1", "d=2"], "body": "x"})");
  ASSERT_TRUE(structured);
  EXPECT_EQ(structured->status, 201);
  EXPECT_EQ(structured->headers.get_all("Set-Cookie").size(), 2u);
  EXPECT_FALSE(parse_proxy_response_v2("not json"));
}
