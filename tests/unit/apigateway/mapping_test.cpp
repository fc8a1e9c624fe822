// Parameter mapping expressions, template selection, integration URIs and the proxy event
// of one request.
#include <gtest/gtest.h>

#include "apigateway/integration_uri.h"
#include "apigateway/invoke/http_api_mapping.h"
#include "apigateway/invoke/http_client.h"
#include "apigateway/invoke/mapping.h"
#include "apigateway/invoke/proxy_events.h"
#include "bunker/core/aws_error.h"

using namespace bunker;
using namespace bunker::apigateway;
using json = nlohmann::json;

namespace {

http::Request sample_request() {
  http::Request r;
  r.method = "POST";
  r.headers.add("Host", "abc123.execute-api.localhost:4566");
  r.headers.add("X-Trace", "t1");
  r.headers.add("x-multi", "a");
  r.headers.add("X-Multi", "b");
  r.headers.add("Cookie", "c1=v1; c2=v2");
  return r;
}

Invocation sample(const http::Request& r) {
  Invocation inv{r};
  inv.api_id = "abc123";
  inv.stage = "prod";
  inv.method = "POST";
  inv.path = "/pets/7";
  inv.full_path = "/prod/pets/7";
  inv.raw_query = "q=1&q=2&plus=a+b";
  inv.query = {{"q", "1"}, {"q", "2"}, {"plus", "a b"}};
  inv.body = R"({"name": "Ann", "tags": ["x"]})";
  inv.source_ip = "127.0.0.1";
  inv.user_agent = "ua";
  inv.domain_name = "abc123.execute-api.localhost";
  inv.domain_prefix = "abc123";
  inv.request_id = "req-1";
  inv.extended_request_id = "ext=";
  inv.trace_id = "Root=1-00000000-000000000000000000000000";
  inv.time_ms = 1583349317135;
  inv.account = "000000000000";
  inv.region = "us-east-1";
  inv.stage_variables = {{"env", "dev"}};
  inv.resource_id = "res123";
  inv.resource_path = "/pets/{petId}";
  inv.path_params = {{"petId", "7"}};
  inv.deployment_id = "dep1";
  return inv;
}

}  // namespace

TEST(Mapping, RequestSources) {
  auto r = sample_request();
  auto inv = sample(r);
  EXPECT_EQ(request_source(inv, "method.request.path.petId"), "7");
  EXPECT_EQ(request_source(inv, "method.request.querystring.q"), "2");
  EXPECT_EQ(request_source(inv, "method.request.multivaluequerystring.q"), "1,2");
  EXPECT_EQ(request_source(inv, "method.request.header.x-trace"), "t1");
  EXPECT_EQ(request_source(inv, "method.request.multivalueheader.X-MULTI"), "a,b");
  EXPECT_EQ(request_source(inv, "method.request.body.name"), "Ann");
  EXPECT_EQ(request_source(inv, "method.request.body.tags"), R"(["x"])");
  EXPECT_EQ(request_source(inv, "'static value'"), "static value");
  EXPECT_EQ(request_source(inv, "context.requestId"), "req-1");
  EXPECT_EQ(request_source(inv, "context.identity.sourceIp"), "127.0.0.1");
  EXPECT_EQ(request_source(inv, "stageVariables.env"), "dev");
  EXPECT_FALSE(request_source(inv, "method.request.header.missing"));
  EXPECT_FALSE(request_source(inv, "nonsense"));
}

TEST(Mapping, ResponseSources) {
  auto r = sample_request();
  auto inv = sample(r);
  IntegrationResult result;
  result.headers.add("X-Backend", "b");
  result.body = R"({"id": 5, "nested": {"k": "v"}})";
  EXPECT_EQ(response_source(inv, result, "integration.response.header.x-backend"), "b");
  EXPECT_EQ(response_source(inv, result, "integration.response.body.nested.k"), "v");
  EXPECT_EQ(response_source(inv, result, "integration.response.body.id"), "5");
  EXPECT_EQ(response_source(inv, result, "integration.response.body"), result.body);
  EXPECT_EQ(response_source(inv, result, "'*'"), "*");
}

TEST(Mapping, ResponseTemplateSelection) {
  std::vector<std::shared_ptr<MappingTemplate>> ts = {compile_template("application/xml", "<a/>"),
                                                      compile_template("application/json", "{}")};
  EXPECT_EQ(select_response_template(ts, "application/xml")->content_type, "application/xml");
  EXPECT_EQ(select_response_template(ts, "text/html, application/xml;q=0.9")->content_type, "application/xml");
  EXPECT_EQ(select_response_template(ts, "")->content_type, "application/json");
  EXPECT_EQ(select_response_template({}, "application/json"), nullptr);
  auto broken = compile_template("application/json", "#if(");
  EXPECT_FALSE(broken->error.empty());
  EXPECT_TRUE(compile_template("application/json", "")->passthrough);
}

TEST(IntegrationUri, PartsAndValidation) {
  auto fn = lambda_function_of(
      "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f:live/invocations");
  ASSERT_TRUE(fn);
  EXPECT_EQ(*fn, "arn:aws:lambda:us-east-1:1:function:f:live");
  auto ddb = parse_aws_uri("arn:aws:apigateway:eu-west-1:dynamodb:action/PutItem");
  ASSERT_TRUE(ddb);
  EXPECT_TRUE(ddb->is_action);
  EXPECT_EQ(ddb->service, "dynamodb");
  EXPECT_EQ(ddb->target, "PutItem");
  EXPECT_EQ(substitute_stage_variables("fn:${stageVariables.alias}/x", [](const std::string& n) { return n + "!"; }),
            "fn:alias!/x");
  EXPECT_NO_THROW(validate_integration_uri("HTTP", "http://${stageVariables.host}/x"));
  EXPECT_THROW(validate_integration_uri("HTTP", "ftp://x"), AwsError);
  EXPECT_THROW(validate_integration_uri("AWS", "nope"), AwsError);
  EXPECT_THROW(validate_integration_uri("AWS_PROXY", "arn:aws:apigateway:us-east-1:s3:path/b/k"), AwsError);
}

TEST(ProxyEvent, RestV1Shape) {
  auto r = sample_request();
  auto inv = sample(r);
  json e = rest_proxy_event(inv, false);
  EXPECT_EQ(e["resource"], "/pets/{petId}");
  EXPECT_EQ(e["path"], "/pets/7");
  EXPECT_EQ(e["httpMethod"], "POST");
  EXPECT_EQ(e["headers"]["X-Trace"], "t1");
  EXPECT_EQ(e["headers"]["x-multi"], "b");  // last value, first spelling
  EXPECT_EQ(e["multiValueHeaders"]["x-multi"], json::array({"a", "b"}));
  EXPECT_EQ(e["headers"]["X-Forwarded-Port"], "4566");
  EXPECT_EQ(e["queryStringParameters"], json({{"q", "2"}, {"plus", "a b"}}));
  EXPECT_EQ(e["multiValueQueryStringParameters"]["q"], json::array({"1", "2"}));
  EXPECT_EQ(e["pathParameters"], json({{"petId", "7"}}));
  EXPECT_EQ(e["stageVariables"], json({{"env", "dev"}}));
  EXPECT_EQ(e["body"], inv.body);
  EXPECT_EQ(e["isBase64Encoded"], false);
  const json& c = e["requestContext"];
  EXPECT_EQ(c["requestTime"], "04/Mar/2020:19:15:17 +0000");
  EXPECT_EQ(c["requestTimeEpoch"], 1583349317135);
  EXPECT_EQ(c["path"], "/prod/pets/7");
  EXPECT_EQ(c["deploymentId"], "dep1");
  EXPECT_FALSE(c.contains("authorizer"));
  EXPECT_TRUE(c["identity"]["accessKey"].is_null());
  EXPECT_EQ(rest_proxy_event(inv, true)["body"], "eyJuYW1lIjogIkFubiIsICJ0YWdzIjogWyJ4Il19");
}

TEST(ProxyEvent, HttpApiV2Shape) {
  auto r = sample_request();
  auto inv = sample(r);
  json e = http_proxy_event_v2(inv, "POST /pets/{petId}", false);
  EXPECT_EQ(e["version"], "2.0");
  EXPECT_EQ(e["rawPath"], "/prod/pets/7");
  EXPECT_EQ(e["rawQueryString"], "q=1&q=2&plus=a+b");
  EXPECT_EQ(e["cookies"], json::array({"c1=v1", "c2=v2"}));
  EXPECT_EQ(e["headers"]["x-multi"], "a,b");
  EXPECT_FALSE(e["headers"].contains("cookie"));
  EXPECT_EQ(e["queryStringParameters"]["q"], "1,2");
  EXPECT_EQ(e["requestContext"]["http"]["method"], "POST");
  EXPECT_EQ(e["requestContext"]["time"], "04/Mar/2020:19:15:17 +0000");
  EXPECT_EQ(e["routeKey"], "POST /pets/{petId}");
}

TEST(HttpClient, UrlParts) {
  ParsedUrl u;
  ASSERT_TRUE(parse_http_url("http://127.0.0.1:8080/a/b?x=1", u));
  EXPECT_EQ(u.scheme, "http");
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, "8080");
  EXPECT_EQ(u.target, "/a/b?x=1");
  ASSERT_TRUE(parse_http_url("http://example.com?q", u));
  EXPECT_EQ(u.port, "80");
  EXPECT_EQ(u.target, "/?q");
  ASSERT_TRUE(parse_http_url("https://[::1]/", u));
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, "443");
  EXPECT_FALSE(parse_http_url("ftp://x/", u));
  EXPECT_FALSE(parse_http_url("http:///path", u));
}

TEST(HttpApiMapping, VariablesAndText) {
  auto r = sample_request();
  auto inv = sample(r);
  EXPECT_EQ(http_mapping_value(inv, nullptr, "$request.header.X-Trace"), "t1");
  EXPECT_FALSE(http_mapping_value(inv, nullptr, "$request.header.missing"));
  EXPECT_EQ(http_mapping_value(inv, nullptr, "/v2/$request.path.petId/x"), "/v2/7/x");
  EXPECT_EQ(http_mapping_value(inv, nullptr, "${stageVariables.env}-${context.stage}."), "dev-prod.");
  EXPECT_EQ(http_mapping_value(inv, nullptr, "$request.body.name"), "Ann");
  EXPECT_EQ(http_mapping_value(inv, nullptr, "static"), "static");
  http::Response resp;
  resp.status = 200;
  resp.headers.add("X-B", "b");
  resp.body = R"({"k": 1})";
  EXPECT_EQ(http_mapping_value(inv, &resp, "$response.header.x-b"), "b");
  EXPECT_EQ(http_mapping_value(inv, &resp, "$response.body.k"), "1");
  apply_http_response_mapping(inv, json{{"200", {{"overwrite:statuscode", "201"}, {"remove:header.X-B", "''"}}}}, resp);
  EXPECT_EQ(resp.status, 201);
  EXPECT_FALSE(resp.headers.has("X-B"));
}

// A client's own X-Forwarded-For chain gets the client address appended (one value left,
// in the spelling the client used); the other forwarded headers the client sent stay.
TEST(ProxyEvent, ForwardedForChainAndClientForwardedHeaders) {
  http::Request r = sample_request();
  r.headers.add("x-forwarded-for", "10.0.0.1");
  r.headers.add("X-Forwarded-For", "10.0.0.2");
  r.headers.add("X-Forwarded-Proto", "https");
  Invocation inv = sample(r);
  json e = rest_proxy_event(inv, false);
  EXPECT_EQ(e["headers"]["x-forwarded-for"], "10.0.0.2, 127.0.0.1");
  EXPECT_EQ(e["multiValueHeaders"]["x-forwarded-for"], json::array({"10.0.0.2, 127.0.0.1"}));
  EXPECT_EQ(e["headers"]["X-Forwarded-Proto"], "https");
  EXPECT_EQ(e["headers"]["X-Forwarded-Port"], "4566");
  EXPECT_EQ(e["multiValueHeaders"]["X-Amzn-Trace-Id"], json::array({"Root=1-00000000-000000000000000000000000"}));
  EXPECT_FALSE(e["headers"].contains("X-Forwarded-For"));
  EXPECT_EQ(e["queryStringParameters"]["q"], "2");
  EXPECT_EQ(e["multiValueQueryStringParameters"]["q"], json::array({"1", "2"}));
}
