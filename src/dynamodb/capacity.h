#pragma once
// DynamoDB's capacity-unit arithmetic and the ConsumedCapacity member: reads cost one
// unit per 4 KB (half for eventually consistent reads), writes one per 1 KB, each
// index entry written or removed costs writes of its own.
#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace bunker::dynamodb {

double read_units(std::size_t bytes, bool consistent);
double write_units(std::size_t bytes);

struct Consumed {
  bool read = true;
  double table = 0;
  std::map<std::string, double> global_indexes, local_indexes;
  double total() const;
};

// The ConsumedCapacity member for ReturnConsumedCapacity TOTAL or INDEXES (nullopt for
// NONE or absent).
std::optional<nlohmann::json> render_consumed(const std::optional<std::string>& mode, const std::string& table,
                                              const Consumed& c);

}  // namespace bunker::dynamodb
