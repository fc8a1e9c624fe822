// The direct JSON writers must give exactly the text nlohmann writes for item_to_json(),
// and the stored-bytes renderer exactly item_size(): clients see no difference.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "dynamodb/item_codec.h"
#include "dynamodb/item_json.h"

using namespace bunker::dynamodb;
using json = nlohmann::json;

namespace {

std::string reference(const Item& item) {
  return item_to_json(item).dump(-1, ' ', false, json::error_handler_t::replace);
}

void expect_same(const Item& item) {
  std::string direct;
  append_item_json(direct, item);
  EXPECT_EQ(direct, reference(item));
  std::string rendered;
  EXPECT_EQ(render_stored_item(encode_item(item), &rendered), item_size(item));
  EXPECT_EQ(rendered, reference(item));
  EXPECT_EQ(render_stored_item(encode_item(item), nullptr), item_size(item));
}

}  // namespace

TEST(ItemJson, MatchesTheJsonDocumentForEveryType) {
  expect_same(item_from_json(json::parse(R"({"s":{"S":"héllo \"quoted\" back\\slash\ttab\u0001ctl/slash\u007f"},
    "n":{"N":"-1.5e-3"},"b":{"B":"AAEC"},"t":{"BOOL":true},"f":{"BOOL":false},"z":{"NULL":true},
    "m":{"M":{"l":{"L":[{"N":"1"},{"SS":["a","b"]},{"M":{}},{"L":[]}]},"é":{"S":"x"}}},
    "ns":{"NS":["3","1","-0.25","1200","1E+100"]},"bs":{"BS":["AA==","/w=="]},"empty":{"S":""},
    "ss":{"SS":["z","\n","ü"]},"big":{"N":"12345678901234567890123456789012345678"}})")));
  expect_same(Item{});
  Item invalid_utf8;
  invalid_utf8.emplace("k", AttributeValue::string(std::string("a\xff\xfe" "b")));
  expect_same(invalid_utf8);
}

TEST(ItemJson, CanonicalNumberSizeMatchesTheNumber) {
  for (const char* text : {"0", "1", "-1", "10", "1200", "0.5", "0.005", "-0.005", "10.5", "12.34", "100.001",
                           "123456789", "1E+125", "-1E-130", "9.99E+125", "0.1000001", "1000000.000001"}) {
    Number n = Number::parse(text);
    EXPECT_EQ(Number::size_bytes_of_canonical(n.to_string()), n.size_bytes()) << text;
  }
}

TEST(ItemJson, EscapesLikeNlohmannAtEveryPosition) {
  for (std::string special : {"\"", "\\", "\n", "\x7f", "\x01", "\x1f", "é", "\xff", " ", "~", "/"}) {
    // 40 bytes: two 16-byte blocks, one 8-byte word and a tail, each checked its own way.
    for (std::size_t at = 0; at <= 40; ++at) {
      std::string s(40, 'a');
      s.insert(at, special);
      std::string direct;
      append_json_string(direct, s);
      EXPECT_EQ(direct, json(s).dump(-1, ' ', false, json::error_handler_t::replace)) << at;
    }
  }
}
