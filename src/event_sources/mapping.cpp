#include "event_sources/mapping.h"

namespace bunker::event_sources {

using json = nlohmann::json;

json Mapping::describe() const {
  json d = json::object();
  d["BatchSize"] = batch_size;
  d["BisectBatchOnFunctionError"] = bisect;
  json on_failure_json = json::object();
  if (!on_failure.empty()) on_failure_json["Destination"] = on_failure;
  d["DestinationConfig"] = {{"OnFailure", on_failure_json}};
  d["EventSourceArn"] = event_source_arn;
  d["EventSourceMappingArn"] = arn();
  if (!filter_criteria.is_null()) d["FilterCriteria"] = filter_criteria;
  d["FunctionArn"] = function_arn;
  d["FunctionResponseTypes"] = report_item_failures ? json::array({"ReportBatchItemFailures"}) : json::array();
  d["LastModified"] = last_modified;
  d["LastProcessingResult"] = last_result;
  d["MaximumBatchingWindowInSeconds"] = batching_window;
  d["MaximumRecordAgeInSeconds"] = max_record_age;
  d["MaximumRetryAttempts"] = max_retries;
  d["ParallelizationFactor"] = parallelization;
  d["StartingPosition"] = starting_position;
  d["State"] = state;
  d["StateTransitionReason"] = state_reason;
  d["TumblingWindowInSeconds"] = tumbling_window;
  d["UUID"] = uuid;
  return d;
}

json Mapping::to_storage() const {
  return {{"uuid", uuid},
          {"account", account},
          {"region", region},
          {"source", event_source_arn},
          {"function", function_arn},
          {"enabled", enabled},
          {"batch_size", batch_size},
          {"window", batching_window},
          {"parallelization", parallelization},
          {"start", starting_position},
          {"filters", filter_criteria},
          {"on_failure", on_failure},
          {"max_age", max_record_age},
          {"bisect", bisect},
          {"max_retries", max_retries},
          {"tumbling", tumbling_window},
          {"report_failures", report_item_failures},
          {"modified", last_modified},
          {"state", state},
          {"reason", state_reason},
          {"result", last_result},
          {"checkpoint", checkpoint}};
}

Mapping Mapping::from_storage(const json& j) {
  Mapping m;
  m.uuid = j.at("uuid");
  m.account = j.at("account");
  m.region = j.at("region");
  m.event_source_arn = j.at("source");
  m.function_arn = j.at("function");
  m.enabled = j.at("enabled");
  m.batch_size = j.at("batch_size");
  m.batching_window = j.at("window");
  m.parallelization = j.at("parallelization");
  m.starting_position = j.at("start");
  m.filter_criteria = j.at("filters");
  m.on_failure = j.at("on_failure");
  m.max_record_age = j.at("max_age");
  m.bisect = j.at("bisect");
  m.max_retries = j.at("max_retries");
  m.tumbling_window = j.at("tumbling");
  m.report_item_failures = j.at("report_failures");
  m.last_modified = j.at("modified");
  m.state = j.at("state");
  m.state_reason = j.at("reason");
  m.last_result = j.at("result");
  m.checkpoint = j.at("checkpoint");
  return m;
}

}  // namespace bunker::event_sources
