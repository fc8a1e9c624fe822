// JSONPath as $input.path / $input.json evaluate it.
#include <gtest/gtest.h>

#include "vtl/error.h"
#include "vtl/json_value.h"
#include "vtl/jsonpath.h"

using namespace bunker::vtl;

namespace {

const char* kStore = R"({
  "store": {
    "book": [
      {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
      {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
      {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99}
    ],
    "bicycle": {"color": "red", "price": 19.95},
    "odd key": {"a.b": 1}
  }
})";

std::string eval(const char* path, const char* doc = kStore) {
  Heap heap;
  Heap::Scope scope(heap);
  Value root = *parse_json(doc);
  return to_json(JsonPath::compile(path).evaluate(root));
}

}  // namespace

TEST(JsonPath, DefinitePaths) {
  EXPECT_EQ(eval("$"), eval("$.store").size() > 0 ? eval("$") : "");
  EXPECT_EQ(eval("$.store.bicycle.color"), "\"red\"");
  EXPECT_EQ(eval("$['store']['bicycle']['price']"), "19.95");
  EXPECT_EQ(eval("$[\"store\"].book[0].author"), "\"Nigel Rees\"");
  EXPECT_EQ(eval("$.store.book[-1].title"), "\"Moby Dick\"");
  EXPECT_EQ(eval("$.store['odd key']['a.b']"), "1");
  EXPECT_EQ(eval("store.bicycle.color"), "\"red\"");  // no leading $: relative to the root
  EXPECT_TRUE(JsonPath::compile("$.a[0].b").definite());
}

TEST(JsonPath, MissingDefinitePathIsNull) {
  EXPECT_EQ(eval("$.nope"), "null");
  EXPECT_EQ(eval("$.store.book[7]"), "null");
  EXPECT_EQ(eval("$.store.bicycle.color.deeper"), "null");
}

TEST(JsonPath, WildcardsDeepScanUnionsSlices) {
  EXPECT_EQ(eval("$.store.book[*].author"), R"(["Nigel Rees","Evelyn Waugh","Herman Melville"])");
  EXPECT_EQ(eval("$.store.bicycle.*"), R"(["red",19.95])");
  EXPECT_EQ(eval("$..price"), R"([8.95,12.99,8.99,19.95])");
  EXPECT_EQ(eval("$..book[1].title"), R"(["Sword"])");
  EXPECT_EQ(eval("$.store.book[0,2].title"), R"(["Sayings","Moby Dick"])");
  EXPECT_EQ(eval("$.store.book[:2].price"), R"([8.95,12.99])");
  EXPECT_EQ(eval("$.store.book[-1:].price"), R"([8.99])");
  EXPECT_EQ(eval("$.store.bicycle['color','price']"), R"(["red",19.95])");
  EXPECT_EQ(eval("$.store.nothing[*]"), "[]");
  EXPECT_FALSE(JsonPath::compile("$..a").definite());
}

TEST(JsonPath, Filters) {
  EXPECT_EQ(eval("$.store.book[?(@.price < 10)].title"), R"(["Sayings","Moby Dick"])");
  EXPECT_EQ(eval("$.store.book[?(@.category == 'fiction' && @.price > 10)].title"), R"(["Sword"])");
  EXPECT_EQ(eval("$.store.book[?(@.isbn)].title"), R"(["Moby Dick"])");
  EXPECT_EQ(eval("$.store.book[?(!(@.price >= 9) || @.author =~ /.*waugh/i)].title"), R"(["Sayings","Sword","Moby Dick"])");
  EXPECT_EQ(eval("$.store.book[?(@.price == $.store.bicycle.price)]"), "[]");
  EXPECT_EQ(eval("$.store.book[?(@.title != \"Sword\")].price"), R"([8.95,8.99])");
  EXPECT_EQ(eval("$.items[?(@.n == 1)].id", R"({"items":[{"n":1,"id":"a"},{"n":"1","id":"b"}]})"), R"(["a"])");
}

TEST(JsonPath, Length) {
  EXPECT_EQ(eval("$.store.book.length()"), "3");
  EXPECT_EQ(eval("$.store.book[*].length()"), "3");
}

TEST(JsonPath, MalformedPathsThrow) {
  EXPECT_THROW(JsonPath::compile("$.store["), TemplateError);
  EXPECT_THROW(JsonPath::compile("$.store.book[?(@.price <)]"), TemplateError);
  EXPECT_THROW(JsonPath::compile("$.a.unknown()"), TemplateError);
  EXPECT_THROW(JsonPath::compile("$['a"), TemplateError);
}

TEST(JsonValue, ParsesPermissivelyAndPrintsCompact) {
  Heap heap;
  Heap::Scope scope(heap);
  auto v = parse_json("{statusCode: 200, 'name': 'x', \"list\": [1, 2.5, true, null, \"\\u00e9\"]}");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(to_json(*v), "{\"statusCode\":200,\"name\":\"x\",\"list\":[1,2.5,true,null,\"\xC3\xA9\"]}");
  EXPECT_EQ(to_java_text(*v), "{statusCode=200, name=x, list=[1,2.5,true,null,\"\xC3\xA9\"]}");
  EXPECT_FALSE(parse_json("{\"a\": }").has_value());
  EXPECT_FALSE(parse_json("not json at all").has_value());
  EXPECT_FALSE(parse_json(std::string(2000, '[')).has_value());  // too deep
  EXPECT_EQ(parse_json("12345678901")->kind(), ValueKind::Long);
  EXPECT_EQ(parse_json("12")->kind(), ValueKind::Int);
  EXPECT_EQ(parse_json("1.0")->kind(), ValueKind::Double);
}
