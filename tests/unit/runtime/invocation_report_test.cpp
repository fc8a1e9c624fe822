// The texts Lambda writes around invocations, as recorded from AWS
// (tests/data/lambda/invoke_errors.json keeps the recorded shapes).
#include "runtime/invocation_report.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <fstream>
#include <string>

#include "runtime/child_process.h"
#include "runtime/runtime_catalog.h"

using namespace bunker::runtime;
using nlohmann::json;

namespace {

json recorded() {
  std::ifstream in(std::string(BUNKER_GROUNDTRUTH_DIR) + "/lambda/invoke_errors.json");
  return json::parse(in);
}

std::string with_id(std::string text, const std::string& id) {
  for (size_t at; (at = text.find("<id>")) != std::string::npos;) text.replace(at, 4, id);
  return text;
}

}  // namespace

TEST(InvocationReport, RecordedAwsDocuments) {
  const json data = recorded();
  ASSERT_FALSE(data["cases"].empty());
  for (const auto& c : data["cases"]) {
    const std::string kind = c["kind"];
    std::string produced;
    if (kind == "timeout") produced = timeout_payload("req-9", c["seconds"].get<int>());
    if (kind == "exit") produced = exit_error_payload("req-9", c["wait_status"].get<int>());
    if (kind == "too_large") produced = response_too_large_payload();
    EXPECT_EQ(json::parse(produced), json::parse(with_id(c["payload"].dump(), "req-9"))) << c["what"];
  }
  const json& lines = data["log_lines"];
  EXPECT_EQ(start_line("req-9", "$LATEST"), with_id(lines["start"], "req-9"));
  EXPECT_EQ(end_line("req-9"), with_id(lines["end"], "req-9"));
  for (const char* which : {"report_warm", "report_cold"}) {
    const json& r = lines[which];
    ReportFigures f{r["duration_ms"].get<double>(), r["memory_mb"].get<int>(), r["max_memory_mb"].get<uint64_t>(),
                    r.contains("init_ms") ? std::optional<double>(r["init_ms"].get<double>()) : std::nullopt, false};
    EXPECT_EQ(report_line("req-9", f), with_id(r["text"], "req-9")) << which;
  }
}

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
