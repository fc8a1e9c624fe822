// GetAccountSettings: the account's limits and what its functions use.
#include "lambda/api.h"
#include "lambda/function_records.h"

namespace bunker::lambda {

http::Response get_account_settings(Call& call) {
  uint64_t total_code = 0;
  uint64_t count = 0;
  for (const auto& f : call.lambda.store.functions(call.scope())) {
    ++count;
    total_code += f["code"].value("size", uint64_t{0});
    for (const auto& v : call.lambda.store.versions(call.scope(), f["config"].value("FunctionName", "")))
      total_code += v["code"].value("size", uint64_t{0});
  }
  json out = {{"AccountLimit",
               {{"TotalCodeSize", 80530636800ull},
                {"CodeSizeUnzipped", 262144000},
                {"CodeSizeZipped", 52428800},
                {"ConcurrentExecutions", call.lambda.settings.account_concurrency},
                {"UnreservedConcurrentExecutions", unreserved_concurrency(call)}}},
              {"AccountUsage", {{"TotalCodeSize", total_code}, {"FunctionCount", count}}}};
  return json_reply(call, 200, out);
}

}  // namespace bunker::lambda
