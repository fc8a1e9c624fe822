#include "bunker/core/ids.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace bunker {
namespace {

// 8-4-4-4-12 lower-case hex, version 4, variant 10xx (RFC 4122), and no repeats.
TEST(Ids, Uuid4HasTheVersion4Form) {
  std::set<std::string> seen;
  std::set<char> variants;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = uuid4();
    ASSERT_EQ(id.size(), 36u) << id;
    for (size_t j = 0; j < id.size(); ++j) {
      if (j == 8 || j == 13 || j == 18 || j == 23) {
        ASSERT_EQ(id[j], '-') << id;
      } else {
        ASSERT_TRUE((id[j] >= '0' && id[j] <= '9') || (id[j] >= 'a' && id[j] <= 'f')) << id;
      }
    }
    ASSERT_EQ(id[14], '4') << id;
    ASSERT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    variants.insert(id[19]);
    ASSERT_TRUE(seen.insert(id).second) << id;
  }
  EXPECT_EQ(variants.size(), 4u);
}

}  // namespace
}  // namespace bunker
