// CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable (including enabling
// and disabling the table's stream).
#include <chrono>
#include <ctime>
#include <set>

#include <nlohmann/json.hpp>

#include "bunker/core/clock.h"
#include "dynamodb/engine.h"
#include "dynamodb/errors.h"
#include "dynamodb/request_validation.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxGlobalIndexes = 20, kMaxLocalIndexes = 5;

Type attribute_type(const std::string& s, const std::string& field) {
  if (s == "S") return Type::S;
  if (s == "N") return Type::N;
  if (s == "B") return Type::B;
  constraint_failed(s, field, "Member must satisfy enum value set: [B, N, S]");
}

std::vector<KeyElement> attribute_definitions(const json& body) {
  const json* defs = member(body, "AttributeDefinitions");
  if (!defs) missing_member("attributeDefinitions");
  std::vector<KeyElement> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < defs->size(); ++i) {
    const json& d = (*defs)[i];
    std::string field = "attributeDefinitions." + std::to_string(i + 1) + ".member.attributeType";
    std::string name = string_member(d, "AttributeName");
    if (!member(d, "AttributeType")) missing_member(field);
    if (!seen.insert(name).second)
      throw invalid_parameter("Duplicate AttributeName in AttributeDefinitions: " + name);
    out.push_back({name, attribute_type(string_member(d, "AttributeType"), field)});
  }
  return out;
}

// A KeySchema (table or index) resolved against the attribute definitions.
std::pair<KeyElement, std::optional<KeyElement>> key_schema(const json* ks, const std::string& field,
                                                            const std::vector<KeyElement>& defs,
                                                            std::vector<std::string>& undefined) {
  if (!ks) missing_member(field);
  if (ks->empty()) constraint_failed("[]", field, "Member must have length greater than or equal to 1");
  if (ks->size() > 2) constraint_failed(ks->dump(), field, "Member must have length less than or equal to 2");
  auto element = [&](const json& e) {
    std::string name = string_member(e, "AttributeName");
    for (const auto& d : defs)
      if (d.name == name) return d;
    undefined.push_back(name);
    return KeyElement{name, Type::S};
  };
  if (string_member((*ks)[0], "KeyType") != "HASH")
    throw validation_error("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  KeyElement hash = element((*ks)[0]);
  std::optional<KeyElement> range;
  if (ks->size() == 2) {
    if (string_member((*ks)[1], "KeyType") != "RANGE")
      throw validation_error("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    range = element((*ks)[1]);
    if (range->name == hash.name)
      throw validation_error("Invalid KeySchema: Some index key attribute have no definition");
  }
  return {hash, range};
}

void throughput(const json* pt, const std::string& field, int64_t& rcu, int64_t& wcu) {
  auto one = [&](const char* m, const char* f, int64_t& out) {
    auto v = int_member(*pt, m);
    if (!v) missing_member(field + "." + f);
    if (*v < 1) constraint_failed(std::to_string(*v), field + "." + f, "Member must have value greater than or equal to 1");
    out = *v;
  };
  one("ReadCapacityUnits", "readCapacityUnits", rcu);
  one("WriteCapacityUnits", "writeCapacityUnits", wcu);
}

void projection(const json* p, IndexDefinition& index) {
  if (!p) missing_member("projection");
  std::string type = string_member(*p, "ProjectionType");
  if (type.empty()) type = "ALL";
  if (type != "ALL" && type != "KEYS_ONLY" && type != "INCLUDE")
    constraint_failed(type, "projection.projectionType", "Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]");
  index.projection_type = type;
  const json* nk = member(*p, "NonKeyAttributes");
  if (type == "INCLUDE") {
    if (!nk || nk->empty())
      throw invalid_parameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
    index.non_key_attributes = nk->get<std::vector<std::string>>();
  } else if (nk) {
    throw invalid_parameter("ProjectionType is " + type + ", but NonKeyAttributes is specified");
  }
}

std::string iso_label(double t) {
  std::time_t secs = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03d", buf, static_cast<int>((t - static_cast<double>(secs)) * 1000));
  return out;
}

void stream_specification(const json& body, TableDefinition& t) {
  const json* s = member(body, "StreamSpecification");
  if (!s) return;
  auto enabled = bool_member(*s, "StreamEnabled");
  if (!enabled) missing_member("streamSpecification.streamEnabled");
  json spec = {{"StreamEnabled", *enabled}};
  if (*enabled) {
    auto view = enum_member(*s, "StreamViewType", "streamSpecification.streamViewType",
                            {"NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"});
    if (!view)
      throw invalid_parameter("StreamViewType is required when StreamEnabled is true");
    spec["StreamViewType"] = *view;
    t.stream_label = iso_label(t.creation_time > 0 ? t.creation_time : now_seconds());
  }
  t.stream_specification = spec;
}

std::string billing_mode(const json& body) {
  auto v = enum_member(body, "BillingMode", "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});
  return v ? *v : "";
}

IndexDefinition parse_index(const json& spec, bool global, const TableDefinition& t, std::vector<std::string>& undefined) {
  IndexDefinition index;
  index.global = global;
  index.name = string_member(spec, "IndexName");
  if (index.name.size() < 3 || index.name.size() > 255)
    constraint_failed(index.name, "indexName", index.name.size() < 3 ? "Member must have length greater than or equal to 3"
                                                                      : "Member must have length less than or equal to 255");
  auto [hash, range] = key_schema(member(spec, "KeySchema"), "keySchema", t.attribute_definitions, undefined);
  index.hash = hash;
  index.range = range;
  projection(member(spec, "Projection"), index);
  if (global) {
    const json* pt = member(spec, "ProvisionedThroughput");
    if (t.billing_mode == "PROVISIONED") {
      if (!pt) throw invalid_parameter("ProvisionedThroughput must be specified for index: " + index.name);
      throughput(pt, "globalSecondaryIndexes.member.provisionedThroughput", index.read_capacity, index.write_capacity);
    } else if (pt) {
      throw invalid_parameter("ProvisionedThroughput should not be specified for index: " + index.name +
                              " when BillingMode is PAY_PER_REQUEST");
    }
  } else {
    if (!t.range)
      throw invalid_parameter("Table KeySchema does not have a range key, which is required when specifying a "
                              "LocalSecondaryIndex");
    if (index.hash.name != t.hash.name)
      throw invalid_parameter("Index KeySchema does not have the same leading hash key as table KeySchema for index: " +
                              index.name + ". index hash key: " + index.hash.name + ", table hash key: " + t.hash.name);
    if (!index.range)
      throw invalid_parameter("Index KeySchema for LocalSecondaryIndex " + index.name + " must have a range key");
  }
  return index;
}

json describe(Engine& engine, TableHandle& h, const TableDefinition& def) {
  json d = def.describe(h.stats.table.items.load(), h.stats.table.bytes.load());
  for (const char* list : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    if (!d.contains(list)) continue;
    for (auto& x : d[list]) {
      const IndexDefinition* i = def.find_index(x["IndexName"].get<std::string>());
      bool ready = i->status == "ACTIVE";
      x["ItemCount"] = ready ? h.stats.index(i->number).items.load() : 0;
      x["IndexSizeBytes"] = ready ? h.stats.index(i->number).bytes.load() : 0;
    }
  }
  return d;
}

}  // namespace

json create_table(Engine& engine, const Call& call) {
  const json& body = call.body;
  TableDefinition t;
  t.name = new_table_name(body);
  t.account = call.scope.account;
  t.region = call.scope.region;
  t.attribute_definitions = attribute_definitions(body);
  std::vector<std::string> undefined;
  auto [hash, range] = key_schema(member(body, "KeySchema"), "keySchema", t.attribute_definitions, undefined);
  t.hash = hash;
  t.range = range;
  std::string mode = billing_mode(body);
  t.billing_mode = mode.empty() ? "PROVISIONED" : mode;
  const json* pt = member(body, "ProvisionedThroughput");
  if (t.billing_mode == "PROVISIONED") {
    if (!pt)
      throw invalid_parameter("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
                              "PROVISIONED");
    throughput(pt, "provisionedThroughput", t.read_capacity, t.write_capacity);
  } else if (pt) {
    throw invalid_parameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
                            "PAY_PER_REQUEST");
  }
  std::set<std::string> names;
  for (auto [list, global] : {std::pair{"LocalSecondaryIndexes", false}, std::pair{"GlobalSecondaryIndexes", true}}) {
    const json* specs = member(body, list);
    if (!specs) continue;
    if (specs->empty()) throw invalid_parameter("List of " + std::string(list) + " is empty");
    if (specs->size() > (global ? kMaxGlobalIndexes : kMaxLocalIndexes))
      throw validation_error(global ? "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20"
                                    : "One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of 5");
    for (const auto& spec : *specs) {
      IndexDefinition index = parse_index(spec, global, t, undefined);
      if (!names.insert(index.name).second) throw invalid_parameter("Duplicate index name: " + index.name);
      index.number = t.next_index_number++;
      t.indexes.push_back(std::move(index));
    }
  }
  if (!undefined.empty()) {
    std::string keys, defs;
    for (const auto& u : undefined) keys += (keys.empty() ? "" : ", ") + u;
    for (const auto& d : t.attribute_definitions) defs += (defs.empty() ? "" : ", ") + d.name;
    throw invalid_parameter("Some index key attributes are not defined in AttributeDefinitions. Keys: [" + keys +
                            "], AttributeDefinitions: [" + defs + "]");
  }
  std::set<std::string> used = {t.hash.name};
  if (t.range) used.insert(t.range->name);
  for (const auto& i : t.indexes) {
    used.insert(i.hash.name);
    if (i.range) used.insert(i.range->name);
  }
  if (used.size() != t.attribute_definitions.size())
    throw invalid_parameter("Number of attributes in KeySchema does not exactly match number of attributes defined in "
                            "AttributeDefinitions");
  if (auto dp = bool_member(body, "DeletionProtectionEnabled")) t.deletion_protection = *dp;
  if (auto tc = enum_member(body, "TableClass", "tableClass", {"STANDARD", "STANDARD_INFREQUENT_ACCESS"})) t.table_class = *tc;
  if (const json* tags = member(body, "Tags"))
    for (const auto& tag : *tags) t.tags.emplace_back(string_member(tag, "Key"), string_member(tag, "Value"));
  t.creation_time = now_seconds();
  stream_specification(body, t);
  if (t.billing_mode == "PAY_PER_REQUEST") t.pay_per_request_since = t.creation_time;
  auto handle = engine.catalog.create(std::move(t));
  auto def = handle->definition();
  if (def->stream_enabled()) {
    StreamInfo stream = engine.streams.open(*def, def->stream_specification.at("StreamViewType"), def->stream_label,
                                            def->creation_time);
    def = engine.catalog.update(*handle, [&](TableDefinition& d) { d.stream_id = stream.id; });
  }
  return {{"TableDescription", describe(engine, *handle, *def)}};
}

json describe_table(Engine& engine, const Call& call) {
  std::string name = table_name(call.body);
  auto handle = engine.catalog.get(call.scope, name, true);
  auto def = handle->definition();
  return {{"Table", describe(engine, *handle, *def)}};
}

json list_tables(Engine& engine, const Call& call) {
  const json& body = call.body;
  auto limit = int_member(body, "Limit");
  if (limit && (*limit < 1 || *limit > 100))
    constraint_failed(std::to_string(*limit), "limit",
                      *limit < 1 ? "Member must have value greater than or equal to 1"
                                 : "Member must have value less than or equal to 100");
  std::string start = string_member(body, "ExclusiveStartTableName");
  std::vector<std::string> names = engine.catalog.list(call.scope);
  json out_names = json::array();
  std::size_t max = limit ? static_cast<std::size_t>(*limit) : 100;
  bool more = false;
  for (const auto& n : names) {
    if (!start.empty() && n <= start) continue;
    if (out_names.size() == max) {
      more = true;
      break;
    }
    out_names.push_back(n);
  }
  json out = {{"TableNames", out_names}};
  if (more) out["LastEvaluatedTableName"] = out_names.back();
  return out;
}

json delete_table(Engine& engine, const Call& call) {
  std::string name = table_name(call.body);
  auto handle = engine.catalog.get(call.scope, name, true);
  TableDefinition gone = engine.catalog.remove(call.scope, name);
  json d = describe(engine, *handle, gone);
  return {{"TableDescription", d}};
}

json update_table(Engine& engine, const Call& call) {
  const json& body = call.body;
  std::string name = table_name(body);
  std::string mode = billing_mode(body);
  const json* pt = member(body, "ProvisionedThroughput");
  const json* gsi_updates = member(body, "GlobalSecondaryIndexUpdates");
  const json* stream = member(body, "StreamSpecification");
  auto protection = bool_member(body, "DeletionProtectionEnabled");
  auto table_class = enum_member(body, "TableClass", "tableClass", {"STANDARD", "STANDARD_INFREQUENT_ACCESS"});
  auto handle = engine.catalog.get(call.scope, name, true);
  auto current = handle->definition();
  if (mode.empty() && !pt && !gsi_updates && !stream && !protection && !table_class && !member(body, "SSESpecification") &&
      !member(body, "ReplicaUpdates"))
    throw validation_error("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                           "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
  if (current->status != "ACTIVE")
    throw resource_in_use("Attempt to change a resource which is still in use: Table is being " +
                          std::string(current->status == "CREATING" ? "created" : "updated") + ": " + name);
  TableDefinition next = *current;
  if (!mode.empty() && mode != next.billing_mode) {
    next.billing_mode = mode;
    if (mode == "PAY_PER_REQUEST") {
      next.read_capacity = next.write_capacity = 0;
      next.pay_per_request_since = now_seconds();
      for (auto& i : next.indexes) i.read_capacity = i.write_capacity = 0;
    }
  }
  if (pt) {
    if (next.billing_mode == "PAY_PER_REQUEST")
      throw invalid_parameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
                              "PAY_PER_REQUEST");
    int64_t r = 0, w = 0;
    throughput(pt, "provisionedThroughput", r, w);
    if (mode.empty() && r == current->read_capacity && w == current->write_capacity)
      throw validation_error(
          "The provisioned throughput for the table will not change. The requested value equals the current value. "
          "Current ReadCapacityUnits provisioned for the table: " + std::to_string(r) +
          ". Requested ReadCapacityUnits: " + std::to_string(r) +
          ". Current WriteCapacityUnits provisioned for the table: " + std::to_string(w) +
          ". Requested WriteCapacityUnits: " + std::to_string(w) +
          ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
    next.read_capacity = r;
    next.write_capacity = w;
  } else if (mode == "PROVISIONED" && current->billing_mode != "PROVISIONED") {
    throw invalid_parameter("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
                            "PROVISIONED");
  }
  if (const json* defs = member(body, "AttributeDefinitions")) {
    for (const auto& d : attribute_definitions(body)) {
      bool known = false;
      for (auto& existing : next.attribute_definitions)
        if (existing.name == d.name) {
          if (existing.type != d.type)
            throw invalid_parameter("Cannot update attribute " + d.name + ". The attribute type cannot be changed");
          known = true;
        }
      if (!known) next.attribute_definitions.push_back(d);
    }
    (void)defs;
  }
  std::vector<IndexDefinition> created;
  std::vector<IndexDefinition> dropped;
  if (gsi_updates) {
    for (const auto& u : *gsi_updates) {
      if (const json* c = member(u, "Create")) {
        std::vector<std::string> undefined;
        IndexDefinition index = parse_index(*c, true, next, undefined);
        if (!undefined.empty())
          throw invalid_parameter("Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
                                  undefined.front() + "]");
        if (next.find_index(index.name)) throw invalid_parameter("Index already exists: " + index.name);
        if (std::count_if(next.indexes.begin(), next.indexes.end(), [](auto& i) { return i.global; }) >=
            static_cast<long>(kMaxGlobalIndexes))
          throw AwsError(400, "LimitExceededException", "Subscriber limit exceeded: The number of global secondary indexes exceeds the limit of 20");
        index.number = next.next_index_number++;
        if (engine.catalog.transition_seconds() > 0) {
          index.status = "CREATING";
          index.backfilling = true;
        }
        created.push_back(index);
        next.indexes.push_back(std::move(index));
      } else if (const json* d = member(u, "Delete")) {
        std::string index_name = string_member(*d, "IndexName");
        auto it = std::find_if(next.indexes.begin(), next.indexes.end(),
                               [&](auto& i) { return i.global && i.name == index_name; });
        if (it == next.indexes.end())
          throw resource_not_found("Requested resource not found: Index: " + index_name + " not found");
        dropped.push_back(*it);
        next.indexes.erase(it);
      } else if (const json* up = member(u, "Update")) {
        std::string index_name = string_member(*up, "IndexName");
        auto it = std::find_if(next.indexes.begin(), next.indexes.end(),
                               [&](auto& i) { return i.global && i.name == index_name; });
        if (it == next.indexes.end())
          throw resource_not_found("Requested resource not found: Index: " + index_name + " not found");
        if (const json* ipt = member(*up, "ProvisionedThroughput"))
          throughput(ipt, "globalSecondaryIndexUpdates.member.update.provisionedThroughput", it->read_capacity,
                     it->write_capacity);
      }
    }
  }
  if (stream) {
    bool enabled = bool_member(*stream, "StreamEnabled").value_or(false);
    bool was = current->stream_specification.is_object() && current->stream_specification.value("StreamEnabled", false);
    if (enabled && was)
      throw validation_error("Table already has an enabled stream: " + current->arn() + "/stream/" + current->stream_label);
    if (!enabled && !was) throw validation_error("Table already has stream disabled");
    next.creation_time = current->creation_time;
    stream_specification(body, next);
    if (enabled) {
      double now = now_seconds();
      // Labels name streams: a new one must differ from the last, even within a millisecond.
      while (iso_label(now) <= current->stream_label) now += 0.001;
      next.stream_label = iso_label(now);
      next.stream_id = engine.streams.open(next, next.stream_specification.at("StreamViewType"), next.stream_label, now).id;
    } else {
      // The label of the stream just closed stays the table's latest.
      next.stream_label = current->stream_label;
      engine.streams.close(current->stream_id, now_seconds());
    }
  }
  if (protection) next.deletion_protection = *protection;
  if (table_class) next.table_class = *table_class;
  if (engine.catalog.transition_seconds() > 0) {
    next.status = "UPDATING";
    next.ready_at = now_seconds() + engine.catalog.transition_seconds();
  }
  auto def = engine.catalog.update(*handle, [&](TableDefinition& d) { d = next; });
  // New indexes are filled from the existing items; removed ones are dropped.
  for (const auto& index : created) {
    handle->stats.index(index.number).reset();
    engine.store.backfill(*def, handle->stats, index);
  }
  for (const auto& index : dropped) engine.store.drop_index(*def, index);
  return {{"TableDescription", describe(engine, *handle, *def)}};
}

}  // namespace bunker::dynamodb
