#include "event_sources/stream_batch.h"

#include <set>

#include "bunker/core/clock.h"

namespace bunker::event_sources {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

ojson lambda_record(const json& r, const std::string& stream_arn) {
  ojson out;
  for (const char* k : {"eventID", "eventName", "eventVersion", "eventSource", "awsRegion"})
    if (r.contains(k)) out[k] = r[k];
  if (r.contains("userIdentity")) {
    // Lambda events spell the identity's members in lower camel case.
    const json& id = r["userIdentity"];
    out["userIdentity"] = {{"type", id.value("Type", "")}, {"principalId", id.value("PrincipalId", "")}};
  }
  ojson d;
  const json& src = r.at("dynamodb");
  for (const char* k : {"ApproximateCreationDateTime", "Keys", "NewImage", "OldImage", "SequenceNumber", "SizeBytes",
                        "StreamViewType"})
    if (src.contains(k)) d[k] = src[k];
  out["dynamodb"] = std::move(d);
  out["eventSourceARN"] = stream_arn;
  return out;
}

std::string batch_payload(const std::vector<dynamodb::StreamEvent>& batch, const std::string& stream_arn) {
  ojson records = ojson::array();
  for (const auto& e : batch) records.push_back(lambda_record(e.record, stream_arn));
  return ojson{{"Records", std::move(records)}}.dump();
}

bool passes_filters(const std::vector<EventPattern>& filters, const ojson& record) {
  if (filters.empty()) return true;
  json plain = json::parse(record.dump());
  for (const auto& f : filters)
    if (f.matches(plain)) return true;
  return false;
}

BatchOutcome read_outcome(const std::vector<dynamodb::StreamEvent>& batch, const std::string& payload,
                          bool function_error, bool report_item_failures) {
  if (function_error) return {false, std::nullopt};
  if (!report_item_failures) return {};
  json answer = json::parse(payload.empty() ? "null" : payload, nullptr, false);
  // null, {}, [] and an empty or null batchItemFailures all mean success.
  if (answer.is_discarded() || !answer.is_object() || !answer.contains("batchItemFailures")) return {};
  const json& failures = answer["batchItemFailures"];
  if (failures.is_null() || (failures.is_array() && failures.empty())) return {};
  if (!failures.is_array()) return {false, std::nullopt};
  std::optional<std::size_t> first;
  for (const auto& f : failures) {
    if (!f.is_object() || !f.contains("itemIdentifier") || !f["itemIdentifier"].is_string()) return {false, std::nullopt};
    const std::string& id = f["itemIdentifier"].get_ref<const std::string&>();
    std::optional<std::size_t> at;
    for (std::size_t i = 0; i < batch.size(); ++i)
      if (batch[i].sequence_number == id) at = i;
    if (!at) return {false, std::nullopt};  // not a record of this batch: the whole batch failed
    if (!first || *at < *first) first = at;
  }
  return {false, first};
}

ojson failure_record(const FailureContext& c, const std::vector<dynamodb::StreamEvent>& batch, bool with_payload) {
  ojson r;
  r["requestContext"] = {{"requestId", c.request_id},
                         {"functionArn", c.function_arn},
                         {"condition", c.condition},
                         {"approximateInvokeCount", c.invoke_count}};
  r["responseContext"] = {{"statusCode", c.status_code},
                          {"executedVersion", c.executed_version},
                          {"functionError", c.function_error ? ojson(*c.function_error) : ojson(nullptr)}};
  r["version"] = "1.0";
  r["timestamp"] = iso8601_millis(c.now_ms);
  r["DDBStreamBatchInfo"] = {{"shardId", c.shard_id},
                             {"startSequenceNumber", batch.front().sequence_number},
                             {"endSequenceNumber", batch.back().sequence_number},
                             {"approximateArrivalOfFirstRecord", iso8601_seconds(batch.front().arrival_ms)},
                             {"approximateArrivalOfLastRecord", iso8601_seconds(batch.back().arrival_ms)},
                             {"batchSize", batch.size()},
                             {"streamArn", c.stream_arn}};
  if (with_payload) r["payload"] = ojson::parse(batch_payload(batch, c.stream_arn));
  return r;
}

}  // namespace bunker::event_sources
