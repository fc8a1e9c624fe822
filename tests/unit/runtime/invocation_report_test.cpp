// The texts Lambda writes around invocations, as recorded from AWS
// (tests/data/lambda/invoke_errors.json keeps the recorded shapes).
#include "runtime/invocation_report.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "runtime/child_process.h"
#include "runtime/runtime_catalog.h"

using namespace bunker::runtime;
using nlohmann::json;

TEST(InvocationReport, LogLines) {
  EXPECT_EQ(start_line("id-1", "$LATEST"), "START RequestId: id-1 Version: $LATEST\n");
  EXPECT_EQ(end_line("id-1"), "END RequestId: id-1\n");
  ReportFigures warm{2.9, 128, 36, std::nullopt, false};
  EXPECT_EQ(report_line("id-1", warm),
            "REPORT RequestId: id-1\tDuration: 2.90 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: "
            "36 MB\t\n");
  ReportFigures cold{3.01, 128, 36, 110.1, false};
  EXPECT_EQ(report_line("id-2", cold),
            "REPORT RequestId: id-2\tDuration: 3.01 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: "
            "36 MB\tInit Duration: 110.10 ms\t\n");
}

TEST(InvocationReport, ErrorDocumentsMatchAws) {
  EXPECT_EQ(json::parse(timeout_payload("abc", 1)),
            json::parse(R"({"errorType":"Sandbox.Timedout","errorMessage":"RequestId: abc Error: Task timed out after 1.00 seconds"})"));
  EXPECT_EQ(json::parse(exit_error_payload("abc", 0)),
            json::parse(R"({"errorType":"Runtime.ExitError","errorMessage":"RequestId: abc Error: Runtime exited without providing a reason"})"));
  EXPECT_EQ(json::parse(exit_error_payload("abc", 127 << 8)),
            json::parse(R"({"errorType":"Runtime.ExitError","errorMessage":"RequestId: abc Error: Runtime exited with error: exit status 127"})"));
  EXPECT_EQ(json::parse(out_of_memory_payload("abc")),
            json::parse(R"({"errorType":"Runtime.OutOfMemory","errorMessage":"RequestId: abc Error: Runtime exited with error: signal: killed"})"));
  EXPECT_EQ(json::parse(response_too_large_payload()),
            json::parse(R"({"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"})"));
  EXPECT_EQ(describe_wait_status(9), "signal: killed");
  EXPECT_EQ(describe_wait_status(11), "signal: segmentation fault");
}

TEST(RuntimeCatalog, CurrentDeprecatedAndUnknownRuntimes) {
  ASSERT_TRUE(find_runtime("nodejs20.x"));
  EXPECT_EQ(find_runtime("nodejs20.x")->family, RuntimeFamily::kNode);
  EXPECT_FALSE(find_runtime("python3.12")->deprecated);
  EXPECT_TRUE(find_runtime("nodejs16.x")->deprecated);
  EXPECT_TRUE(find_runtime("python2.7")->deprecated);
  EXPECT_TRUE(find_runtime("provided")->deprecated);
  EXPECT_FALSE(find_runtime("provided.al2023")->deprecated);
  EXPECT_EQ(find_runtime("java21")->family, RuntimeFamily::kOther);
  EXPECT_FALSE(find_runtime("PYTHON3.9"));
  EXPECT_EQ(node_major_folder("nodejs20.x"), "node20");
  EXPECT_EQ(deprecated_runtime_message("nodejs14.x"),
            "The runtime parameter of nodejs14.x is no longer supported for creating or updating AWS Lambda "
            "functions. We recommend you use a supported runtime while creating or updating functions.");
}
