// PutItem, GetItem, UpdateItem, DeleteItem.
#include <nlohmann/json.hpp>

#include "dynamodb/engine.h"
#include "dynamodb/errors.h"
#include "dynamodb/expression_parser.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/item_json.h"
#include "dynamodb/item_writer.h"
#include "dynamodb/legacy_parameters.h"
#include "dynamodb/projection.h"
#include "dynamodb/request_validation.h"
#include "dynamodb/update_applier.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

const std::vector<std::string> kCapacityModes = {"INDEXES", "TOTAL", "NONE"};

std::optional<std::string> capacity_mode(const json& body) {
  return enum_member(body, "ReturnConsumedCapacity", "returnConsumedCapacity", kCapacityModes);
}

std::string return_values(const json& body, const std::vector<std::string>& allowed_here) {
  auto v = enum_member(body, "ReturnValues", "returnValues", {"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"});
  if (!v) return "NONE";
  if (std::find(allowed_here.begin(), allowed_here.end(), *v) == allowed_here.end())
    throw invalid_parameter("Return values set to invalid value");
  return *v;
}

bool return_on_failure(const json& body) {
  auto v = enum_member(body, "ReturnValuesOnConditionCheckFailure", "returnValuesOnConditionCheckFailure",
                       {"ALL_OLD", "NONE"});
  return v && *v == "ALL_OLD";
}

ExpressionContext context_of(const json& body) {
  return ExpressionContext::from_request(member(body, "ExpressionAttributeNames"),
                                         member(body, "ExpressionAttributeValues"));
}

// ConditionExpression, or the legacy Expected/ConditionalOperator.
std::optional<Condition> write_condition(const json& body, ExpressionContext& ctx) {
  if (const json* c = member(body, "ConditionExpression"))
    return parse_condition(c->get<std::string>(), ExpressionKind::kCondition, ctx);
  if (const json* e = member(body, "Expected")) return expected_condition(*e, member(body, "ConditionalOperator"));
  return std::nullopt;
}

void add_capacity(json& out, const json& body, const std::string& table, const Consumed& c) {
  if (auto rendered = render_consumed(capacity_mode(body), table, c)) out["ConsumedCapacity"] = *rendered;
}

// ItemCollectionMetrics for tables with local secondary indexes.
void add_collection_metrics(json& out, const json& body, const TableDefinition& def, const Item& key, Engine& engine) {
  auto mode = enum_member(body, "ReturnItemCollectionMetrics", "returnItemCollectionMetrics", {"SIZE", "NONE"});
  if (!mode || *mode != "SIZE") return;
  bool has_lsi = std::any_of(def.indexes.begin(), def.indexes.end(), [](const auto& i) { return !i.global; });
  if (!has_lsi) return;
  // The size estimate is the partition's item bytes in GB, as a [low, high] range.
  KeyCondition kc;
  kc.hash = key.at(def.hash.name);
  auto it = engine.store.iterate(nullptr, engine.store.query_range(def, nullptr, kc));
  double bytes = 0;
  for (it->seek_to_first(); it->valid(); it->next()) bytes += static_cast<double>(it->value().size());
  double gb = bytes / (1024.0 * 1024 * 1024);
  out["ItemCollectionMetrics"] = {{"ItemCollectionKey", {{def.hash.name, key.at(def.hash.name).to_json()}}},
                                  {"SizeEstimateRangeGB", {gb, gb + 1}}};
}

}  // namespace

json put_item(Engine& engine, const Call& call) {
  const json& body = call.body;
  check_parameter_styles(body);
  std::string name = table_name(body);
  const json* item_json = member(body, "Item");
  if (!item_json) missing_member("item");
  std::string rv = return_values(body, {"NONE", "ALL_OLD"});
  bool on_failure = return_on_failure(body);
  ExpressionContext ctx = context_of(body);
  Item item = item_from_json(*item_json);
  std::optional<Condition> condition = write_condition(body, ctx);
  ctx.check_all_used();
  auto table = engine.catalog.get(call.scope, name);
  auto def = table->definition();
  validate_item_key(*def, item);
  validate_item_size(item);
  Item key = key_of(*def, item);
  // The item moves into the write (the change runs once; nothing reads `item` after it).
  WriteOutcome w = write_item(engine, *table, *def, key, condition ? &*condition : nullptr, on_failure,
                              [&](const std::optional<Item>&) { return std::optional<Item>(std::move(item)); });
  json out = json::object();
  if (rv == "ALL_OLD" && w.before) out["Attributes"] = item_to_json(*w.before);
  add_capacity(out, body, def->name, w.consumed);
  add_collection_metrics(out, body, *def, key, engine);
  return out;
}

std::string get_item_text(Engine& engine, const Call& call) {
  const json& body = call.body;
  check_parameter_styles(body);
  std::string name = table_name(body);
  bool consistent = bool_member(body, "ConsistentRead").value_or(false);
  ExpressionContext ctx = context_of(body);
  std::optional<std::vector<Path>> paths;
  if (const json* p = member(body, "ProjectionExpression")) paths = parse_projection(p->get<std::string>(), ctx).paths;
  else if (const json* a = member(body, "AttributesToGet")) paths = attributes_to_get(*a);
  ctx.check_all_used();
  auto mode = capacity_mode(body);
  auto table = engine.catalog.get(call.scope, name);
  auto def = table->definition();
  Item key = parse_key(*def, member(body, "Key"));
  std::string stored;
  bool found = engine.store.get_stored_bytes(*def, key, &stored);
  // The answer's members in name order, as a JSON document would be written.
  std::string item_text;
  std::size_t size = 0;
  if (found && paths) {
    Item item = decode_item(stored);
    size = item_size(item);
    append_item_json(item_text, project(item, *paths));
  } else if (found) {
    item_text.reserve(stored.size() + stored.size() / 2 + 64);
    size = render_stored_item(stored, &item_text);
  }
  std::string out = "{";
  if (auto rendered = render_consumed(mode, def->name, read_consumed(*def, nullptr, size, consistent))) {
    out += "\"ConsumedCapacity\":";
    out += rendered->dump(-1, ' ', false, json::error_handler_t::replace);
    if (found) out += ',';
  }
  if (found) {
    out += "\"Item\":";
    out += item_text;
  }
  out += '}';
  return out;
}

json get_item(Engine& engine, const Call& call) { return json::parse(get_item_text(engine, call)); }

json update_item(Engine& engine, const Call& call) {
  const json& body = call.body;
  check_parameter_styles(body);
  std::string name = table_name(body);
  std::string rv = return_values(body, {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"});
  bool on_failure = return_on_failure(body);
  ExpressionContext ctx = context_of(body);
  UpdateExpression update;
  if (const json* u = member(body, "UpdateExpression")) update = parse_update(u->get<std::string>(), ctx);
  else if (const json* a = member(body, "AttributeUpdates")) update = attribute_updates(*a);
  std::optional<Condition> condition = write_condition(body, ctx);
  ctx.check_all_used();
  auto table = engine.catalog.get(call.scope, name);
  auto def = table->definition();
  Item key = parse_key(*def, member(body, "Key"));
  for (const auto& a : update.actions) {
    const std::string& top = a.path.top();
    if (top == def->hash.name || (def->range && top == def->range->name))
      throw invalid_parameter("Cannot update attribute " + top + ". This attribute is part of the key");
  }
  WriteOutcome w = write_item(engine, *table, *def, key, condition ? &*condition : nullptr, on_failure,
                              [&](const std::optional<Item>& before) {
                                Item after = before ? *before : key;
                                apply_update(update, after);
                                validate_item_size(after, true);
                                return std::optional<Item>(std::move(after));
                              });
  json out = json::object();
  std::optional<Item> attributes;
  if (rv == "ALL_OLD" && w.before) attributes = *w.before;
  if (rv == "ALL_NEW") attributes = *w.after;
  if (rv == "UPDATED_OLD" && w.before) attributes = project(*w.before, updated_paths(update));
  if (rv == "UPDATED_NEW") attributes = project(*w.after, updated_paths(update));
  if (attributes && !attributes->empty()) out["Attributes"] = item_to_json(*attributes);
  add_capacity(out, body, def->name, w.consumed);
  add_collection_metrics(out, body, *def, key, engine);
  return out;
}

json delete_item(Engine& engine, const Call& call) {
  const json& body = call.body;
  check_parameter_styles(body);
  std::string name = table_name(body);
  std::string rv = return_values(body, {"NONE", "ALL_OLD"});
  bool on_failure = return_on_failure(body);
  ExpressionContext ctx = context_of(body);
  std::optional<Condition> condition = write_condition(body, ctx);
  ctx.check_all_used();
  auto table = engine.catalog.get(call.scope, name);
  auto def = table->definition();
  Item key = parse_key(*def, member(body, "Key"));
  WriteOutcome w = write_item(engine, *table, *def, key, condition ? &*condition : nullptr, on_failure,
                              [](const std::optional<Item>&) { return std::optional<Item>(); });
  json out = json::object();
  if (rv == "ALL_OLD" && w.before) out["Attributes"] = item_to_json(*w.before);
  add_capacity(out, body, def->name, w.consumed);
  add_collection_metrics(out, body, *def, key, engine);
  return out;
}

}  // namespace bunker::dynamodb
