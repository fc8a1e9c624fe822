// The in-process StreamReader (include/bunker/dynamodb/stream_reader.h) over the
// engine's StreamStore.
#include "dynamodb/stream_reader.h"

namespace bunker::dynamodb {

std::optional<StreamSummary> EngineStreamReader::describe(std::string_view stream_arn) const {
  auto s = engine_.streams.find_by_arn(stream_arn);
  if (!s) return std::nullopt;
  uint64_t last = engine_.streams.last_sequence(s->id);
  return StreamSummary{s->arn(), s->shard_id, s->region, s->enabled, last ? StreamStore::format_sequence(last) : ""};
}

std::vector<StreamEvent> EngineStreamReader::read_after(std::string_view stream_arn, std::string_view after,
                                                        std::size_t limit) const {
  auto s = engine_.streams.find_by_arn(stream_arn);
  if (!s) return {};
  uint64_t from = 0;
  if (!after.empty()) {
    auto seq = StreamStore::parse_sequence(after);
    if (!seq) return {};
    from = *seq + 1;
  }
  std::vector<StreamEvent> out;
  for (auto& r : engine_.streams.read(s->id, from, limit, SIZE_MAX))
    out.push_back({StreamStore::format_sequence(r.sequence), r.created_ms, std::move(r.record)});
  return out;
}

}  // namespace bunker::dynamodb
