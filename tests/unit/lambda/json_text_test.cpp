#include "lambda/json_text.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <string>
#include <vector>

namespace bunker::lambda {
namespace {

using namespace std::string_literals;

// What Invoke asked before: the check must agree with it on every input.
bool nlohmann_accepts(const std::string& text) { return !nlohmann::json::parse(text, nullptr, false).is_discarded(); }

std::string hex(const std::string& text) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) (out += kDigits[c >> 4]) += kDigits[c & 15];
  return out;
}

TEST(JsonText, AcceptsJsonValues) {
  for (const std::string& text : std::vector<std::string>{
           "{}", "[]", "0", "-0", "1.5e-3", "123456789012345678901234567890", "\"x\"", "true", "false", "null",
        " {\"a\" : [1, {\"b\": null}, \"\\u00e9\\ud83d\\ude00\\n\"] } \r\n\t", "\xEF\xBB\xBF{}",
        "{\"a\":1}\0garbage"s, "[\"caf\xC3\xA9 \xF0\x9F\x98\x80 \xE2\x82\xAC\"]", "1e-400", "{\"a\":1,\"a\":2}"}) {
    EXPECT_TRUE(is_json_text(text)) << text;
    EXPECT_TRUE(nlohmann_accepts(text)) << text;
  }
}

TEST(JsonText, RefusesWhatIsNotJson) {
  for (const std::string& text : std::vector<std::string>{
           "", " ", "\0"s, "{", "[1,]", "{\"a\":1,}", "{\"a\"}", "{1:2}", "01", "-", "1.", "1e", "+1", ".5", "NaN",
        "tru", "truex", "nul", "'x'", "\"\x01\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
        "\"\\ud800\\u0041\"", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xE2\x82\"", "\xEF\xBB{}",
        "{} {}", "1e400", "-1e400", "[1]]", "{\"a\":1}}", "/* */ {}", "{\"a\"\0:1}"s, std::string(400, '9')}) {
    EXPECT_FALSE(is_json_text(text)) << text;
    EXPECT_FALSE(nlohmann_accepts(text)) << text;
  }
}

TEST(JsonText, DeepNestingNeedsNoRecursion) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_TRUE(is_json_text(deep));
  EXPECT_FALSE(is_json_text(deep.substr(0, deep.size() - 1)));
}

// Random texts made of JSON's pieces and of mutated documents: the check and nlohmann agree.
TEST(JsonText, AgreesWithNlohmannOnRandomTexts) {
  const std::vector<std::string> pieces = {
      "{", "}", "[", "]", ",", ":", " ", "\n", "\"", "\"k\"", "\"v\"", "\\", "\\n", "\\u00", "\\ud83d", "\\ude00",
      "\\uD800", "\\u", "0", "1", "-", ".", "e", "E", "+", "12", "9999999999999999999999", "1e308", "1e309", "true",
      "false", "null", "nul", "\x7F", "\xC3\xA9", "\xC3", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
      "\xED\x9F\xBF", "\xED\xA0\x80", "\xEF\xBB\xBF", "\x80", "\xFF", "\x01", "\t", "\0"s, "x", "/"};
  const std::vector<std::string> documents = {
      R"({"resource":"/hello","headers":{"Host":"h","X":"a\"b"},"multiValueHeaders":{"Host":["h"]},"body":null,"n":[1,-2.5e3,0]})",
      R"([true,false,null,"\u00e9\ud83d\ude00",{"a":{"b":[[]]}}])",
      "\"caf\xC3\xA9\"", "-12.5E+7"};
  std::mt19937 rng(12345);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  int agreed_valid = 0;
  for (int round = 0; round < 30000; ++round) {
    std::string text;
    if (round % 2 == 0) {
      const size_t count = 1 + pick(12);
      for (size_t i = 0; i < count; ++i) text += pieces[pick(pieces.size())];
    } else {
      text = documents[pick(documents.size())];
      const size_t edits = 1 + pick(3);
      for (size_t i = 0; i < edits && !text.empty(); ++i) {
        const size_t at = pick(text.size());
        switch (pick(3)) {
          case 0: text.erase(at, 1 + pick(3)); break;
          case 1: text.insert(at, pieces[pick(pieces.size())]); break;
          default: text[at] = static_cast<char>(rng()); break;
        }
      }
    }
    const bool expected = nlohmann_accepts(text);
    ASSERT_EQ(is_json_text(text), expected) << "text (hex): " << hex(text);
    agreed_valid += expected;
  }
  EXPECT_GT(agreed_valid, 1000);  // the generator reaches valid documents, not only refusals
}


// A JSON writer's text is refused by is_json_text only for its bytes that are not UTF-8:
// is_utf8_text agrees with it on a string of random bytes and UTF-8 pieces, quoted.
TEST(JsonText, Utf8CheckAgreesWithTheJsonCheckOfAString) {
  const std::vector<std::string> pieces = {"a", "hello world, ", "\xC3\xA9", "\xC3", "\xE2\x82\xAC", "\xE2\x82",
                                           "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF", "\xF4\x90\x80\x80",
                                           "\xED\x9F\xBF", "\xED\xA0\x80", "\xC0\xAF", "\x80", "\xFF", "\x7F",
                                           "0123456789abcdef"};
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (int n = rng() % 12; n > 0; --n) s += pieces[rng() % pieces.size()];
    ASSERT_EQ(is_utf8_text(s), is_json_text("\"" + s + "\"")) << hex(s);
  }
  EXPECT_TRUE(is_utf8_text(""));
  EXPECT_TRUE(is_utf8_text(R"({"body":"caf\u00e9"})"));
  EXPECT_FALSE(is_utf8_text(std::string(100, 'a') + "\xC3"));
}

}  // namespace
}  // namespace bunker::lambda
