#pragma once
// What a DynamoDB-stream event source mapping sends and understands: the Lambda event
// ({"Records": [...]} with each stream record in AWS's member order plus
// eventSourceARN), the function's answer (errors, ReportBatchItemFailures), and the
// invocation record an OnFailure destination receives.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bunker/dynamodb/stream_reader.h"
#include "bunker/event_sources/event_pattern.h"

namespace bunker::event_sources {

// One stream record as Lambda delivers it.
nlohmann::ordered_json lambda_record(const nlohmann::json& stream_record, const std::string& stream_arn);
// The event payload of a batch.
std::string batch_payload(const std::vector<dynamodb::StreamEvent>& batch, const std::string& stream_arn);

// True when no filters are set or any filter matches the record (as Lambda delivers it).
bool passes_filters(const std::vector<EventPattern>& filters, const nlohmann::ordered_json& record);

struct BatchOutcome {
  bool ok = true;
  // With ReportBatchItemFailures: the position in the batch of the first record the
  // function reported as failed (everything before it succeeded).
  std::optional<std::size_t> first_failed;
};

// Reads the function's answer. A function error fails the whole batch; so does a
// ReportBatchItemFailures answer that names no record of the batch properly.
BatchOutcome read_outcome(const std::vector<dynamodb::StreamEvent>& batch, const std::string& payload,
                          bool function_error, bool report_item_failures);

struct FailureContext {
  std::string request_id, function_arn, condition;  // RetryAttemptsExhausted, RecordAgeExceeded
  int invoke_count = 0;
  int status_code = 200;
  std::string executed_version = "$LATEST";
  std::optional<std::string> function_error;
  std::string shard_id, stream_arn;
  int64_t now_ms = 0;
};

// The record an OnFailure destination receives for a batch given up on; with_payload
// adds the batch's event itself (S3 destinations get it).
nlohmann::ordered_json failure_record(const FailureContext& c, const std::vector<dynamodb::StreamEvent>& batch,
                                      bool with_payload);

}  // namespace bunker::event_sources
