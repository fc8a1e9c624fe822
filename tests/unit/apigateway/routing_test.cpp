// How deployed APIs pick a resource and method (REST) or a route (HTTP APIs).
#include <gtest/gtest.h>

#include "apigateway/invoke/http_api_snapshot.h"
#include "apigateway/invoke/rest_snapshot.h"

using namespace bunker::apigateway;
using json = nlohmann::json;

namespace {

// A deployment snapshot: "/", /pets (GET), /pets/{petId} (GET, DELETE), /pets/{petId}/toys
// (no methods), /{proxy+} (ANY), /files/{path+} (GET).
json rest_snapshot() {
  auto method = [](const char* m) { return json{{"httpMethod", m}, {"authorizationType", "NONE"}}; };
  json resources = {
      {"root", {{"id", "root"}}},
      {"pets", {{"id", "pets"}, {"parentId", "root"}, {"pathPart", "pets"}, {"resourceMethods", {{"GET", method("GET")}}}}},
      {"pet",
       {{"id", "pet"},
        {"parentId", "pets"},
        {"pathPart", "{petId}"},
        {"resourceMethods", {{"GET", method("GET")}, {"DELETE", method("DELETE")}}}}},
      {"toys", {{"id", "toys"}, {"parentId", "pet"}, {"pathPart", "toys"}}},
      {"proxy", {{"id", "proxy"}, {"parentId", "root"}, {"pathPart", "{proxy+}"}, {"resourceMethods", {{"ANY", method("ANY")}}}}},
      {"files", {{"id", "files"}, {"parentId", "root"}, {"pathPart", "files"}}},
      {"path", {{"id", "path"}, {"parentId", "files"}, {"pathPart", "{path+}"}, {"resourceMethods", {{"GET", method("GET")}}}}},
  };
  return {{"api", {{"id", "api"}, {"rootResourceId", "root"}, {"binaryMediaTypes", {"image/*", "application/pdf"}}}},
          {"resources", resources}};
}

std::string routed(const RestSnapshot& s, std::string_view path, std::string_view method) {
  auto m = s.route(path, method);
  if (!m.resource) return "none";
  std::string out = m.resource->path + (m.method ? " " + m.method->http_method : " -");
  for (const auto& [k, v] : m.path_params) out += " " + k + "=" + v;
  return out;
}

}  // namespace

TEST(RestRouting, StaticBeforeVariableBeforeGreedy) {
  auto s = compile_rest_snapshot(rest_snapshot(), "dep");
  EXPECT_EQ(routed(*s, "/pets", "GET"), "/pets GET");
  EXPECT_EQ(routed(*s, "/pets/", "GET"), "/pets GET");
  EXPECT_EQ(routed(*s, "/pets/7", "GET"), "/pets/{petId} GET petId=7");
  EXPECT_EQ(routed(*s, "/pets/7", "DELETE"), "/pets/{petId} DELETE petId=7");
  EXPECT_EQ(routed(*s, "/files/a/b.txt", "GET"), "/files/{path+} GET path=a/b.txt");
  EXPECT_EQ(routed(*s, "/x/y//z/", "PUT"), "/{proxy+} ANY proxy=x/y//z");
}

TEST(RestRouting, FallsBackToAGreedyResourceThatHasTheMethod) {
  auto s = compile_rest_snapshot(rest_snapshot(), "dep");
  // /pets has no POST: the {proxy+} sibling with ANY answers.
  EXPECT_EQ(routed(*s, "/pets", "POST"), "/{proxy+} ANY proxy=pets");
  // /pets/7/toys exists without methods, so the greedy resource takes it.
  EXPECT_EQ(routed(*s, "/pets/7/toys", "GET"), "/{proxy+} ANY proxy=pets/7/toys");
}

TEST(RestRouting, NoMatch) {
  json snap = rest_snapshot();
  snap["resources"].erase("proxy");
  auto s = compile_rest_snapshot(snap, "dep");
  EXPECT_EQ(routed(*s, "/nothing", "GET"), "none");
  EXPECT_EQ(routed(*s, "/pets", "POST"), "/pets -");  // the path matches, the method does not
  EXPECT_EQ(routed(*s, "/", "GET"), "/ -");
  EXPECT_EQ(routed(*s, "/files", "GET"), "/files -");  // {path+} needs at least one segment
}

TEST(RestRouting, BinaryMediaTypes) {
  auto s = compile_rest_snapshot(rest_snapshot(), "dep");
  EXPECT_TRUE(s->is_binary("image/png"));
  EXPECT_TRUE(s->is_binary("application/pdf; charset=binary"));
  EXPECT_FALSE(s->is_binary("application/json"));
  EXPECT_FALSE(s->is_binary(""));
  EXPECT_TRUE(media_type_matches("*/*", "text/plain"));
}

TEST(HttpApiRouting, MostSpecificRouteThenMethodThenDefault) {
  json routes = {
      {"r1", {{"routeKey", "GET /pets/{id}"}}},
      {"r2", {{"routeKey", "ANY /pets/{id}"}}},
      {"r3", {{"routeKey", "GET /pets/mine"}}},
      {"r4", {{"routeKey", "ANY /{proxy+}"}}},
      {"r5", {{"routeKey", "$default"}}},
      {"r6", {{"routeKey", "POST /orders"}}},
  };
  auto s = compile_http_snapshot({{"api", {{"apiId", "a"}}}, {"routes", routes}}, "");
  auto key = [&](std::string_view method, std::string_view path) {
    auto m = s->match(method, path);
    if (!m.route) return std::string("none");
    std::string out = m.route->route_key;
    for (const auto& [k, v] : m.path_params) out += " " + k + "=" + v;
    return out;
  };
  EXPECT_EQ(key("GET", "/pets/mine"), "GET /pets/mine");
  EXPECT_EQ(key("GET", "/pets/7"), "GET /pets/{id} id=7");
  EXPECT_EQ(key("DELETE", "/pets/7"), "ANY /pets/{id} id=7");
  EXPECT_EQ(key("GET", "/a/b%20c"), "ANY /{proxy+} proxy=a/b c");
  EXPECT_EQ(key("GET", "/orders"), "ANY /{proxy+} proxy=orders");
  EXPECT_EQ(key("POST", "/orders"), "POST /orders");
  EXPECT_EQ(key("GET", "/"), "$default");
}
