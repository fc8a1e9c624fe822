// JsonWriter: the text proxy events and $context are written with parses back to what
// was written (commas, nesting, escapes).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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
  EXPECT_EQ(out, R"({"a":"x","empty":{},"list":[1,null,false,{"k":null}],"raw":[1,2],"doc":{"n":2}})");
}

TEST(JsonWriter, EscapesWhatJsonRequires) {
  const std::string tricky = std::string("q\"b\\s/\n\r\t\b\f") + '\x01' + '\x1f' + "\xc3\xa9\xe2\x82\xac";
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key(tricky).string(tricky);
  w.end_object();
  EXPECT_EQ(out.find('\n'), std::string::npos);
  EXPECT_NE(out.find("\\u0001"), std::string::npos);
  EXPECT_NE(out.find("\\u001f"), std::string::npos);
  const json parsed = json::parse(out);
  EXPECT_EQ(parsed.begin().key(), tricky);
  EXPECT_EQ(parsed.begin().value(), tricky);  // UTF-8 passes through unchanged
}
