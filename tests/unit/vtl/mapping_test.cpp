// The API Gateway layer: $input, $util, $context, $stageVariables and the overrides.
#include <gtest/gtest.h>

#include "vtl/mapping.h"

using namespace bunker::vtl;

namespace {

MappingInput sample_input() {
  MappingInput in;
  in.body = R"({"name": "Ann", "tags": ["a", "b"], "n": 3, "nested": {"k": "v"}})";
  in.path_params = {{"id", "42"}};
  in.query_params = {{"q", "first"}, {"page", "2"}, {"q", "second"}};
  in.headers = {{"Content-Type", "application/json"}, {"X-Trace", "t1"}};
  in.context = {{"requestId", "req-1"},
                {"stage", "prod"},
                {"httpMethod", "POST"},
                {"resourcePath", "/things/{id}"},
                {"identity", {{"sourceIp", "192.0.2.1"}, {"userAgent", "curl/8"}}},
                {"authorizer", {{"principalId", "user"}, {"numKey", 1}, {"boolKey", true}}}};
  in.stage_variables = {{"env", "dev"}};
  return in;
}

std::string render(std::string_view tpl, const MappingInput& in = sample_input()) {
  return render_mapping_template(tpl, in).text;
}

}  // namespace

TEST(InputVariable, BodyJsonAndPath) {
  EXPECT_EQ(render("$input.body"), sample_input().body);
  EXPECT_EQ(render("$input.json('$.name')|$input.json('$.tags')|$input.json('$.n')|$input.json('$.nested')"),
            R"("Ann"|["a","b"]|3|{"k":"v"})");
  EXPECT_EQ(render("$input.path('$.name')|$input.path('$.tags')|$input.path('$.nested')|$input.path('$.tags').size()"),
            R"(Ann|["a","b"]|{k=v}|2)");
  EXPECT_EQ(render("[$input.path('$.missing')][$input.json('$.missing')]"), "[][]");
  EXPECT_EQ(render("$input.json('$')"), R"({"name":"Ann","tags":["a","b"],"n":3,"nested":{"k":"v"}})");
}

TEST(InputVariable, DeepPayloadsPrint) {
  MappingInput in;
  in.body = std::string(300, '[') + "1" + std::string(300, ']');
  EXPECT_EQ(render("$input.json('$')", in), in.body);
  EXPECT_EQ(render("$input.path('$')", in), in.body);
}

TEST(InputVariable, PathValuesAreLiveObjects) {
  EXPECT_EQ(render("#set($r = $input.path('$'))#set($d = $r.tags.add('c'))$input.json('$.tags')|$r.nested.k"),
            R"(["a","b","c"]|v)");
}

TEST(InputVariable, EmptyAndNonJsonBodies) {
  MappingInput in;
  EXPECT_EQ(render("$input.body|$input.json('$')|[$input.path('$.x')]", in), "{}|{}|[]");
  in.body = "a=1&b=two";
  EXPECT_EQ(render("$input.path('$')|$input.json('$')|[$input.path('$.a')]", in), "a=1&b=two|\"a=1&b=two\"|[]");
  in.body = "null";
  EXPECT_EQ(render("[$input.path('$')]", in), "[]");
}

TEST(InputVariable, Params) {
  EXPECT_EQ(render("$input.params('id')|$input.params('q')|$input.params('page')|$input.params('x-trace')|[$input.params('none')]"),
            "42|second|2|t1|[]");
  EXPECT_EQ(render("$input.params()"),
            "{path={id=42}, querystring={q=second, page=2}, header={Content-Type=application/json, X-Trace=t1}}");
  EXPECT_EQ(render("$input.params().path.id|$input.params().get('querystring').get('page')"), "42|2");
  // The docs' all-parameters template.
  const char* all =
      "#set($allParams = $input.params())\n"
      "{#foreach($type in $allParams.keySet())#set($params = $allParams.get($type))\"$type\":{"
      "#foreach($paramName in $params.keySet())\"$paramName\":\"$util.escapeJavaScript($params.get($paramName))\""
      "#if($foreach.hasNext),#end#end}#if($foreach.hasNext),#end#end}";
  auto j = nlohmann::json::parse(render(all));
  EXPECT_EQ(j["path"]["id"], "42");
  EXPECT_EQ(j["querystring"]["q"], "second");
  EXPECT_EQ(j["header"]["Content-Type"], "application/json");
}

TEST(UtilVariable, Functions) {
  EXPECT_EQ(render("$util.escapeJavaScript(\"it's \"\"q\"\" a\\b / \u00e9\")"), "it\\'s \\\"q\\\" a\\\\b \\/ \\u00E9");
  EXPECT_EQ(render("$util.urlEncode('a b&c={\"x\"}:~*')|$util.urlDecode('a+b%26c%3D')"), "a+b%26c%3D%7B%22x%22%7D%3A%7E*|a b&c=");
  EXPECT_EQ(render("$util.base64Encode('hello')|$util.base64Decode('aGVsbG8=')|$util.base64Decode('aGVsbG8')"),
            "aGVsbG8=|hello|hello");
  EXPECT_EQ(render("#set($o = $util.parseJson('{\"a\":{\"b\":[1,2]}}'))$o.a.b[1]|$o"), "2|{a={b=[1,2]}}");
  EXPECT_EQ(render("[$util.urlEncode($nothing)][$util.escapeJavaScript($nothing)]"), "[][]");
  EXPECT_THROW(render("$util.parseJson('{bad')"), TemplateError);
  EXPECT_THROW(render("$util.urlDecode('%zz')"), TemplateError);
  EXPECT_THROW(render("$util.base64Decode('***')"), TemplateError);
}

TEST(ContextVariable, ValuesAndStageVariables) {
  EXPECT_EQ(render("$context.requestId|$context.stage|$context.httpMethod|$context.resourcePath|$context.identity.sourceIp|$context.identity.userAgent"),
            "req-1|prod|POST|/things/{id}|192.0.2.1|curl/8");
  EXPECT_EQ(render("$context.authorizer.principalId|$context.authorizer.numKey.length()|$context.authorizer.boolKey"),
            "user|1|true");
  EXPECT_EQ(render("$stageVariables.env|$stageVariables['env']|${stageVariables['env']}|[$stageVariables.none]"),
            "dev|dev|dev|[]");
}

TEST(Overrides, RequestAndResponseOverridesAreReported) {
  auto out = render_mapping_template(
      "#set($context.requestOverride.header.X-Extra = 'e')"
      "#set($context.requestOverride.querystring.q = 'over')"
      "#set($context.requestOverride.path.id = 7)"
      "#set($context.responseOverride.status = 418)"
      "#set($context.responseOverride.header.Cache-Control = 'no-store')done",
      sample_input());
  EXPECT_EQ(out.text, "done");
  EXPECT_EQ(out.request_override.header, (ParamList{{"X-Extra", "e"}}));
  EXPECT_EQ(out.request_override.querystring, (ParamList{{"q", "over"}}));
  EXPECT_EQ(out.request_override.path, (ParamList{{"id", "7"}}));
  ASSERT_TRUE(out.response_override.status.has_value());
  EXPECT_EQ(*out.response_override.status, 418);
  EXPECT_EQ(out.response_override.header, (ParamList{{"Cache-Control", "no-store"}}));
}

TEST(Overrides, StateCarriesFromRequestToResponseTemplate) {
  MappingState state;
  MappingInput in = sample_input();
  render_mapping_template("#set($context.requestOverride.path.body = 'carried')#set($context.responseOverride.status = '201')",
                          in, state);
  in.body = "";
  auto out = render_mapping_template("$context.requestOverride.path.body|$context.responseOverride.status", in, state);
  EXPECT_EQ(out.text, "carried|201");
  ASSERT_TRUE(out.response_override.status.has_value());
  EXPECT_EQ(*out.response_override.status, 201);
  EXPECT_EQ(state.request_override()["path"]["body"], "carried");
}

TEST(Overrides, NoOverridesByDefault) {
  auto out = render_mapping_template("x", sample_input());
  EXPECT_TRUE(out.request_override.empty());
  EXPECT_FALSE(out.response_override.status.has_value());
  EXPECT_TRUE(out.response_override.header.empty());
}

TEST(Mapping, CachedTemplateRendersManyTimes) {
  Template tpl = Template::parse("{\"id\": \"$input.params('id')\", \"n\": $input.path('$.n')}");
  MappingState state;
  MappingInput in = sample_input();
  for (int i = 0; i < 100; ++i) {
    in.path_params = {{"id", std::to_string(i)}};
    auto out = render_mapping_template(tpl, in, state);
    EXPECT_EQ(out.text, "{\"id\": \"" + std::to_string(i) + "\", \"n\": 3}");
  }
}
