#include "dynamodb/table_definition.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

Type type_from(const std::string& s) {
  if (s == "N") return Type::N;
  if (s == "B") return Type::B;
  return Type::S;
}

json key_schema_json(const KeyElement& hash, const std::optional<KeyElement>& range) {
  json ks = json::array({{{"AttributeName", hash.name}, {"KeyType", "HASH"}}});
  if (range) ks.push_back({{"AttributeName", range->name}, {"KeyType", "RANGE"}});
  return ks;
}

json key_json(const KeyElement& k) { return {{"name", k.name}, {"type", std::string(type_name(k.type))}}; }
KeyElement key_from(const json& j) { return {j.at("name").get<std::string>(), type_from(j.at("type").get<std::string>())}; }

}  // namespace

std::string TableDefinition::arn() const { return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name; }

const IndexDefinition* TableDefinition::find_index(std::string_view index_name) const {
  for (const auto& i : indexes)
    if (i.name == index_name) return &i;
  return nullptr;
}

json TableDefinition::to_storage() const {
  json j;
  j["name"] = name;
  j["account"] = account;
  j["region"] = region;
  j["id"] = id;
  j["table_id"] = table_id;
  j["hash"] = key_json(hash);
  if (range) j["range"] = key_json(*range);
  j["attributes"] = json::array();
  for (const auto& a : attribute_definitions) j["attributes"].push_back(key_json(a));
  j["indexes"] = json::array();
  for (const auto& i : indexes) {
    json x = {{"name", i.name}, {"global", i.global}, {"hash", key_json(i.hash)}, {"projection", i.projection_type},
              {"non_key", i.non_key_attributes}, {"number", i.number}, {"status", i.status},
              {"backfilling", i.backfilling}, {"rcu", i.read_capacity}, {"wcu", i.write_capacity}};
    if (i.range) x["range"] = key_json(*i.range);
    j["indexes"].push_back(std::move(x));
  }
  j["next_index_number"] = next_index_number;
  j["billing_mode"] = billing_mode;
  j["rcu"] = read_capacity;
  j["wcu"] = write_capacity;
  j["created"] = creation_time;
  j["ppr_since"] = pay_per_request_since;
  j["status"] = status;
  j["ready_at"] = ready_at;
  j["stream"] = stream_specification;
  j["stream_label"] = stream_label;
  j["stream_id"] = stream_id;
  j["ttl_enabled"] = ttl_enabled;
  j["ttl_attribute"] = ttl_attribute;
  j["tags"] = json::array();
  for (const auto& [k, v] : tags) j["tags"].push_back({k, v});
  j["deletion_protection"] = deletion_protection;
  if (pitr_enabled) j["pitr"] = {{"since", pitr_since}, {"days", pitr_recovery_days}};
  j["table_class"] = table_class;
  return j;
}

TableDefinition TableDefinition::from_storage(const json& j) {
  TableDefinition t;
  t.name = j.at("name");
  t.account = j.at("account");
  t.region = j.at("region");
  t.id = j.at("id");
  t.table_id = j.at("table_id");
  t.hash = key_from(j.at("hash"));
  if (j.contains("range")) t.range = key_from(j["range"]);
  for (const auto& a : j.at("attributes")) t.attribute_definitions.push_back(key_from(a));
  for (const auto& x : j.at("indexes")) {
    IndexDefinition i;
    i.name = x.at("name");
    i.global = x.at("global");
    i.hash = key_from(x.at("hash"));
    if (x.contains("range")) i.range = key_from(x["range"]);
    i.projection_type = x.at("projection");
    i.non_key_attributes = x.at("non_key").get<std::vector<std::string>>();
    i.number = x.at("number");
    i.status = x.at("status");
    i.backfilling = x.at("backfilling");
    i.read_capacity = x.at("rcu");
    i.write_capacity = x.at("wcu");
    t.indexes.push_back(std::move(i));
  }
  t.next_index_number = j.at("next_index_number");
  t.billing_mode = j.at("billing_mode");
  t.read_capacity = j.at("rcu");
  t.write_capacity = j.at("wcu");
  t.creation_time = j.at("created");
  t.pay_per_request_since = j.at("ppr_since");
  t.status = j.at("status");
  t.ready_at = j.at("ready_at");
  t.stream_specification = j.at("stream");
  t.stream_label = j.at("stream_label");
  // Definitions written before streams and TTL existed lack these members.
  t.stream_id = j.value("stream_id", uint64_t{0});
  t.ttl_enabled = j.value("ttl_enabled", false);
  t.ttl_attribute = j.value("ttl_attribute", std::string());
  for (const auto& kv : j.at("tags")) t.tags.emplace_back(kv[0], kv[1]);
  t.deletion_protection = j.at("deletion_protection");
  if (auto pitr = j.find("pitr"); pitr != j.end()) {
    t.pitr_enabled = true;
    t.pitr_since = pitr->at("since");
    t.pitr_recovery_days = pitr->at("days");
  }
  t.table_class = j.at("table_class");
  return t;
}

json TableDefinition::describe(int64_t item_count, int64_t size_bytes) const {
  json d;
  json defs = json::array();
  for (const auto& a : attribute_definitions)
    defs.push_back({{"AttributeName", a.name}, {"AttributeType", std::string(type_name(a.type))}});
  d["AttributeDefinitions"] = defs;
  d["TableName"] = name;
  d["KeySchema"] = key_schema_json(hash, range);
  d["TableStatus"] = status;
  d["CreationDateTime"] = creation_time;
  d["ProvisionedThroughput"] = {{"NumberOfDecreasesToday", 0},
                                {"ReadCapacityUnits", read_capacity},
                                {"WriteCapacityUnits", write_capacity}};
  d["TableSizeBytes"] = size_bytes;
  d["ItemCount"] = item_count;
  d["TableArn"] = arn();
  d["TableId"] = table_id;
  if (billing_mode == "PAY_PER_REQUEST")
    d["BillingModeSummary"] = {{"BillingMode", "PAY_PER_REQUEST"},
                               {"LastUpdateToPayPerRequestDateTime", pay_per_request_since}};
  json lsis = json::array(), gsis = json::array();
  for (const auto& i : indexes) {
    json projection = {{"ProjectionType", i.projection_type}};
    if (i.projection_type == "INCLUDE") projection["NonKeyAttributes"] = i.non_key_attributes;
    json x = {{"IndexName", i.name},
              {"KeySchema", key_schema_json(i.hash, i.range)},
              {"Projection", projection},
              {"IndexSizeBytes", i.status == "ACTIVE" ? size_bytes : 0},
              {"ItemCount", i.status == "ACTIVE" ? item_count : 0},
              {"IndexArn", arn() + "/index/" + i.name}};
    if (i.global) {
      x["IndexStatus"] = i.status;
      if (i.backfilling) x["Backfilling"] = true;
      x["ProvisionedThroughput"] = {{"NumberOfDecreasesToday", 0},
                                    {"ReadCapacityUnits", i.read_capacity},
                                    {"WriteCapacityUnits", i.write_capacity}};
      gsis.push_back(std::move(x));
    } else {
      lsis.push_back(std::move(x));
    }
  }
  if (!lsis.empty()) d["LocalSecondaryIndexes"] = lsis;
  if (!gsis.empty()) d["GlobalSecondaryIndexes"] = gsis;
  if (stream_specification.is_object()) {
    d["StreamSpecification"] = stream_specification;
    // A disabled stream stays the table's latest (readable for 24 hours).
    if (!stream_label.empty()) {
      d["LatestStreamLabel"] = stream_label;
      d["LatestStreamArn"] = arn() + "/stream/" + stream_label;
    }
  }
  d["DeletionProtectionEnabled"] = deletion_protection;
  if (table_class != "STANDARD") d["TableClassSummary"] = {{"TableClass", table_class}};
  return d;
}

Item project_for_index(const TableDefinition& table, const IndexDefinition& index, const Item& item) {
  if (index.projection_type == "ALL") return item;
  Item out;
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) out.insert_or_assign(name, it->second);
  };
  copy(table.hash.name);
  if (table.range) copy(table.range->name);
  copy(index.hash.name);
  if (index.range) copy(index.range->name);
  if (index.projection_type == "INCLUDE")
    for (const auto& n : index.non_key_attributes) copy(n);
  return out;
}

}  // namespace bunker::dynamodb
