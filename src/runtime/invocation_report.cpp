#include "runtime/invocation_report.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <sys/wait.h>

#include "bunker/core/clock.h"
#include "runtime/child_process.h"

namespace bunker::runtime {
namespace {

std::string fixed2(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string error_document(std::string_view error_type, std::string_view message) {
  nlohmann::ordered_json doc;
  doc["errorType"] = error_type;
  doc["errorMessage"] = message;
  return doc.dump();
}

}  // namespace

std::string start_line(std::string_view request_id, std::string_view version) {
  return "START RequestId: " + std::string(request_id) + " Version: " + std::string(version) + "\n";
}

std::string end_line(std::string_view request_id) { return "END RequestId: " + std::string(request_id) + "\n"; }

std::string init_start_line(std::string_view runtime, std::string_view region) {
  return "INIT_START Runtime Version: " + std::string(runtime) + ".bunker\tRuntime Version ARN: arn:aws:lambda:" +
         std::string(region) + "::runtime:bunker-" + std::string(runtime) + "\n";
}

std::string report_line(std::string_view request_id, const ReportFigures& f) {
  std::string line = "REPORT RequestId: " + std::string(request_id) + "\tDuration: " + fixed2(f.duration_ms) +
                     " ms\tBilled Duration: " + std::to_string(static_cast<int64_t>(std::ceil(f.duration_ms))) +
                     " ms\tMemory Size: " + std::to_string(f.memory_size_mb) +
                     " MB\tMax Memory Used: " + std::to_string(f.max_memory_used_mb) + " MB\t";
  if (f.init_duration_ms) line += "Init Duration: " + fixed2(*f.init_duration_ms) + " ms\t";
  if (f.timed_out) line += "Status: timeout\t";
  return line + "\n";
}

std::string timeout_log_line(int64_t now_ms, std::string_view request_id, int timeout_seconds) {
  return iso8601_millis(now_ms) + " " + std::string(request_id) + " Task timed out after " +
         fixed2(timeout_seconds) + " seconds\n";
}

std::string timeout_payload(std::string_view request_id, int timeout_seconds) {
  return error_document("Sandbox.Timedout", "RequestId: " + std::string(request_id) + " Error: Task timed out after " +
                                                fixed2(timeout_seconds) + " seconds");
}

std::string exit_error_payload(std::string_view request_id, int wait_status) {
  const bool clean = WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
  return error_document("Runtime.ExitError",
                        "RequestId: " + std::string(request_id) +
                            (clean ? " Error: Runtime exited without providing a reason"
                                   : " Error: Runtime exited with error: " + describe_wait_status(wait_status)));
}

std::string out_of_memory_payload(std::string_view request_id) {
  return error_document("Runtime.OutOfMemory",
                        "RequestId: " + std::string(request_id) + " Error: Runtime exited with error: signal: killed");
}

std::string response_too_large_payload() {
  nlohmann::ordered_json doc;
  doc["errorMessage"] = "Response payload size exceeded maximum allowed payload size (6291556 bytes).";
  doc["errorType"] = "Function.ResponseSizeTooLarge";
  return doc.dump();
}

std::string launch_error_payload(std::string_view request_id, std::string_view error_type, std::string_view message) {
  return error_document(error_type, "RequestId: " + std::string(request_id) + " Error: " + std::string(message));
}

}  // namespace bunker::runtime
