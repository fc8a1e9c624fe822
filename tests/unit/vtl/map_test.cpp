// vtl::Map: lookups by string and by other keys agree before and after the map grows past
// the size where it starts indexing string keys, and through removals.
#include <gtest/gtest.h>

#include <string>

#include "vtl/value.h"

using bunker::vtl::Map;
using bunker::vtl::Value;

TEST(Map, LookupsAcrossTheIndexingThreshold) {
  Map m;
  for (int i = 0; i < 40; ++i) {
    EXPECT_TRUE(m.put("k" + std::to_string(i), Value::int32(i)).is_null());
    EXPECT_TRUE(m.put(Value::int32(1000 + i), Value::int32(-i)).is_null());  // a non-string key
    for (int j = 0; j <= i; ++j) {
      const Value* v = m.find("k" + std::to_string(j));
      ASSERT_NE(v, nullptr) << i << " " << j;
      EXPECT_EQ(v->as_int64(), j);
      const Value* by_value = m.find(Value::string("k" + std::to_string(j)));
      ASSERT_NE(by_value, nullptr);
      EXPECT_EQ(by_value->as_int64(), j);
      ASSERT_NE(m.find(Value::int32(1000 + j)), nullptr);
    }
    EXPECT_EQ(m.find("k" + std::to_string(i + 1)), nullptr);
  }
  EXPECT_EQ(m.size(), 80u);
  // Replacing keeps the position (insertion order) and answers the previous value.
  EXPECT_EQ(m.put("k3", Value::int32(33)).as_int64(), 3);
  EXPECT_EQ(m.entries()[6].first.as_string(), "k3");
  // Removing shifts the others; lookups still find them.
  EXPECT_EQ(m.remove(Value::string("k0")).as_int64(), 0);
  EXPECT_EQ(m.find("k0"), nullptr);
  EXPECT_EQ(m.find("k39")->as_int64(), 39);
  EXPECT_EQ(m.find("k3")->as_int64(), 33);
  m.clear();
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.find("k5"), nullptr);
  m.put("again", Value::int32(1));
  EXPECT_EQ(m.find("again")->as_int64(), 1);
}

TEST(Map, SmallMapRemoveAndReinsert) {
  Map m;
  m.put("a", Value::int32(1));
  m.put("b", Value::int32(2));
  m.remove(Value::string("a"));
  EXPECT_EQ(m.find("a"), nullptr);
  EXPECT_EQ(m.find("b")->as_int64(), 2);
  m.put("a", Value::int32(3));
  EXPECT_EQ(m.entries().back().first.as_string(), "a");
  EXPECT_EQ(m.find("a")->as_int64(), 3);
}
