#pragma once
// A table's definition as DynamoDB describes it — key schema, attribute definitions,
// secondary indexes, throughput, billing, stream specification, tags — with its
// persistent form and DynamoDB's TableDescription rendering.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dynamodb/attribute_value.h"
#include "dynamodb/key_condition.h"

namespace bunker::dynamodb {

struct KeyElement {
  std::string name;
  Type type = Type::S;
};

struct IndexDefinition {
  std::string name;
  bool global = true;
  KeyElement hash;
  std::optional<KeyElement> range;
  std::string projection_type = "ALL";  // ALL, KEYS_ONLY, INCLUDE
  std::vector<std::string> non_key_attributes;
  uint16_t number = 0;  // storage id within the table, never reused
  std::string status = "ACTIVE";
  bool backfilling = false;
  int64_t read_capacity = 0, write_capacity = 0;  // GSIs of provisioned tables

  KeySchemaView key_view() const { return {hash.name, hash.type, range ? std::optional(range->name) : std::nullopt, range ? range->type : Type::S}; }
};

struct TableDefinition {
  std::string name;
  std::string account, region;
  uint64_t id = 0;       // storage prefix of the table's items; new for every creation
  std::string table_id;  // the UUID DynamoDB reports as TableId
  KeyElement hash;
  std::optional<KeyElement> range;
  std::vector<KeyElement> attribute_definitions;
  std::vector<IndexDefinition> indexes;
  uint16_t next_index_number = 1;
  std::string billing_mode = "PROVISIONED";  // or PAY_PER_REQUEST
  int64_t read_capacity = 0, write_capacity = 0;
  double creation_time = 0;  // epoch seconds
  double pay_per_request_since = 0;
  std::string status = "ACTIVE";
  double ready_at = 0;  // with --dynamodb-create-delay: when CREATING/UPDATING turns ACTIVE
  nlohmann::json stream_specification;  // null when never set
  std::string stream_label;
  uint64_t stream_id = 0;  // the StreamStore id of the latest stream (0: never had one)
  // Time to Live: the attribute holding the expiry epoch seconds, when enabled.
  bool ttl_enabled = false;
  std::string ttl_attribute;
  std::vector<std::pair<std::string, std::string>> tags;
  bool deletion_protection = false;
  // Point-in-time recovery: the switch and its window as DescribeContinuousBackups reports
  // them (Bunker keeps no history to restore from).
  bool pitr_enabled = false;
  double pitr_since = 0;  // epoch seconds when it was last enabled
  int pitr_recovery_days = 35;
  std::string table_class = "STANDARD";

  KeySchemaView key_view() const { return {hash.name, hash.type, range ? std::optional(range->name) : std::nullopt, range ? range->type : Type::S}; }
  std::string arn() const;
  bool stream_enabled() const {
    return stream_specification.is_object() && stream_specification.value("StreamEnabled", false);
  }
  const IndexDefinition* find_index(std::string_view index_name) const;

  nlohmann::json to_storage() const;
  static TableDefinition from_storage(const nlohmann::json& j);

  // DynamoDB's TableDescription.
  nlohmann::json describe(int64_t item_count, int64_t size_bytes) const;
};

// The attributes an index entry carries: the table's and index's keys plus the
// projected ones (all of them for ALL).
Item project_for_index(const TableDefinition& table, const IndexDefinition& index, const Item& item);

}  // namespace bunker::dynamodb
