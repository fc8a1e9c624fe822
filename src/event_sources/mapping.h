#pragma once
// One event source mapping: its configuration as Lambda's API describes it
// (EventSourceMappingConfiguration), its state, and its durable checkpoint in the source.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bunker::event_sources {

struct Mapping {
  std::string uuid, account, region;
  std::string event_source_arn;
  std::string function_arn;  // qualified when the mapping names a version or alias
  bool enabled = true;
  int batch_size = 100;
  int batching_window = 0;  // MaximumBatchingWindowInSeconds
  int parallelization = 1;
  std::string starting_position;
  nlohmann::json filter_criteria;  // null when none
  std::string on_failure;          // OnFailure destination ARN, empty when none
  int max_record_age = -1;
  bool bisect = false;
  int max_retries = -1;
  int tumbling_window = 0;
  bool report_item_failures = false;  // FunctionResponseTypes ["ReportBatchItemFailures"]
  double last_modified = 0;
  std::string state = "Creating";
  std::string state_reason = "User action";
  std::string last_result = "No records processed";
  // The sequence number of the last record handled (delivered, filtered out or given up
  // on); "" means nothing yet, so reading starts at the oldest record kept.
  std::string checkpoint;

  std::string arn() const { return "arn:aws:lambda:" + region + ":" + account + ":event-source-mapping:" + uuid; }
  // The configuration as the Lambda API answers it.
  nlohmann::json describe() const;
  nlohmann::json to_storage() const;
  static Mapping from_storage(const nlohmann::json& j);
};

}  // namespace bunker::event_sources
