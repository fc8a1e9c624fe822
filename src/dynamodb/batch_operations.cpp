// BatchGetItem and BatchWriteItem: many single-item reads or writes in one call, each
// item atomic on its own, with DynamoDB's request limits (100 keys, 25 writes, no
// duplicate keys) and capacity per table.
#include <set>

#include <nlohmann/json.hpp>

#include "dynamodb/capacity.h"
#include "dynamodb/engine.h"
#include "dynamodb/errors.h"
#include "dynamodb/expression_parser.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/item_writer.h"
#include "dynamodb/legacy_parameters.h"
#include "dynamodb/projection.h"
#include "dynamodb/request_validation.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxGetKeys = 100, kMaxWrites = 25;
constexpr std::size_t kMaxResponseBytes = 16 * 1024 * 1024;

const json& request_items(const json& body) {
  const json* r = member(body, "RequestItems");
  if (!r) missing_member("requestItems");
  if (!r->is_object()) throw serialization_error("Unexpected value type in payload");
  if (r->empty())
    constraint_failed("{}", "requestItems", "Member must have length greater than or equal to 1");
  return *r;
}

void add_table_capacity(json& list, const std::optional<std::string>& mode, const std::string& table, const Consumed& c) {
  if (auto rendered = render_consumed(mode, table, c)) list.push_back(*rendered);
}

void merge(Consumed& into, const Consumed& c) {
  into.read = c.read;
  into.table += c.table;
  for (const auto& [k, v] : c.global_indexes) into.global_indexes[k] += v;
  for (const auto& [k, v] : c.local_indexes) into.local_indexes[k] += v;
}

}  // namespace

json batch_get_item(Engine& engine, const Call& call) {
  const json& body = call.body;
  const json& requests = request_items(body);
  auto mode = enum_member(body, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  struct TableRead {
    std::string name;
    std::shared_ptr<TableHandle> table;
    std::shared_ptr<const TableDefinition> def;
    std::vector<Item> keys;
    std::optional<std::vector<Path>> projection;
    bool consistent = false;
    const json* spec = nullptr;
  };
  std::vector<TableRead> reads;
  std::size_t total = 0;
  for (auto it = requests.begin(); it != requests.end(); ++it) {
    const json& spec = it.value();
    TableRead r;
    r.name = name_from_arn(it.key());
    r.spec = &spec;
    check_parameter_styles(spec);
    ExpressionContext ctx = ExpressionContext::from_request(member(spec, "ExpressionAttributeNames"), nullptr);
    if (const json* p = member(spec, "ProjectionExpression")) r.projection = parse_projection(p->get<std::string>(), ctx).paths;
    else if (const json* a = member(spec, "AttributesToGet")) r.projection = attributes_to_get(*a);
    ctx.check_all_used();
    r.consistent = bool_member(spec, "ConsistentRead").value_or(false);
    const json* keys = member(spec, "Keys");
    if (!keys) missing_member("requestItems." + it.key() + ".member.keys");
    if (keys->empty())
      constraint_failed("[]", "requestItems." + it.key() + ".member.keys", "Member must have length greater than or equal to 1");
    total += keys->size();
    if (total > kMaxGetKeys) throw validation_error("Too many items requested for the BatchGetItem call");
    reads.push_back(std::move(r));
  }
  for (auto& r : reads) {
    r.table = engine.catalog.get(call.scope, r.name);
    r.def = r.table->definition();
    std::set<std::string> seen;
    for (const auto& k : (*r.spec)["Keys"]) {
      Item key = parse_key(*r.def, &k);
      if (!seen.insert(engine.store.item_key(*r.def, key)).second)
        throw validation_error("Provided list of item keys contains duplicates");
      r.keys.push_back(std::move(key));
    }
  }
  json responses = json::object(), unprocessed = json::object(), capacity = json::array();
  std::size_t response_bytes = 0;
  for (auto& r : reads) {
    json items = json::array();
    std::size_t bytes = 0;
    for (const auto& key : r.keys) {
      if (response_bytes >= kMaxResponseBytes) {
        // Past 16 MB the rest is handed back to be asked for again.
        json& u = unprocessed[r.name];
        if (u.is_null()) {
          u = *r.spec;
          u["Keys"] = json::array();
        }
        u["Keys"].push_back(item_to_json(key));
        continue;
      }
      if (auto item = engine.store.get(*r.def, key)) {
        std::size_t size = item_size(*item);
        bytes += size;
        response_bytes += size;
        items.push_back(item_to_json(r.projection ? project(*item, *r.projection) : *item));
      }
    }
    responses[r.name] = std::move(items);
    Consumed c;
    // Each key read costs at least one read, larger items by their 4 KB units.
    c.table = r.keys.empty() ? 0 : std::max(read_units(bytes, r.consistent), static_cast<double>(r.keys.size()) * (r.consistent ? 1 : 0.5));
    add_table_capacity(capacity, mode, r.def->name, c);
  }
  json out = {{"Responses", responses}, {"UnprocessedKeys", unprocessed}};
  if (mode && *mode != "NONE") out["ConsumedCapacity"] = capacity;
  return out;
}

json batch_write_item(Engine& engine, const Call& call) {
  const json& body = call.body;
  const json& requests = request_items(body);
  auto mode = enum_member(body, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  enum_member(body, "ReturnItemCollectionMetrics", "returnItemCollectionMetrics", {"SIZE", "NONE"});
  struct Write {
    std::shared_ptr<TableHandle> table;
    std::shared_ptr<const TableDefinition> def;
    Item key;
    std::optional<Item> item;  // nullopt: delete
    std::string requested_name;  // the table as the request named it
  };
  std::vector<Write> writes;
  std::size_t total = 0;
  for (auto it = requests.begin(); it != requests.end(); ++it) {
    if (!it.value().is_array()) throw serialization_error("Unexpected value type in payload");
    total += it.value().size();
    if (it.value().empty())
      constraint_failed("[]", "requestItems." + it.key() + ".member", "Member must have length greater than or equal to 1");
  }
  if (total > kMaxWrites)
    throw validation_error("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map "
                           "value must satisfy constraint: [Member must have length less than or equal to 25, Member "
                           "must have length greater than or equal to 1]");
  for (auto it = requests.begin(); it != requests.end(); ++it) {
    std::string name = name_from_arn(it.key());
    auto table = engine.catalog.get(call.scope, name);
    auto def = table->definition();
    std::set<std::string> seen;
    for (const json& request : it.value()) {
      const json* put = member(request, "PutRequest");
      const json* del = member(request, "DeleteRequest");
      if ((put ? 1 : 0) + (del ? 1 : 0) != 1)
        throw validation_error("Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
                               "the supported datatypes");
      Write w{table, def, {}, std::nullopt, it.key()};
      if (put) {
        const json* item_json = member(*put, "Item");
        if (!item_json) missing_member("requestItems." + name + ".member.putRequest.item");
        Item item = item_from_json(*item_json);
        validate_item_key(*def, item);
        validate_item_size(item);
        w.key = key_of(*def, item);
        w.item = std::move(item);
      } else {
        w.key = parse_key(*def, member(*del, "Key"));
      }
      if (!seen.insert(engine.store.item_key(*def, w.key)).second)
        throw validation_error("Provided list of item keys contains duplicates");
      writes.push_back(std::move(w));
    }
  }
  std::map<std::string, Consumed> per_table;
  json unprocessed = json::object();
  for (auto& w : writes) {
    try {
      WriteOutcome o = write_item(engine, *w.table, *w.def, w.key, nullptr, false,
                                  [&](const std::optional<Item>&) { return w.item; });
      merge(per_table[w.def->name], o.consumed);
      per_table[w.def->name].read = false;
    } catch (const AwsError& e) {
      // An item an ongoing transaction holds is handed back to be written again.
      if (e.code() != "TransactionConflictException") throw;
      json request = w.item ? json{{"PutRequest", {{"Item", item_to_json(*w.item)}}}}
                            : json{{"DeleteRequest", {{"Key", item_to_json(w.key)}}}};
      unprocessed[w.requested_name].push_back(std::move(request));
    }
  }
  json out = {{"UnprocessedItems", unprocessed}};
  if (mode && *mode != "NONE") {
    json capacity = json::array();
    for (const auto& [name, c] : per_table) add_table_capacity(capacity, mode, name, c);
    out["ConsumedCapacity"] = capacity;
  }
  return out;
}

}  // namespace bunker::dynamodb
