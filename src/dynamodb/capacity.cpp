#include "dynamodb/capacity.h"

#include <cmath>

namespace bunker::dynamodb {

double read_units(std::size_t bytes, bool consistent) {
  double units = std::max(1.0, std::ceil(static_cast<double>(bytes) / 4096.0));
  return consistent ? units : units / 2;
}

double write_units(std::size_t bytes) { return std::max(1.0, std::ceil(static_cast<double>(bytes) / 1024.0)); }

double Consumed::total() const {
  double t = table;
  for (const auto& [k, v] : global_indexes) t += v;
  for (const auto& [k, v] : local_indexes) t += v;
  return t;
}

std::optional<nlohmann::json> render_consumed(const std::optional<std::string>& mode, const std::string& table,
                                              const Consumed& c) {
  if (!mode || *mode == "NONE") return std::nullopt;
  nlohmann::json j = {{"TableName", table}, {"CapacityUnits", c.total()}};
  j[c.read ? "ReadCapacityUnits" : "WriteCapacityUnits"] = c.total();
  if (*mode == "INDEXES") {
    auto units = [&](double v) {
      nlohmann::json u = {{"CapacityUnits", v}};
      u[c.read ? "ReadCapacityUnits" : "WriteCapacityUnits"] = v;
      return u;
    };
    j["Table"] = units(c.table);
    if (!c.global_indexes.empty()) {
      j["GlobalSecondaryIndexes"] = nlohmann::json::object();
      for (const auto& [k, v] : c.global_indexes) j["GlobalSecondaryIndexes"][k] = units(v);
    }
    if (!c.local_indexes.empty()) {
      j["LocalSecondaryIndexes"] = nlohmann::json::object();
      for (const auto& [k, v] : c.local_indexes) j["LocalSecondaryIndexes"][k] = units(v);
    }
  }
  return j;
}

}  // namespace bunker::dynamodb
