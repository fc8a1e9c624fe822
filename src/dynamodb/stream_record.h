#pragma once
// The shape of one DynamoDB Streams record, as GetRecords returns it (and as Lambda's
// event source mappings forward it): eventID, eventName INSERT/MODIFY/REMOVE,
// eventVersion "1.1", eventSource "aws:dynamodb", awsRegion, and the dynamodb member with
// ApproximateCreationDateTime (epoch seconds, rounded down), Keys, the images the view
// type asks for, SequenceNumber, SizeBytes (the bytes of Keys and images) and
// StreamViewType; deletions by Time to Live also carry userIdentity.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "dynamodb/attribute_value.h"

namespace bunker::dynamodb {

struct RecordInput {
  const std::optional<Item>& before;
  const std::optional<Item>& after;
  const Item& keys;
  const std::string& view_type;
  const std::string& region;
  std::string sequence_number;
  int64_t now_ms = 0;
  bool by_ttl = false;
};

nlohmann::json make_stream_record(const RecordInput& in);

}  // namespace bunker::dynamodb
