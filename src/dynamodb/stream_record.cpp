#include "dynamodb/stream_record.h"

#include "bunker/core/ids.h"

namespace bunker::dynamodb {

nlohmann::json make_stream_record(const RecordInput& in) {
  const char* event = !in.before ? "INSERT" : !in.after ? "REMOVE" : "MODIFY";
  bool new_image = in.after && (in.view_type == "NEW_IMAGE" || in.view_type == "NEW_AND_OLD_IMAGES");
  bool old_image = in.before && (in.view_type == "OLD_IMAGE" || in.view_type == "NEW_AND_OLD_IMAGES");
  std::size_t size = item_size(in.keys);
  nlohmann::json d = nlohmann::json::object();
  d["ApproximateCreationDateTime"] = in.now_ms / 1000;
  d["Keys"] = item_to_json(in.keys);
  if (new_image) {
    d["NewImage"] = item_to_json(*in.after);
    size += item_size(*in.after);
  }
  if (old_image) {
    d["OldImage"] = item_to_json(*in.before);
    size += item_size(*in.before);
  }
  d["SequenceNumber"] = in.sequence_number;
  d["SizeBytes"] = size;
  d["StreamViewType"] = in.view_type;
  nlohmann::json r = {{"eventID", random_hex(32, false)},
                      {"eventName", event},
                      {"eventVersion", "1.1"},
                      {"eventSource", "aws:dynamodb"},
                      {"awsRegion", in.region},
                      {"dynamodb", std::move(d)}};
  // The Streams API spells these members as its model does (Lambda events use "type" and
  // "principalId" instead).
  if (in.by_ttl) r["userIdentity"] = {{"PrincipalId", "dynamodb.amazonaws.com"}, {"Type", "Service"}};
  return r;
}

}  // namespace bunker::dynamodb
