#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "dynamodb/item_codec.h"

using namespace bunker::dynamodb;

TEST(ItemCodec, RoundTripsEveryTypeAndRejectsCorruption) {
  Item item = item_from_json(nlohmann::json::parse(R"({"s":{"S":"héllo"},"n":{"N":"-1.5e-3"},"b":{"B":"AAEC"},
    "t":{"BOOL":true},"z":{"NULL":true},"m":{"M":{"l":{"L":[{"N":"1"},{"SS":["a","b"]}]}}},
    "ns":{"NS":["3","1"]},"bs":{"BS":["AA==","/w=="]},"empty":{"S":""}})"));
  std::string bytes = encode_item(item);
  EXPECT_EQ(decode_item(bytes), item);
  EXPECT_THROW(decode_item(bytes.substr(0, bytes.size() - 3)), std::runtime_error);
  EXPECT_THROW(decode_item(""), std::runtime_error);
  EXPECT_EQ(decode_item(encode_item(Item{})), Item{});
}
