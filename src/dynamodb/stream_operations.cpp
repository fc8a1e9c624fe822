// The DynamoDB Streams API (X-Amz-Target DynamoDBStreams_20120810.*): ListStreams,
// DescribeStream, GetShardIterator, GetRecords. Each stream has one shard, open while
// the stream is enabled and closed (EndingSequenceNumber set) once it is disabled.
#include <ctime>

#include <nlohmann/json.hpp>

#include "bunker/core/clock.h"
#include "dynamodb/engine.h"
#include "dynamodb/errors.h"
#include "dynamodb/request_validation.h"
#include "dynamodb/shard_iterator.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxRecords = 1000;
constexpr std::size_t kMaxRecordBytes = 1024 * 1024;

AwsError stream_not_found(const std::string& arn) {
  return resource_not_found("Requested resource not found: Stream: " + arn + " not found");
}

std::optional<long long> limit_member(const json& body, long long max) {
  auto limit = int_member(body, "Limit");
  if (limit && *limit < 1) constraint_failed(std::to_string(*limit), "limit", "Member must have value greater than or equal to 1");
  if (limit && *limit > max)
    throw validation_error("1 validation error detected: Value '" + std::to_string(*limit) +
                           "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to " +
                           std::to_string(max));
  return limit;
}

std::string stream_arn_member(const json& body, const char* name, const char* field) {
  if (!member(body, name)) missing_member(field);
  std::string arn = string_member(body, name);
  if (arn.size() < 37) constraint_failed(arn, field, "Member must have length greater than or equal to 37");
  if (arn.size() > 1024) constraint_failed(arn, field, "Member must have length less than or equal to 1024");
  return arn;
}

StreamInfo stream_of(Engine& engine, const Call& call, const std::string& arn) {
  auto s = engine.streams.find_by_arn(arn);
  if (!s || s->account != call.scope.account || s->region != call.scope.region) throw stream_not_found(arn);
  return *s;
}

json key_schema(const StreamInfo& s) {
  json ks = json::array({{{"AttributeName", s.hash.name}, {"KeyType", "HASH"}}});
  if (s.range) ks.push_back({{"AttributeName", s.range->name}, {"KeyType", "RANGE"}});
  return ks;
}

json shard_of(Engine& engine, const StreamInfo& s) {
  json range = {{"StartingSequenceNumber", StreamStore::format_sequence(s.first_sequence)}};
  if (!s.enabled) {
    // A closed shard ends at its last record (or, with none, where it began).
    uint64_t end = engine.streams.last_sequence(s.id);
    range["EndingSequenceNumber"] = StreamStore::format_sequence(end ? end : s.first_sequence);
  }
  return {{"ShardId", s.shard_id}, {"SequenceNumberRange", range}};
}

// Java's Date.toString(), which the expired-iterator message uses.
std::string java_date(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a %b %d %H:%M:%S UTC %Y", &tm);
  return buf;
}

AwsError trimmed() {
  return AwsError(400, "TrimmedDataAccessException",
                  "The operation attempted to read past the oldest stream record in a shard.");
}

}  // namespace

json list_streams(Engine& engine, const Call& call) {
  const json& body = call.body;
  auto limit = limit_member(body, 100);
  std::optional<std::string> table;
  if (member(body, "TableName")) {
    table = table_name(body);
    engine.catalog.get(call.scope, *table, true);
  }
  std::string start;
  if (member(body, "ExclusiveStartStreamArn"))
    start = stream_arn_member(body, "ExclusiveStartStreamArn", "exclusiveStartStreamArn");
  json streams = json::array();
  std::size_t max = limit ? static_cast<std::size_t>(*limit) : 100;
  bool more = false;
  for (const auto& s : engine.streams.list(call.scope.account, call.scope.region)) {
    if (table && s.table_name != *table) continue;
    if (!start.empty() && s.arn() <= start) continue;
    if (streams.size() == max) {
      more = true;
      break;
    }
    streams.push_back({{"StreamArn", s.arn()}, {"TableName", s.table_name}, {"StreamLabel", s.label}});
  }
  json out = {{"Streams", streams}};
  if (more) out["LastEvaluatedStreamArn"] = streams.back()["StreamArn"];
  return out;
}

json describe_stream(Engine& engine, const Call& call) {
  const json& body = call.body;
  std::string arn = stream_arn_member(body, "StreamArn", "streamArn");
  limit_member(body, 100);
  std::string start = string_member(body, "ExclusiveStartShardId");
  StreamInfo s = stream_of(engine, call, arn);
  json shards = json::array();
  bool children_only = false;
  if (const json* filter = member(body, "ShardFilter")) {
    auto type = enum_member(*filter, "Type", "shardFilter.type", {"CHILD_SHARDS"});
    children_only = type.has_value();
  }
  // The one shard has no parent and no children.
  if (!children_only && start != s.shard_id) shards.push_back(shard_of(engine, s));
  json d = {{"StreamArn", s.arn()},
            {"StreamLabel", s.label},
            {"StreamStatus", s.enabled ? "ENABLED" : "DISABLED"},
            {"StreamViewType", s.view_type},
            {"CreationRequestDateTime", s.created},
            {"TableName", s.table_name},
            {"KeySchema", key_schema(s)},
            {"Shards", shards}};
  return {{"StreamDescription", d}};
}

json get_shard_iterator(Engine& engine, const Call& call) {
  const json& body = call.body;
  std::string arn = stream_arn_member(body, "StreamArn", "streamArn");
  if (!member(body, "ShardId")) missing_member("shardId");
  std::string shard = string_member(body, "ShardId");
  if (shard.size() < 28) constraint_failed(shard, "shardId", "Member must have length greater than or equal to 28");
  if (shard.size() > 65) constraint_failed(shard, "shardId", "Member must have length less than or equal to 65");
  if (!member(body, "ShardIteratorType")) missing_member("shardIteratorType");
  std::string type = *enum_member(body, "ShardIteratorType", "shardIteratorType",
                                  {"TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"});
  bool by_sequence = type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER";
  std::optional<uint64_t> sequence;
  if (member(body, "SequenceNumber")) {
    std::string text = string_member(body, "SequenceNumber");
    if (text.size() < 21) constraint_failed(text, "sequenceNumber", "Member must have length greater than or equal to 21");
    if (text.size() > 40) constraint_failed(text, "sequenceNumber", "Member must have length less than or equal to 40");
    sequence = StreamStore::parse_sequence(text);
    if (!sequence) throw validation_error("Invalid SequenceNumber: " + text);  // assumed wording
  }
  if (by_sequence && !sequence)
    throw validation_error("Must specify a sequence number for iterator type " + type);  // assumed wording
  StreamInfo s = stream_of(engine, call, arn);
  if (shard != s.shard_id) throw resource_not_found("Requested resource not found: Shard does not exist");
  ShardPosition p;
  p.stream_id = s.id;
  p.issued_ms = now_millis();
  if (type == "TRIM_HORIZON") {
    p.trim_horizon = true;
    p.next_sequence = s.trimmed_through + 1;
  } else if (type == "LATEST") {
    p.next_sequence = std::max(engine.streams.last_sequence(s.id) + 1, s.first_sequence);
  } else {
    if (*sequence <= s.trimmed_through) throw trimmed();
    p.next_sequence = type == "AT_SEQUENCE_NUMBER" ? *sequence : *sequence + 1;
  }
  return {{"ShardIterator", encode_shard_iterator(s.arn(), p)}};
}

json get_records(Engine& engine, const Call& call) {
  const json& body = call.body;
  if (!member(body, "ShardIterator")) missing_member("shardIterator");
  std::string text = string_member(body, "ShardIterator");
  if (text.empty()) constraint_failed(text, "shardIterator", "Member must have length greater than or equal to 1");
  if (text.size() > 2048) constraint_failed(text, "shardIterator", "Member must have length less than or equal to 2048");
  auto limit = limit_member(body, 1000);
  auto p = decode_shard_iterator(text);
  if (!p) throw validation_error("Invalid ShardIterator");  // assumed wording
  auto s = engine.streams.find(p->stream_id);
  if (!s || s->account != call.scope.account || s->region != call.scope.region)
    throw resource_not_found("Requested resource not found: Stream: " + text.substr(0, text.rfind("|1|")) + " not found");
  int64_t now = now_millis();
  if (now - p->issued_ms > engine.iterator_lifetime_ms)
    throw AwsError(400, "ExpiredIteratorException",
                   "Iterator expired. The iterator was created at time " + java_date(p->issued_ms) +
                       " while right now it is " + java_date(now) +
                       " which is further in the future than the tolerated delay of " +
                       std::to_string(engine.iterator_lifetime_ms) + " milliseconds.");
  uint64_t from = p->next_sequence;
  if (from <= s->trimmed_through) {
    if (!p->trim_horizon) throw trimmed();
    from = s->trimmed_through + 1;
  }
  auto stored = engine.streams.read(s->id, from, limit ? static_cast<std::size_t>(*limit) : kMaxRecords, kMaxRecordBytes);
  json records = json::array();
  uint64_t next = from;
  for (auto& r : stored) {
    records.push_back(std::move(r.record));
    next = r.sequence + 1;
  }
  json out = {{"Records", std::move(records)}};
  // A closed shard whose last record has been read has no next iterator.
  bool exhausted = !s->enabled && next > engine.streams.last_sequence(s->id);
  if (!exhausted) {
    ShardPosition np = *p;
    np.next_sequence = next;
    np.issued_ms = now;
    np.trim_horizon = false;
    out["NextShardIterator"] = encode_shard_iterator(s->arn(), np);
  }
  return out;
}

}  // namespace bunker::dynamodb
