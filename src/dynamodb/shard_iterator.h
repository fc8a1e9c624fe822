#pragma once
// DynamoDB Streams shard iterators: opaque to clients, self-contained here. An iterator
// names the stream and shard, the next sequence number to read, and when it was issued
// (iterators expire after 15 minutes, as on AWS). The text looks like AWS's:
// "<stream ARN>|1|<base64 position>".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bunker::dynamodb {

struct ShardPosition {
  uint64_t stream_id = 0;
  uint64_t next_sequence = 0;   // first sequence number the next GetRecords may return
  int64_t issued_ms = 0;
  bool trim_horizon = false;    // "from the oldest record still kept": never trimmed away
};

std::string encode_shard_iterator(std::string_view stream_arn, const ShardPosition& position);
// nullopt when the text is not an iterator this server issued.
std::optional<ShardPosition> decode_shard_iterator(std::string_view text);

}  // namespace bunker::dynamodb
