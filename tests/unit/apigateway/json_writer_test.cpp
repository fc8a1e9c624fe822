// JsonWriter: the text proxy events and $context are written with parses back to what
// was written (commas, nesting, escapes).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <random>

#include "apigateway/invoke/json_writer.h"

using bunker::apigateway::JsonWriter;
using json = nlohmann::json;

TEST(JsonWriter, NestingAndSeparators) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("a").string("x");
  w.key("empty").begin_object();
  w.end_object();
  w.key("list").begin_array();
  w.number(1);
  w.null();
  w.boolean(false);
  w.begin_object();
  w.key("k").string_or_null("");
  w.end_object();
  w.end_array();
  w.key("raw").raw("[1,2]");
  w.key("doc").json_value(json{{"n", 2}});
  w.end_object();
  w.finish();
  EXPECT_EQ(out, R"({"a":"x","empty":{},"list":[1,null,false,{"k":null}],"raw":[1,2],"doc":{"n":2}})");
}

TEST(JsonWriter, EscapesWhatJsonRequires) {
  const std::string tricky = std::string("q\"b\\s/\n\r\t\b\f") + '\x01' + '\x1f' + "\xc3\xa9\xe2\x82\xac";
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key(tricky).string(tricky);
  w.end_object();
  w.finish();
  EXPECT_EQ(out.find('\n'), std::string::npos);
  EXPECT_NE(out.find("\\u0001"), std::string::npos);
  EXPECT_NE(out.find("\\u001f"), std::string::npos);
  const json parsed = json::parse(out);
  EXPECT_EQ(parsed.begin().key(), tricky);
  EXPECT_EQ(parsed.begin().value(), tricky);  // UTF-8 passes through unchanged
}

// The text grows from little room: strings of every length and escape density come out as
// nlohmann writes them, after whatever the target string held.
TEST(JsonWriter, WritesStringsAsNlohmannDoesWhateverTheRoom) {
  const std::string alphabet = std::string("abcXYZ 0189/\"\\\n\t\r\b\f") + '\x01' + '\x1f' + '\x7f';
  std::mt19937 rng(11);
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (int n = static_cast<int>(rng() % 80); n > 0; --n) text += alphabet[rng() % alphabet.size()];
    std::string out = "prefix:";
    JsonWriter w(out, rng() % 4);
    w.begin_array();
    w.string(text);
    w.number(static_cast<int64_t>(rng()) - (1ll << 31));
    w.end_array();
    w.finish();
    ASSERT_TRUE(out.starts_with("prefix:"));
    const json parsed = json::parse(out.substr(7));
    ASSERT_EQ(parsed[0].get<std::string>(), text);
    ASSERT_EQ(out.substr(7, out.rfind(',') - 7), "[" + json(text).dump());
  }
}
