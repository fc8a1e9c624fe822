// CreateEventSourceMapping, GetEventSourceMapping, ListEventSourceMappings,
// UpdateEventSourceMapping, DeleteEventSourceMapping for DynamoDB stream sources, with
// Lambda's validation and errors.

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/core/ids.h"
#include "bunker/core/strings.h"
#include "bunker/dynamodb/stream_reader.h"
#include "bunker/event_sources/event_pattern.h"
#include "bunker/lambda/invoker.h"
#include "event_sources/mapping_engine.h"

namespace bunker::event_sources {

using json = nlohmann::json;

namespace {

[[noreturn]] void invalid(const std::string& message) { throw AwsError(400, "InvalidParameterValueException", message); }

[[noreturn]] void constraint(const json& value, const std::string& field, const std::string& rule) {
  std::string shown = value.is_null() ? "null" : "'" + (value.is_string() ? value.get<std::string>() : value.dump()) + "'";
  throw AwsError(400, "ValidationException", "1 validation error detected: Value " + shown + " at '" + field +
                                                 "' failed to satisfy constraint: " + rule);
}

std::optional<int> int_field(const json& body, const char* name, const char* field, int min, int max) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  const json& v = body[name];
  if (!v.is_number_integer()) invalid(std::string("Invalid value for ") + name);
  long long n = v.get<long long>();
  if (n < min) constraint(v, field, "Member must have value greater than or equal to " + std::to_string(min));
  if (n > max) constraint(v, field, "Member must have value less than or equal to " + std::to_string(max));
  return static_cast<int>(n);
}

std::optional<bool> bool_field(const json& body, const char* name) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  if (!body[name].is_boolean()) invalid(std::string("Invalid value for ") + name);
  return body[name].get<bool>();
}

bool is_dynamodb_stream(const std::string& arn) {
  return arn.starts_with("arn:aws") && arn.find(":dynamodb:") != std::string::npos &&
         arn.find("/stream/") != std::string::npos;
}

// Applies the members Create and Update share to the mapping.
void apply_settings(const json& body, Mapping& m) {
  if (auto v = bool_field(body, "Enabled")) m.enabled = *v;
  if (auto v = int_field(body, "BatchSize", "batchSize", 1, 10000)) m.batch_size = *v;
  if (auto v = int_field(body, "MaximumBatchingWindowInSeconds", "maximumBatchingWindowInSeconds", 0, 300))
    m.batching_window = *v;
  if (auto v = int_field(body, "ParallelizationFactor", "parallelizationFactor", 1, 10)) m.parallelization = *v;
  if (auto v = int_field(body, "MaximumRecordAgeInSeconds", "maximumRecordAgeInSeconds", -1, 604800)) {
    if (*v != -1 && *v < 60)
      constraint(body["MaximumRecordAgeInSeconds"], "maximumRecordAgeInSeconds",
                 "Member must have value greater than or equal to 60");
    m.max_record_age = *v;
  }
  if (auto v = bool_field(body, "BisectBatchOnFunctionError")) m.bisect = *v;
  if (auto v = int_field(body, "MaximumRetryAttempts", "maximumRetryAttempts", -1, 10000)) m.max_retries = *v;
  if (auto v = int_field(body, "TumblingWindowInSeconds", "tumblingWindowInSeconds", 0, 900)) {
    if (*v != 0) invalid("TumblingWindowInSeconds is not supported by Bunker");
    m.tumbling_window = *v;
  }
  if (body.contains("FunctionResponseTypes") && !body["FunctionResponseTypes"].is_null()) {
    const json& types = body["FunctionResponseTypes"];
    if (!types.is_array() || types.size() > 1) invalid("Invalid FunctionResponseTypes");
    m.report_item_failures = false;
    for (const auto& t : types) {
      if (t != "ReportBatchItemFailures")
        constraint(types, "functionResponseTypes", "Member must satisfy enum value set: [ReportBatchItemFailures]");
      m.report_item_failures = true;
    }
  }
  if (body.contains("FilterCriteria") && !body["FilterCriteria"].is_null()) {
    const json& fc = body["FilterCriteria"];
    if (!fc.is_object()) invalid("Invalid filter pattern definition.");
    const json filters = fc.value("Filters", json::array());
    if (!filters.is_array()) invalid("Invalid filter pattern definition.");
    if (filters.size() > 5) invalid("The number of filters exceeds the limit of 5.");  // assumed wording
    for (const auto& f : filters) {
      if (!f.is_object() || !f.contains("Pattern") || !f["Pattern"].is_string()) invalid("Invalid filter pattern definition.");
      const std::string& text = f["Pattern"].get_ref<const std::string&>();
      if (text.size() > 4096) constraint(f["Pattern"], "filterCriteria.filters.member.pattern", "Member must have length less than or equal to 4096");
      try {
        EventPattern::parse_text(text);
      } catch (const InvalidPattern&) {
        invalid("Invalid filter pattern definition.");
      }
    }
    m.filter_criteria = filters.empty() ? json() : json{{"Filters", filters}};
  }
  if (body.contains("DestinationConfig") && !body["DestinationConfig"].is_null()) {
    const json& dc = body["DestinationConfig"];
    if (dc.contains("OnSuccess") && !dc["OnSuccess"].is_null() && !dc["OnSuccess"].empty())
      invalid("Unsupported OnSuccess destination for this event source");  // streams support OnFailure only
    std::string dest;
    if (dc.contains("OnFailure") && dc["OnFailure"].is_object()) dest = dc["OnFailure"].value("Destination", "");
    if (!dest.empty()) {
      bool supported = dest.starts_with("arn:aws") && (dest.find(":sqs:") != std::string::npos ||
                                                       dest.find(":sns:") != std::string::npos ||
                                                       dest.starts_with("arn:aws:s3:::"));
      if (!supported) invalid("Unsupported destination type for OnFailure: " + dest);  // assumed wording
    }
    m.on_failure = dest;
  }
}

void reject_unsupported(const json& body) {
  for (const char* k : {"Topics", "Queues", "SourceAccessConfigurations", "SelfManagedEventSource",
                        "AmazonManagedKafkaEventSourceConfig", "SelfManagedKafkaEventSourceConfig",
                        "DocumentDBEventSourceConfig", "ScalingConfig"})
    if (body.contains(k) && !body[k].is_null()) invalid(std::string(k) + " is not supported for a DynamoDB stream event source");
}

std::string function_name_of(const json& body) {
  const json& f = body["FunctionName"];
  if (!f.is_string()) invalid("Invalid value for FunctionName");
  std::string name = f.get<std::string>();
  if (name.empty()) constraint(f, "functionName", "Member must have length greater than or equal to 1");
  if (name.size() > 256) constraint(f, "functionName", "Member must have length less than or equal to 256");
  return name;
}

std::string name_of_arn(const std::string& function_arn) {
  // arn:aws:lambda:region:account:function:name[:qualifier]
  auto parts = split(function_arn, ':');
  return parts.size() > 6 ? std::string(parts[6]) : function_arn;
}

}  // namespace

std::string MappingEngine::function_arn(const std::string& name, const std::string& account, const std::string& region) {
  auto parts = split(name, ':');
  if (name.starts_with("arn:")) return name;
  if (parts.size() >= 3 && parts[1] == "function")  // account:function:name[:qualifier]
    return "arn:aws:lambda:" + region + ":" + name;
  return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
}

boost::asio::awaitable<MappingEngine::Answer> MappingEngine::create(json body, std::string account, std::string region) {
  if (!body.contains("FunctionName") || body["FunctionName"].is_null())
    constraint(json(), "functionName", "Member must not be null");
  std::string name = function_name_of(body);
  reject_unsupported(body);
  Mapping m;
  m.uuid = uuid4();
  m.account = account;
  m.region = region;
  m.event_source_arn = body.value("EventSourceArn", "");
  if (!is_dynamodb_stream(m.event_source_arn))
    invalid("Unrecognized event source, must be kinesis, dynamodb stream or sqs.");
  auto start = body.value("StartingPosition", "");
  if (start.empty()) invalid("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: "
                             "Member must not be null");  // assumed: StartingPosition is required for streams
  if (start != "TRIM_HORIZON" && start != "LATEST" && start != "AT_TIMESTAMP")
    constraint(body["StartingPosition"], "startingPosition", "Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]");
  if (start == "AT_TIMESTAMP") invalid("Unsupported starting position for a DynamoDB stream event source: AT_TIMESTAMP");  // assumed
  m.starting_position = start;
  apply_settings(body, m);
  auto* reader = engines_.find<dynamodb::StreamReader>();
  auto stream = reader ? reader->describe(m.event_source_arn) : std::nullopt;
  if (!stream) invalid("Stream not found: " + m.event_source_arn);
  m.function_arn = function_arn(name, account, region);
  // The function must exist (Lambda's own ResourceNotFoundException otherwise).
  if (auto* invoker = engines_.find<lambda::Invoker>()) {
    lambda::InvokeRequest dry;
    dry.function_name = m.function_arn;
    dry.type = lambda::InvokeRequest::Type::kDryRun;
    dry.region = region;
    dry.account = account;
    co_await invoker->invoke(dry);
  }
  // LATEST starts after what the stream holds now, durably.
  if (start == "LATEST") m.checkpoint = stream->last_sequence;
  m.last_modified = now_epoch_seconds();
  {
    std::lock_guard lock(mutex_);
    for (const auto& [uuid, r] : runners_) {
      std::lock_guard rl(r->mutex);
      if (r->mapping.event_source_arn == m.event_source_arn && r->mapping.function_arn == m.function_arn &&
          r->mapping.state != "Deleting")
        throw AwsError(409, "ResourceConflictException",
                       "The event source arn (\" " + m.event_source_arn + " \") and function (\" " + name +
                           " \") provided mapping already exists. Please update or delete the existing mapping with "
                           "UUID " + uuid);
    }
    persist(m);
    auto runner = std::make_shared<Runner>();
    runner->mapping = m;
    runners_[m.uuid] = runner;
    if (started_) launch(runner);
  }
  co_return Answer{202, m.describe()};
}

MappingEngine::Answer MappingEngine::get(const std::string& uuid, const std::string& account) {
  auto r = find(uuid, account);
  if (!r) throw AwsError(404, "ResourceNotFoundException", "The resource you requested does not exist.");
  std::lock_guard lock(r->mutex);
  return {200, r->mapping.describe()};
}

MappingEngine::Answer MappingEngine::list(const std::string& event_source_arn, const std::string& function_name,
                                          const std::string& marker, const std::string& max_items,
                                          const std::string& account, const std::string& region) {
  std::size_t max = 100;
  if (!max_items.empty()) {
    long long n = 0;
    if (!parse_int64(max_items, n) || n < 1 || n > 10000)
      constraint(json(max_items), "maxItems",
                 n < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 10000");
    max = static_cast<std::size_t>(n);
  }
  std::string wanted_function = function_name.empty() ? "" : function_arn(function_name, account, region);
  json items = json::array();
  std::string next;
  std::lock_guard lock(mutex_);
  for (const auto& [uuid, r] : runners_) {  // ordered by UUID, which the marker continues from
    if (!marker.empty() && uuid <= marker) continue;
    std::lock_guard rl(r->mutex);
    const Mapping& m = r->mapping;
    if (m.account != account) continue;
    if (!event_source_arn.empty() && m.event_source_arn != event_source_arn) continue;
    if (!wanted_function.empty() && m.function_arn != wanted_function &&
        name_of_arn(m.function_arn) != name_of_arn(wanted_function))
      continue;
    if (items.size() == max) {
      next = items.back()["UUID"];
      break;
    }
    items.push_back(m.describe());
  }
  json out = {{"EventSourceMappings", items}};
  if (!next.empty()) out["NextMarker"] = next;
  return {200, out};
}

boost::asio::awaitable<MappingEngine::Answer> MappingEngine::update(std::string uuid, json body, std::string account,
                                                                    std::string region) {
  auto r = find(uuid, account);
  if (!r) throw AwsError(404, "ResourceNotFoundException", "The resource you requested does not exist.");
  reject_unsupported(body);
  Mapping next;
  {
    std::lock_guard lock(r->mutex);
    next = r->mapping;
  }
  if (next.state == "Deleting" || next.state == "Creating")
    throw AwsError(400, "ResourceInUseException",
                   "Cannot update the event source mapping because it is in use.");  // assumed wording
  bool was_enabled = next.enabled;
  apply_settings(body, next);
  if (body.contains("FunctionName") && !body["FunctionName"].is_null()) {
    next.function_arn = function_arn(function_name_of(body), account, region);
    if (auto* invoker = engines_.find<lambda::Invoker>()) {
      lambda::InvokeRequest dry;
      dry.function_name = next.function_arn;
      dry.type = lambda::InvokeRequest::Type::kDryRun;
      dry.region = region;
      dry.account = account;
      co_await invoker->invoke(dry);
    }
  }
  next.state = next.enabled == was_enabled ? "Updating" : next.enabled ? "Enabling" : "Disabling";
  next.last_modified = now_epoch_seconds();
  std::lock_guard lock(r->mutex);
  // Keep what the poller has done meanwhile.
  next.checkpoint = r->mapping.checkpoint;
  next.last_result = r->mapping.last_result;
  r->mapping = next;
  persist(next);
  co_return Answer{202, next.describe()};
}

MappingEngine::Answer MappingEngine::remove(const std::string& uuid, const std::string& account) {
  auto r = find(uuid, account);
  if (!r) throw AwsError(404, "ResourceNotFoundException", "The resource you requested does not exist.");
  std::lock_guard lock(r->mutex);
  r->mapping.state = "Deleting";
  persist(r->mapping);
  return {202, r->mapping.describe()};
}

}  // namespace bunker::event_sources
