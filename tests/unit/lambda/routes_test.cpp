// Method + path to operation, for every Lambda operation Bunker serves.
#include "lambda/routes.h"

#include <gtest/gtest.h>

using namespace bunker::lambda;

TEST(Routes, Operations) {
  struct Case {
    const char* method;
    const char* path;
    Op op;
  } cases[] = {
      {"POST", "/2015-03-31/functions", Op::kCreateFunction},
      {"GET", "/2015-03-31/functions/", Op::kListFunctions},
      {"GET", "/2015-03-31/functions/f", Op::kGetFunction},
      {"DELETE", "/2015-03-31/functions/f", Op::kDeleteFunction},
      {"GET", "/2015-03-31/functions/f/configuration", Op::kGetFunctionConfiguration},
      {"PUT", "/2015-03-31/functions/f/configuration", Op::kUpdateFunctionConfiguration},
      {"PUT", "/2015-03-31/functions/f/code", Op::kUpdateFunctionCode},
      {"POST", "/2015-03-31/functions/f/versions", Op::kPublishVersion},
      {"GET", "/2015-03-31/functions/f/versions", Op::kListVersionsByFunction},
      {"POST", "/2015-03-31/functions/f/aliases", Op::kCreateAlias},
      {"GET", "/2015-03-31/functions/f/aliases/live", Op::kGetAlias},
      {"PUT", "/2015-03-31/functions/f/aliases/live", Op::kUpdateAlias},
      {"DELETE", "/2015-03-31/functions/f/aliases/live", Op::kDeleteAlias},
      {"POST", "/2015-03-31/functions/f/policy", Op::kAddPermission},
      {"DELETE", "/2015-03-31/functions/f/policy/sid", Op::kRemovePermission},
      {"POST", "/2015-03-31/functions/f/invocations", Op::kInvoke},
      {"POST", "/2014-11-13/functions/f/invoke-async/", Op::kInvokeAsync},
      {"PUT", "/2017-10-31/functions/f/concurrency", Op::kPutFunctionConcurrency},
      {"GET", "/2019-09-30/functions/f/concurrency", Op::kGetFunctionConcurrency},
      {"GET", "/2016-08-19/account-settings/", Op::kGetAccountSettings},
      {"GET", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af", Op::kListTags},
      {"POST", "/2018-10-31/layers/l/versions", Op::kPublishLayerVersion},
      {"GET", "/2018-10-31/layers/l/versions/3", Op::kGetLayerVersion},
      {"GET", "/2018-10-31/layers", Op::kListLayers},
      {"PUT", "/2019-09-25/functions/f/event-invoke-config", Op::kPutFunctionEventInvokeConfig},
      {"POST", "/2019-09-25/functions/f/event-invoke-config", Op::kUpdateFunctionEventInvokeConfig},
      {"GET", "/2019-09-25/functions/f/event-invoke-config", Op::kGetFunctionEventInvokeConfig},
      {"DELETE", "/2019-09-25/functions/f/event-invoke-config", Op::kDeleteFunctionEventInvokeConfig},
      {"GET", "/2019-09-25/functions/f/event-invoke-config/list", Op::kListFunctionEventInvokeConfigs},
      {"GET", "/2020-06-30/functions/f/code-signing-config", Op::kGetFunctionCodeSigningConfig},
      {"PUT", "/2020-06-30/functions/f/code-signing-config", Op::kPutFunctionCodeSigningConfig},
      {"DELETE", "/2020-06-30/functions/f/code-signing-config", Op::kDeleteFunctionCodeSigningConfig},
      {"GET", "/2021-07-20/functions/f/runtime-management-config", Op::kGetRuntimeManagementConfig},
      {"PUT", "/2021-07-20/functions/f/runtime-management-config", Op::kPutRuntimeManagementConfig},
  };
  for (const auto& c : cases) {
    auto r = match_route(c.method, c.path, std::nullopt);
    ASSERT_TRUE(r) << c.method << " " << c.path;
    EXPECT_EQ(r->op, c.op) << c.method << " " << c.path;
  }
  EXPECT_EQ(match_route("GET", "/2018-10-31/layers", std::string_view("LayerVersion"))->op, Op::kGetLayerVersionByArn);
  EXPECT_FALSE(match_route("PATCH", "/2015-03-31/functions/f", std::nullopt));
}

TEST(Routes, DecodesParameters) {
  auto r = match_route("GET", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af/aliases/live",
                       std::nullopt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->name, "arn:aws:lambda:us-east-1:000000000000:function:f");
  EXPECT_EQ(r->sub, "live");
  auto tags = match_route("POST", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af",
                          std::nullopt);
  EXPECT_EQ(tags->resource, "arn:aws:lambda:us-east-1:000000000000:function:f");
}
