#include "protocol/json_body_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bunker/core/aws_error.h"
#include "bunker/protocol/json_rpc.h"

namespace bunker::protocol {
namespace {

using nlohmann::json;

// The quick reader must give exactly nlohmann's document: same members, same number types.
void expect_same_as_nlohmann(const std::string& text) {
  json quick;
  ASSERT_TRUE(parse_simple_json(text, quick)) << text;
  json reference = json::parse(text);
  EXPECT_EQ(quick, reference) << text;
  EXPECT_EQ(quick.dump(), reference.dump()) << text;
  // Types survive too (10 stays unsigned, -3 signed): equality alone would not tell.
  std::vector<std::pair<const json*, const json*>> pending{{&quick, &reference}};
  while (!pending.empty()) {
    auto [a, b] = pending.back();
    pending.pop_back();
    ASSERT_EQ(a->type(), b->type()) << text;
    if (a->is_structured()) {
      auto ia = a->begin();
      for (auto ib = b->begin(); ib != b->end(); ++ia, ++ib) pending.emplace_back(&*ia, &*ib);
    }
  }
}

TEST(JsonBodyParser, ReadsWhatSdksSend) {
  for (const std::string text : {
           R"({})",
           R"( { } )",
           R"({"TableName":"bench","Key":{"pk":{"S":"user#00001"},"sk":{"N":"7"}}})",
           R"({"TableName": "t", "Limit": 10, "ConsistentRead": true, "Select": null, "X": false})",
           R"({"a":[],"b":[1,-2,3,{"c":[[]]}],"d":{"e":{}}})",
           "{\n\t\"Item\" : {\"payload\":{\"S\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}}\r\n}",
           R"({"esc":"a\"b\\c\/d\be\ff\ng\rh\ti"})",
           R"({"n":0,"m":-0,"big":999999999999999999,"neg":-999999999999999999})",
           R"({"dup":1,"dup":{"x":"second wins"}})",
           R"(["top","level",1])",
           R"("just a string")",
           R"(42)",
       })
    expect_same_as_nlohmann(text);
}

TEST(JsonBodyParser, DeclinesWhatItLeavesToNlohmann) {
  for (const std::string text : {
           // nlohmann decides these (its UTF-8, surrogate and number rules)
           R"({"s":"\u00e9"})", "{\"s\":\"\xc3\xa9\"}", R"({"f":1.5})", R"({"e":1e3})", R"({"big":1234567890123456789})",
           // and rejects these
           R"({"a":1,})", R"({"a" 1})", R"({"a":01})", R"({"a":-})", R"({"a":tru})", R"({a:1})", R"({"a":1} x)",
           R"({"a":"unterminated)", "{\"ctl\":\"a\x01b\"}", R"({"bad":"\x"})", R"([1,2)", "", "   ",
       }) {
    json out;
    EXPECT_FALSE(parse_simple_json(text, out)) << text;
  }
  std::string deep(200, '[');
  deep += std::string(200, ']');
  json out;
  EXPECT_FALSE(parse_simple_json(deep, out));
}

TEST(JsonBodyParser, BodyErrorsAreNlohmannsVerdict) {
  // What the services see: the same document or the same SerializationException.
  EXPECT_EQ(parse_json_body(R"({"s":"\u00e9","f":1.5})"), json::parse(R"({"s":"\u00e9","f":1.5})"));
  EXPECT_EQ(parse_json_body("  "), json::object());
  for (const std::string bad : {R"({"a":1,})", "{\"s\":\"\xff\"}", R"({"a":01})"}) {
    try {
      parse_json_body(bad);
      ADD_FAILURE() << bad;
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code(), "SerializationException");
      EXPECT_EQ(e.message(), "Unexpected character found in request body");
    }
  }
  try {
    parse_json_body("[1]");
    ADD_FAILURE();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message(), "Start of structure or map found where not expected.");
  }
}

}  // namespace
}  // namespace bunker::protocol
