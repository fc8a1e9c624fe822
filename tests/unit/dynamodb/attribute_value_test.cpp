#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bunker/core/aws_error.h"
#include "dynamodb/attribute_value.h"

using bunker::AwsError;
using namespace bunker::dynamodb;
using nlohmann::json;

namespace {

AttributeValue av(const char* text) { return AttributeValue::from_json(json::parse(text)); }

std::pair<std::string, std::string> error_of(const char* text) {
  try {
    av(text);
  } catch (const AwsError& e) {
    return {e.code(), e.message()};
  }
  return {"", "(accepted)"};
}

const std::string kInvalid = "One or more parameter values were invalid: ";

}  // namespace

TEST(AttributeValue, RoundTripsEveryType) {
  for (const char* text :
       {R"({"S":"héllo"})", R"({"N":"-12.5"})", R"({"B":"AAEC/w=="})", R"({"BOOL":true})", R"({"NULL":true})",
        R"({"M":{"a":{"S":"x"},"b":{"L":[{"N":"1"},{"M":{}}]}}})", R"({"L":[]})", R"({"SS":["a","b"]})",
        R"({"NS":["1","2.5"]})", R"({"BS":["AA==","/w=="]})"}) {
    EXPECT_EQ(av(text).to_json(), json::parse(text)) << text;
  }
  EXPECT_EQ(av(R"({"N":"1.0"})").to_json(), json::parse(R"({"N":"1"})"));
}

TEST(AttributeValue, MemberCountErrors) {
  EXPECT_EQ(error_of(R"({})").second,
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  EXPECT_EQ(error_of(R"({"S":"a","N":"1"})").second,
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
            "datatypes");
  EXPECT_EQ(error_of(R"({"S":null,"N":"1"})").second, "(accepted)");
}

TEST(AttributeValue, SetErrors) {
  EXPECT_EQ(error_of(R"({"SS":[]})").second, kInvalid + "An string set  may not be empty");
  EXPECT_EQ(error_of(R"({"NS":[]})").second, kInvalid + "An number set  may not be empty");
  EXPECT_EQ(error_of(R"({"BS":[]})").second, kInvalid + "Binary sets should not be empty");
  EXPECT_EQ(error_of(R"({"SS":["b","a","b"]})").second,
            kInvalid + R"(Input collection ["a", "b", "b"] contains duplicates.)");
  EXPECT_EQ(error_of(R"({"BS":["/w==","AA==","AA=="]})").second,
            kInvalid + R"(Input collection ["AA==","/w==","AA=="]of type BS contains duplicates.)");
  EXPECT_EQ(error_of(R"({"NS":["2","1","2"]})").second, kInvalid + "Input collection contains duplicates.");
  EXPECT_EQ(error_of(R"({"NS":["1","1.0"]})").second, kInvalid + "Input collection contains duplicates.");
  EXPECT_EQ(error_of(R"({"SS":[""]})").second, "(accepted)");
  EXPECT_EQ(error_of(R"({"NS":[""]})").second, "The parameter cannot be converted to a numeric value: ");
}

TEST(AttributeValue, ScalarErrors) {
  EXPECT_EQ(error_of(R"({"NULL":false})").second, kInvalid + "Null attribute value types must have the value of true");
  EXPECT_EQ(error_of(R"({"N":"x"})").second, "The parameter cannot be converted to a numeric value: x");
  EXPECT_EQ(error_of(R"({"B":"abc"})").first, "SerializationException");
  EXPECT_EQ(error_of(R"({"N":5})").first, "SerializationException");
  EXPECT_EQ(error_of(R"({"S":""})").second, "(accepted)");
}

TEST(AttributeValue, NestingLimitIs32Levels) {
  auto deep = [](int wraps) {
    json v = {{"S", "leaf"}};
    for (int i = 0; i < wraps; ++i) v = {{"M", {{"n", v}}}};
    return v;
  };
  EXPECT_NO_THROW(AttributeValue::from_json(deep(31)));
  try {
    AttributeValue::from_json(deep(32));
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message(),
              "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
              "supported limit");
  }
}

TEST(AttributeValue, SetEqualityIgnoresOrder) {
  EXPECT_EQ(av(R"({"SS":["a","b","c"]})"), av(R"({"SS":["c","a","b"]})"));
  EXPECT_EQ(av(R"({"NS":["1","10","2"]})"), av(R"({"NS":["2.0","1","1e1"]})"));
  EXPECT_FALSE(av(R"({"SS":["a"]})") == av(R"({"SS":["a","b"]})"));
  EXPECT_FALSE(av(R"({"S":"1"})") == av(R"({"N":"1"})"));
  EXPECT_EQ(av(R"({"M":{"a":{"NS":["1","2"]}}})"), av(R"({"M":{"a":{"NS":["2","1"]}}})"));
}

TEST(AttributeValue, ItemSizeRules) {
  // name bytes + value bytes; numbers by significant digits; maps/lists 3 + 1 per element.
  Item item = item_from_json(json::parse(R"({"id":{"S":"abc"},"n":{"N":"123456"},"ok":{"BOOL":true},
      "m":{"M":{"k":{"S":"v"}}},"l":{"L":[{"NULL":true},{"S":"xy"}]},"ss":{"SS":["a","bc"]}})"));
  std::size_t expected = (2 + 3) + (1 + 4) + (2 + 1) + (1 + (3 + 1 + 1 + 1)) + (1 + (3 + 2 + 1 + 2)) + (2 + 3);
  EXPECT_EQ(item_size(item), expected);
}
