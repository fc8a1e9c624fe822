// Query and Scan: walking a key range of the table or an index, page by page (Limit
// and the 1 MB read limit, LastEvaluatedKey/ExclusiveStartKey), with filters,
// projections, Select and read capacity.
#include <nlohmann/json.hpp>

#include "dynamodb/capacity.h"
#include "dynamodb/condition_evaluator.h"
#include "dynamodb/engine.h"
#include "dynamodb/errors.h"
#include "dynamodb/expression_parser.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/item_json.h"
#include "dynamodb/item_writer.h"
#include "dynamodb/legacy_parameters.h"
#include "dynamodb/projection.h"
#include "dynamodb/request_validation.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

constexpr std::size_t kPageBytes = 1024 * 1024;

struct ReadRequest {
  std::shared_ptr<TableHandle> table;
  std::shared_ptr<const TableDefinition> def;
  const IndexDefinition* index = nullptr;
  std::string select;
  std::optional<std::vector<Path>> projection;
  std::optional<Condition> filter;
  std::optional<long long> limit;
  bool consistent = false;
  std::optional<std::string> capacity_mode;
  std::optional<Item> start_key;
};

// The members Query and Scan share, parsed and checked in DynamoDB's order.
ReadRequest read_request(Engine& engine, const Call& call, ExpressionContext& ctx, bool is_query) {
  const json& body = call.body;
  ReadRequest r;
  std::string name = table_name(body);
  std::string index_name = string_member(body, "IndexName");
  if (member(body, "IndexName") && (index_name.size() < 3 || index_name.size() > 255))
    constraint_failed(index_name, "indexName",
                      index_name.size() < 3 ? "Member must have length greater than or equal to 3"
                                            : "Member must have length less than or equal to 255");
  auto select = enum_member(body, "Select", "select",
                            {"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"});
  r.limit = int_member(body, "Limit");
  if (r.limit && *r.limit < 1)
    constraint_failed(std::to_string(*r.limit), "limit", "Member must have value greater than or equal to 1");
  r.consistent = bool_member(body, "ConsistentRead").value_or(false);
  r.capacity_mode = enum_member(body, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  if (const json* p = member(body, "ProjectionExpression")) r.projection = parse_projection(p->get<std::string>(), ctx).paths;
  else if (const json* a = member(body, "AttributesToGet")) r.projection = attributes_to_get(*a);
  if (const json* f = member(body, "FilterExpression"))
    r.filter = parse_condition(f->get<std::string>(), ExpressionKind::kFilter, ctx);
  else if (const json* f = member(body, is_query ? "QueryFilter" : "ScanFilter"))
    r.filter = filter_condition(*f, member(body, "ConditionalOperator"));

  if (select && *select == "SPECIFIC_ATTRIBUTES" && !r.projection)
    throw validation_error("Must specify the AttributesToGet or ProjectionExpression when choosing to get "
                           "SPECIFIC_ATTRIBUTES");
  if (select && *select != "SPECIFIC_ATTRIBUTES" && r.projection) {
    if (*select == "COUNT" || *select == "ALL_ATTRIBUTES" || *select == "ALL_PROJECTED_ATTRIBUTES")
      throw validation_error("Cannot specify the " +
                             std::string(member(body, "ProjectionExpression") ? "ProjectionExpression"
                                                                                : "AttributesToGet") +
                             " when choosing to get " + *select);
  }
  r.table = engine.catalog.get(call.scope, name);
  r.def = r.table->definition();
  if (member(body, "IndexName")) {
    r.index = r.def->find_index(index_name);
    if (!r.index) throw validation_error("The table does not have the specified index: " + index_name);
    if (r.index->global && r.consistent)
      throw validation_error("Consistent reads are not supported on global secondary indexes");
    if (r.index->status != "ACTIVE" && r.index->backfilling)
      throw validation_error("Cannot read from backfilling global secondary index: " + index_name);
  }
  r.select = select ? *select : (r.projection ? "SPECIFIC_ATTRIBUTES" : r.index ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES");
  if (!r.index && r.select == "ALL_PROJECTED_ATTRIBUTES")
    throw validation_error("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  if (r.index && r.index->global && r.select == "ALL_ATTRIBUTES" && r.index->projection_type != "ALL")
    throw invalid_parameter("Select type ALL_ATTRIBUTES is not supported for global secondary index " +
                            r.index->name + " because its projection type is not ALL");
  if (const json* s = member(body, "ExclusiveStartKey")) {
    Item start = item_from_json(*s);
    auto has = [&](const std::string& n) { return start.count(n) > 0; };
    bool ok = has(r.def->hash.name) && (!r.def->range || has(r.def->range->name));
    if (r.index) ok = ok && has(r.index->hash.name) && (!r.index->range || has(r.index->range->name));
    std::size_t expected = 1 + (r.def->range ? 1 : 0);
    if (r.index) {
      if (r.index->hash.name != r.def->hash.name && (!r.def->range || r.index->hash.name != r.def->range->name)) ++expected;
      if (r.index->range && r.index->range->name != r.def->hash.name && (!r.def->range || r.index->range->name != r.def->range->name)) ++expected;
    }
    if (!ok || start.size() != expected)
      throw validation_error("The provided starting key is invalid: The provided key element does not match the schema");
    r.start_key = std::move(start);
  }
  return r;
}

// The page as JSON text (item_json.h): members in name order, as nlohmann would
// write the same document.
std::string run_page(Engine& engine, ReadRequest& r, const KeyRange& range, bool forward) {
  auto it = engine.store.iterate(r.index, range);
  if (r.start_key) {
    auto k = engine.store.key_in(*r.def, r.index, *r.start_key);
    if (!k) throw validation_error("The provided starting key is invalid: The provided key element does not match the schema");
    if (forward) {
      it->seek(*k);
      if (it->valid() && it->key() == *k) it->next();
    } else {
      it->seek_for_prev(*k);
      if (it->valid() && it->key() == *k) it->prev();
    }
  } else if (forward) {
    it->seek_to_first();
  } else {
    it->seek_to_last();
  }
  // Local indexes can reach the table for attributes they do not project.
  bool fetch_table = r.index && !r.index->global && r.index->projection_type != "ALL" && r.select == "ALL_ATTRIBUTES";
  // Without a filter or a projection an item goes from its stored bytes to the answer
  // without being decoded.
  bool direct = !fetch_table && !r.filter && !r.projection;
  bool counting = r.select == "COUNT";
  std::string items;
  long long scanned = 0, count = 0;
  std::size_t bytes = 0;
  std::string last;  // stored bytes of the last item read: its key attributes make LastEvaluatedKey
  bool more = false;
  for (; it->valid(); forward ? it->next() : it->prev()) {
    if ((r.limit && scanned >= *r.limit) || bytes >= kPageBytes) {
      more = true;
      break;
    }
    std::string_view stored = it->value();
    last.assign(stored);
    ++scanned;
    if (direct) {
      if (!counting && count) items += ',';
      bytes += render_stored_item(stored, counting ? nullptr : &items);
      ++count;
      continue;
    }
    Item item = decode_item(stored);
    if (fetch_table) {
      if (auto full = engine.store.get(*r.def, key_of(*r.def, item))) item = std::move(*full);
    }
    bytes += item_size(item);
    if (r.filter && !evaluate_condition(*r.filter, item)) continue;
    if (!counting) {
      if (count) items += ',';
      append_item_json(items, r.projection ? project(item, *r.projection) : item);
    }
    ++count;
  }
  it->check();
  std::string out = "{";
  if (auto c = render_consumed(r.capacity_mode, r.def->name, read_consumed(*r.def, r.index, bytes, r.consistent))) {
    out += "\"ConsumedCapacity\":";
    out += c->dump(-1, ' ', false, json::error_handler_t::replace);
    out += ',';
  }
  out += "\"Count\":" + std::to_string(count);
  if (!counting) {
    out += ",\"Items\":[";
    out += items;
    out += ']';
  }
  if (more && scanned) {
    Item item = decode_item(last);
    Item lek = key_of(*r.def, item);
    if (r.index) {
      lek.insert_or_assign(r.index->hash.name, item.at(r.index->hash.name));
      if (r.index->range) lek.insert_or_assign(r.index->range->name, item.at(r.index->range->name));
    }
    out += ",\"LastEvaluatedKey\":";
    append_item_json(out, lek);
  }
  out += ",\"ScannedCount\":" + std::to_string(scanned) + "}";
  return out;
}

}  // namespace

std::string query_text(Engine& engine, const Call& call) {
  const json& body = call.body;
  check_parameter_styles(body);
  ExpressionContext ctx = ExpressionContext::from_request(member(body, "ExpressionAttributeNames"),
                                                          member(body, "ExpressionAttributeValues"));
  std::optional<Condition> key_expression;
  if (const json* k = member(body, "KeyConditionExpression"))
    key_expression = parse_condition(k->get<std::string>(), ExpressionKind::kKeyCondition, ctx);
  ReadRequest r = read_request(engine, call, ctx, true);
  ctx.check_all_used();
  bool forward = bool_member(body, "ScanIndexForward").value_or(true);
  KeySchemaView schema = r.index ? r.index->key_view() : r.def->key_view();
  KeyCondition kc;
  if (key_expression) kc = analyze_key_condition(*key_expression, schema);
  else if (const json* k = member(body, "KeyConditions")) kc = key_conditions(*k, schema);
  else
    throw validation_error(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  if (r.start_key) {
    auto h = r.start_key->find(schema.hash_name);
    if (h == r.start_key->end() || !(h->second == kc.hash))
      throw validation_error("The provided starting key is outside query boundaries based on provided conditions");
  }
  return run_page(engine, r, engine.store.query_range(*r.def, r.index, kc), forward);
}

std::string scan_text(Engine& engine, const Call& call) {
  const json& body = call.body;
  check_parameter_styles(body);
  ExpressionContext ctx = ExpressionContext::from_request(member(body, "ExpressionAttributeNames"),
                                                          member(body, "ExpressionAttributeValues"));
  auto segment = int_member(body, "Segment");
  auto total = int_member(body, "TotalSegments");
  if (segment && (*segment < 0 || *segment > 999999))
    constraint_failed(std::to_string(*segment), "segment",
                      *segment < 0 ? "Member must have value greater than or equal to 0"
                                   : "Member must have value less than or equal to 999999");
  if (total && (*total < 1 || *total > 1000000))
    constraint_failed(std::to_string(*total), "totalSegments",
                      *total < 1 ? "Member must have value greater than or equal to 1"
                                 : "Member must have value less than or equal to 1000000");
  if (segment && !total)
    throw validation_error("The TotalSegments parameter is required but was not present in the request when Segment "
                           "parameter is present");
  if (total && !segment)
    throw validation_error("The Segment parameter is required but was not present in the request when parameter "
                           "TotalSegments is present");
  if (segment && *segment >= *total)
    throw validation_error("The Segment parameter is zero-based and must be less than parameter TotalSegments: "
                           "Segment: " + std::to_string(*segment) + " is not less than TotalSegments: " +
                           std::to_string(*total));
  ReadRequest r = read_request(engine, call, ctx, false);
  ctx.check_all_used();
  KeyRange range = engine.store.scan_range(*r.def, r.index, segment ? static_cast<int>(*segment) : 0,
                                           total ? static_cast<int>(*total) : 1);
  return run_page(engine, r, range, true);
}

json query(Engine& engine, const Call& call) { return json::parse(query_text(engine, call)); }
json scan(Engine& engine, const Call& call) { return json::parse(scan_text(engine, call)); }

}  // namespace bunker::dynamodb
