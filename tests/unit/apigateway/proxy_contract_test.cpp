// The Lambda proxy response contract (REST and payload 1.0, payload 2.0 shortcuts), with
// AWS's recorded cases from tests/data/apigateway/proxy_responses.json.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "apigateway/invoke/proxy_events.h"
#include "apigateway/invoke/proxy_response_scan.h"

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

namespace {

// Everything a parsed response carries, for comparisons.
std::string describe(const std::optional<ProxyResponse>& r) {
  if (!r) return "malformed";
  std::string out = std::to_string(r->status) + (r->base64 ? " b64" : "") + " [" + r->body + "]";
  for (const auto& [k, v] : r->headers) out += " <" + k + ": " + v + ">";
  return out;
}

// Random texts near the usual proxy response: members in any order, repeated, null,
// of other types; strings with escapes, \u, non-ASCII; numbers in several forms; broken
// syntax now and then.
std::string random_response(std::mt19937& rng) {
  auto pick = [&](std::initializer_list<const char*> options) {
    return std::string(options.begin()[rng() % options.size()]);
  };
  auto str = [&] {
    return pick({R"("")", R"("ok")", R"("{\"hello\":\"world\"}")", R"("a\nb\t\/\\")", R"("caf\u00e9")",
                 "\"caf\xc3\xa9\"", R"("200")", R"(" 201")", R"("x\u0041")", R"("99999999999")"});
  };
  auto header_object = [&] {
    std::string o = "{";
    for (int n = static_cast<int>(rng() % 4), i = 0; i < n; ++i) {
      if (i) o += pick({",", " , ", ",\n"});
      o += pick({R"("content-type")", R"("Content-Type")", R"("X-A")", R"("x-a")", R"("Set-Cookie")", R"("")"});
      o += ":";
      o += pick({R"("application/json")", "null", R"("v1")", R"("a\"b")", "1", "true", R"("\u00e9")", "[\"x\"]"});
    }
    return o + "}";
  };
  auto value = [&](const std::string& name) -> std::string {
    switch (rng() % 8) {
      case 0: return "null";
      case 1: return pick({"true", "false"});
      case 2: return pick({"200", "201", "-1", "0", "99", "600", "200.0", "2e2", "0200", "1234567890", "404"});
      case 3: return str();
      case 4: return header_object();
      case 5: return pick({"[]", R"(["a","b"])", R"({"a":["b"]})", R"({"a":{"b":1}})"});
      default:
        if (name == "statusCode") return pick({"200", "302", "\"204\""});
        if (name == "headers") return header_object();
        if (name == "body") return str();
        if (name == "isBase64Encoded") return pick({"true", "false"});
        return "null";
    }
  };
  std::string text = pick({"", " ", "\n"}) + "{";
  int n = static_cast<int>(rng() % 6);
  for (int i = 0; i < n; ++i) {
    const std::string name = pick({"statusCode", "headers", "body", "isBase64Encoded", "multiValueHeaders", "cookies",
                                   "statusCode", "body", "other"});
    if (i) text += pick({",", ", ", " ,\n"});
    text += "\"" + name + "\"" + pick({":", " : "}) + value(name);
  }
  text += "}" + pick({"", " ", "\n", "", "", "x", ","});
  return text;
}

}  // namespace

// The quick scan answers exactly as the document path for every text, taken or declined.
TEST(ProxyResponse, ScanAnswersAsTheDocumentPath) {
  std::mt19937 rng(5);
  int scanned = 0;
  for (int i = 0; i < 40000; ++i) {
    const std::string text = random_response(rng);
    scanned += scan_proxy_response(text).has_value();
    ASSERT_EQ(describe(parse_proxy_response_v1(text)), describe(parse_proxy_response_v1_document(text))) << text;
    ASSERT_EQ(describe(parse_proxy_response_v2(text)), describe(parse_proxy_response_v2_document(text))) << text;
  }
  EXPECT_GT(scanned, 4000);  // both paths are exercised
  EXPECT_LT(scanned, 36000);
  const std::string usual =
      R"({"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\"hello\":\"world\",\"path\":\"/hello\"}"})";
  EXPECT_EQ(describe(parse_proxy_response_v1(usual)),
            "200 [{\"hello\":\"world\",\"path\":\"/hello\"}] <content-type: application/json>");
  EXPECT_EQ(describe(parse_proxy_response_v2(usual)), describe(parse_proxy_response_v1(usual)));
}
