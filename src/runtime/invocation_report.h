#pragma once
// The texts Lambda writes around an invocation: the START/END/REPORT log lines and the
// error documents for failures the runtime itself could not report.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bunker::runtime {

std::string start_line(std::string_view request_id, std::string_view version);
std::string end_line(std::string_view request_id);
std::string init_start_line(std::string_view runtime, std::string_view region);
struct ReportFigures {
  double duration_ms = 0;
  int memory_size_mb = 0;
  uint64_t max_memory_used_mb = 0;
  std::optional<double> init_duration_ms;
  bool timed_out = false;
};
std::string report_line(std::string_view request_id, const ReportFigures& figures);

// "Task timed out after 1.00 seconds" documents, log line and payload.
std::string timeout_log_line(int64_t now_ms, std::string_view request_id, int timeout_seconds);
std::string timeout_payload(std::string_view request_id, int timeout_seconds);
// Runtime.ExitError: "exited without providing a reason" (status 0) or "with error: …".
std::string exit_error_payload(std::string_view request_id, int wait_status);
std::string out_of_memory_payload(std::string_view request_id);
std::string response_too_large_payload();
// A runtime failure Bunker reports itself (no interpreter, no bootstrap).
std::string launch_error_payload(std::string_view request_id, std::string_view error_type, std::string_view message);

// Largest synchronous response a function may return (6 MB as Lambda counts it).
inline constexpr uint64_t kMaxResponseBytes = 6291556;

}  // namespace bunker::runtime
