#pragma once
// The engine-backed implementation of the public StreamReader.
#include "bunker/dynamodb/stream_reader.h"
#include "dynamodb/engine.h"

namespace bunker::dynamodb {

class EngineStreamReader final : public StreamReader {
 public:
  explicit EngineStreamReader(Engine& engine) : engine_(engine) {}
  std::optional<StreamSummary> describe(std::string_view stream_arn) const override;
  std::vector<StreamEvent> read_after(std::string_view stream_arn, std::string_view after,
                                      std::size_t limit) const override;

 private:
  Engine& engine_;
};

}  // namespace bunker::dynamodb
