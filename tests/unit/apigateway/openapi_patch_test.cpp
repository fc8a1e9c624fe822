// OpenAPI import into a REST API record, YAML reading and writing, and patch operations.
#include <gtest/gtest.h>

#include "apigateway/openapi.h"
#include "apigateway/patch.h"
#include "apigateway/yaml_json.h"
#include "bunker/core/aws_error.h"

using namespace bunker;
using namespace bunker::apigateway;
using json = nlohmann::json;

namespace {

RestApi empty_api() {
  RestApi api;
  api.account = "000000000000";
  api.region = "us-east-1";
  api.api = {{"id", "api1"}, {"name", "x"}, {"rootResourceId", "root"}};
  api.resources = {{"root", {{"id", "root"}}}};
  return api;
}

const char* kYaml = R"(
openapi: "3.0.1"
info:
  title: Zoo
  version: 1
x-amazon-apigateway-api-key-source: AUTHORIZER
components:
  securitySchemes:
    tok:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: token
        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations
        authorizerResultTtlInSeconds: 60
paths:
  /animals/{id}:
    get:
      security:
        - tok: []
      parameters:
        - {name: id, in: path, required: true}
        - {name: verbose, in: query, required: false}
      responses:
        '200': {description: ok}
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:zoo/invocations
        responses:
          default: {statusCode: 200}
          ".*Error.*": {statusCode: 500}
)";

}  // namespace

TEST(Yaml, ReadsTypedScalarsAndWritesBack) {
  auto doc = parse_json_or_yaml("a: 1\nb: '1'\nc: true\nd: ~\ne: 1.5\nf: [x, 'y']\n");
  ASSERT_TRUE(doc);
  EXPECT_EQ((*doc)["a"], 1);
  EXPECT_EQ((*doc)["b"], "1");
  EXPECT_EQ((*doc)["c"], true);
  EXPECT_TRUE((*doc)["d"].is_null());
  EXPECT_EQ((*doc)["e"], 1.5);
  EXPECT_EQ((*doc)["f"], json::array({"x", "y"}));
  json value = {{"s", "true"}, {"n", 2}, {"l", {"a", "multi\nline"}}, {"o", {{"k", nullptr}}}};
  auto back = parse_json_or_yaml(to_yaml(value));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, value);
  EXPECT_FALSE(parse_json_or_yaml("{unclosed: [").has_value());
}

TEST(OpenApiImport, Oas30WithAuthorizerAndLambdaProxy) {
  RestApi api = empty_api();
  auto doc = parse_json_or_yaml(kYaml);
  ASSERT_TRUE(doc);
  auto warnings = import_openapi(api, *doc, {});
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(api.api["name"], "Zoo");
  EXPECT_EQ(api.api["apiKeySource"], "AUTHORIZER");
  ASSERT_EQ(api.authorizers.size(), 1u);
  const json& auth = api.authorizers.begin().value();
  EXPECT_EQ(auth["type"], "TOKEN");
  EXPECT_EQ(auth["identitySource"], "method.request.header.Authorization");
  EXPECT_EQ(auth["authorizerResultTtlInSeconds"], 60);
  ASSERT_EQ(api.resources.size(), 3u);
  json method;
  for (const auto& [id, r] : api.resources.items())
    if (r.value("pathPart", "") == "{id}") method = r["resourceMethods"]["GET"];
  ASSERT_TRUE(method.is_object());
  EXPECT_EQ(method["authorizationType"], "CUSTOM");
  EXPECT_EQ(method["authorizerId"], auth["id"]);
  EXPECT_EQ(method["requestParameters"],
            json({{"method.request.path.id", true}, {"method.request.querystring.verbose", false}}));
  const json& in = method["methodIntegration"];
  EXPECT_EQ(in["type"], "AWS_PROXY");
  EXPECT_EQ(in["integrationResponses"]["500"]["selectionPattern"], ".*Error.*");
  EXPECT_FALSE(in["integrationResponses"]["200"].contains("selectionPattern"));

  json exported = export_openapi(api, api.snapshot(), "prod", "oas30", true, true);
  EXPECT_EQ(exported["paths"]["/animals/{id}"]["get"]["security"][0].begin().key(), "tok");
  EXPECT_EQ(exported["components"]["securitySchemes"]["tok"]["x-amazon-apigateway-authorizer"]["type"], "token");
}

TEST(OpenApiImport, RefusesWhatIsNotOpenApi) {
  RestApi api = empty_api();
  EXPECT_THROW(import_openapi(api, json{{"info", {{"title", "x"}}}}, {}), AwsError);
  EXPECT_THROW(import_openapi(api, json::array(), {}), AwsError);
}

TEST(Patch, ParsesPathsAndRejectsBadOps) {
  json body = {{"patchOperations",
                {{{"op", "replace"}, {"path", "/requestTemplates/application~1json"}, {"value", "x"}},
                 {{"op", "remove"}, {"path", "/a~0b"}}}}};
  auto ops = parse_patch_operations(body, "updateIntegrationInput");
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].segments, (std::vector<std::string>{"requestTemplates", "application/json"}));
  EXPECT_EQ(ops[1].segments, (std::vector<std::string>{"a~b"}));
  EXPECT_EQ(rest_of_path(ops[0], 1), "application/json");
  json bad = {{"patchOperations", {{{"op", "nope"}, {"path", "/x"}}, {{"op", "add"}, {"path", "/y"}}}}};
  try {
    parse_patch_operations(bad, "updateRestApiInput");
    FAIL() << "expected a validation error";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "ValidationException");
    EXPECT_EQ(e.message(),
              "1 validation error detected: Value 'nope' at 'updateRestApiInput.patchOperations.1.member.op' failed to "
              "satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]");
  }
}
