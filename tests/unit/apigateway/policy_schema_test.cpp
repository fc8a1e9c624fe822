// Authorizer policy evaluation and the JSON schema subset request validators use.
#include <gtest/gtest.h>

#include "apigateway/invoke/authorizer_runner.h"
#include "apigateway/invoke/request_validation.h"
#include "bunker/core/strings.h"

using namespace bunker::apigateway;
using json = nlohmann::json;

TEST(Policy, WildcardsAndEffects) {
  const std::string arn = "arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/pets/7";
  EXPECT_TRUE(bunker::wildcard_match("arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/pets/7", arn));
  EXPECT_TRUE(bunker::wildcard_match("arn:aws:execute-api:*:*:abc/*", arn));
  EXPECT_TRUE(bunker::wildcard_match("arn:aws:execute-api:us-east-1:000000000000:abc/prod/*/pets/?", arn));
  EXPECT_FALSE(bunker::wildcard_match("arn:aws:execute-api:us-east-1:000000000000:abc/dev/*", arn));
  auto policy = [](const char* effect, json resource) {
    return json{{"Version", "2012-10-17"},
                {"Statement", {{{"Action", "execute-api:Invoke"}, {"Effect", effect}, {"Resource", resource}}}}};
  };
  EXPECT_EQ(evaluate_policy(policy("Allow", arn), arn), 1);
  EXPECT_EQ(evaluate_policy(policy("Deny", arn), arn), -1);
  EXPECT_EQ(evaluate_policy(policy("Allow", "arn:aws:execute-api:*:*:other/*"), arn), 0);
  json both = policy("Allow", json::array({"*"}));
  both["Statement"].push_back({{"Action", json::array({"execute-api:*"})}, {"Effect", "Deny"}, {"Resource", arn}});
  EXPECT_EQ(evaluate_policy(both, arn), -1);  // an explicit Deny wins
  json single = {{"Statement", {{"Action", "*"}, {"Effect", "Allow"}, {"Resource", "*"}}}};
  EXPECT_EQ(evaluate_policy(single, arn), 1);  // a lone statement object
  EXPECT_EQ(evaluate_policy(json(), arn), 0);
}

TEST(JsonSchema, Draft4Subset) {
  json models = {{"Pet", {{"schema", R"({"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 2}}})"}}}};
  json schema = {{"type", "object"},
                 {"required", {"pets"}},
                 {"properties",
                  {{"pets", {{"type", "array"}, {"items", {{"$ref", "https://apigateway.amazonaws.com/restapis/x/models/Pet"}}}}},
                   {"n", {{"type", "integer"}, {"minimum", 1}, {"maximum", 5}}},
                   {"kind", {{"enum", {"a", "b"}}}},
                   {"status", {{"oneOf", {{{"type", "null"}}, {{"type", "string"}}}}}}}},
                 {"additionalProperties", false}};
  auto ok = [&](const char* text) { return json_schema_valid(schema, json::parse(text), models); };
  EXPECT_TRUE(ok(R"({"pets": [{"name": "Rex"}], "n": 3, "kind": "a", "status": null})"));
  EXPECT_FALSE(ok(R"({"n": 3})"));                               // required
  EXPECT_FALSE(ok(R"({"pets": [{"name": "R"}]})"));               // $ref'd minLength
  EXPECT_FALSE(ok(R"({"pets": [], "n": 7})"));                    // maximum
  EXPECT_FALSE(ok(R"({"pets": [], "n": 1.5})"));                  // integer
  EXPECT_FALSE(ok(R"({"pets": [], "kind": "c"})"));               // enum
  EXPECT_FALSE(ok(R"({"pets": [], "extra": 1})"));                // additionalProperties
  EXPECT_FALSE(ok(R"({"pets": [], "status": 5})"));               // oneOf
}
