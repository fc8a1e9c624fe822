#pragma once
// DynamoDB's public interface for reading its streams in-process (Lambda event source
// mappings). Find it with `context.engines.find<bunker::dynamodb::StreamReader>()` once
// services have started. Records are the GetRecords shapes (DynamoDB JSON images,
// ApproximateCreationDateTime in epoch seconds); each stream has one shard.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace bunker::dynamodb {

struct StreamSummary {
  std::string stream_arn;
  std::string shard_id;
  std::string region;
  bool enabled = true;          // false once the stream was disabled or its table deleted
  std::string last_sequence;    // the newest record's sequence number ("" when none yet)
};

struct StreamEvent {
  std::string sequence_number;  // comparable as strings (fixed width)
  int64_t arrival_ms = 0;       // when the change was committed
  nlohmann::json record;        // the Record as GetRecords returns it
};

class StreamReader {
 public:
  virtual ~StreamReader() = default;
  // nullopt when no such stream exists (in the account and region the ARN names).
  virtual std::optional<StreamSummary> describe(std::string_view stream_arn) const = 0;
  // Records with sequence numbers after `after` ("" = from the oldest record kept), in
  // order, at most `limit`.
  virtual std::vector<StreamEvent> read_after(std::string_view stream_arn, std::string_view after,
                                              std::size_t limit) const = 0;
};

}  // namespace bunker::dynamodb
