// TransactWriteItems and TransactGetItems: request parsing and validation with
// DynamoDB's messages, ClientRequestToken idempotency, and the responses. The
// all-or-nothing execution itself is transaction.cpp.
#include <nlohmann/json.hpp>

#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "dynamodb/engine.h"
#include "dynamodb/errors.h"
#include "dynamodb/expression_parser.h"
#include "dynamodb/request_validation.h"
#include "dynamodb/transaction.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

const json& transact_items(const json& body) {
  const json* items = member(body, "TransactItems");
  if (!items) missing_member("transactItems");
  if (!items->is_array()) throw serialization_error("Unexpected value type in payload");
  if (items->empty()) constraint_failed("[]", "transactItems", "Member must have length greater than or equal to 1");
  if (items->size() > kMaxTransactItems)
    throw validation_error("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member "
                           "must have length less than or equal to 100");
  return *items;
}

std::optional<std::string> capacity_mode(const json& body) {
  return enum_member(body, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
}

bool return_on_failure(const json& spec, const std::string& field) {
  auto v = enum_member(spec, "ReturnValuesOnConditionCheckFailure", (field + ".returnValuesOnConditionCheckFailure").c_str(),
                       {"ALL_OLD", "NONE"});
  return v && *v == "ALL_OLD";
}

std::shared_ptr<TableHandle> table_of(Engine& engine, const Call& call, const json& spec, const std::string& field,
                                      std::shared_ptr<const TableDefinition>& def) {
  std::string name = table_name(spec, "TableName", (field + ".tableName").c_str());
  auto table = engine.catalog.get(call.scope, name);
  def = table->definition();
  return table;
}

TransactAction parse_write(Engine& engine, const Call& call, const json& entry, std::size_t position) {
  static const std::vector<std::pair<const char*, TransactAction::Kind>> kinds = {
      {"ConditionCheck", TransactAction::Kind::kConditionCheck},
      {"Put", TransactAction::Kind::kPut},
      {"Delete", TransactAction::Kind::kDelete},
      {"Update", TransactAction::Kind::kUpdate}};
  const json* spec = nullptr;
  TransactAction a;
  std::string field;
  int present = 0;
  for (const auto& [name, kind] : kinds) {
    if (const json* s = member(entry, name)) {
      ++present;
      spec = s;
      a.kind = kind;
      std::string lower = name;
      lower[0] = static_cast<char>(std::tolower(lower[0]));
      field = "transactItems." + std::to_string(position + 1) + ".member." + lower;
    }
  }
  if (present != 1)
    throw validation_error("TransactItems can only contain one of Check, Put, Update or Delete");
  ExpressionContext ctx = ExpressionContext::from_request(member(*spec, "ExpressionAttributeNames"),
                                                          member(*spec, "ExpressionAttributeValues"));
  if (a.kind == TransactAction::Kind::kUpdate) {
    const json* u = member(*spec, "UpdateExpression");
    if (!u) missing_member(field + ".updateExpression");
    a.update = parse_update(u->get<std::string>(), ctx);
  }
  if (const json* c = member(*spec, "ConditionExpression"))
    a.condition = parse_condition(c->get<std::string>(), ExpressionKind::kCondition, ctx);
  else if (a.kind == TransactAction::Kind::kConditionCheck)
    missing_member(field + ".conditionExpression");
  ctx.check_all_used();
  a.return_old_on_failure = return_on_failure(*spec, field);
  a.table = table_of(engine, call, *spec, field, a.def);
  if (a.kind == TransactAction::Kind::kPut) {
    const json* item_json = member(*spec, "Item");
    if (!item_json) missing_member(field + ".item");
    Item item = item_from_json(*item_json);
    validate_item_key(*a.def, item);
    validate_item_size(item);
    a.key = key_of(*a.def, item);
    a.item = std::move(item);
  } else {
    a.key = parse_key(*a.def, member(*spec, "Key"), (field + ".key").c_str());
  }
  if (a.update) {
    for (const auto& action : a.update->actions) {
      const std::string& top = action.path.top();
      if (top == a.def->hash.name || (a.def->range && top == a.def->range->name))
        throw invalid_parameter("Cannot update attribute " + top + ". This attribute is part of the key");
    }
  }
  return a;
}

// What makes two requests with one ClientRequestToken "the same": everything but the
// token itself and the capacity reporting (which the docs say differs on a replay).
std::string request_hash(const json& body) {
  json copy = body;
  copy.erase("ClientRequestToken");
  copy.erase("ReturnConsumedCapacity");
  return hex_encode(sha256(copy.dump()));
}

std::optional<std::string> client_token(const json& body) {
  const json* t = member(body, "ClientRequestToken");
  if (!t) return std::nullopt;
  std::string token = string_member(body, "ClientRequestToken");
  if (token.empty())
    constraint_failed(token, "clientRequestToken", "Member must have length greater than or equal to 1");
  if (token.size() > 36) constraint_failed(token, "clientRequestToken", "Member must have length less than or equal to 36");
  return token;
}

std::string token_scope(const Call& call) { return call.scope.account + "/" + call.scope.region; }

}  // namespace

json transact_write_items(Engine& engine, const Call& call) {
  const json& body = call.body;
  const json& items = transact_items(body);
  auto mode = capacity_mode(body);
  enum_member(body, "ReturnItemCollectionMetrics", "returnItemCollectionMetrics", {"SIZE", "NONE"});
  auto token = client_token(body);
  std::vector<TransactAction> actions;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    actions.push_back(parse_write(engine, call, items[i], i));
    bytes += item_size(actions.back().item ? *actions.back().item : actions.back().key);
  }
  if (bytes > kMaxTransactBytes)
    throw validation_error("Transaction request cannot be larger than 4 MB");  // assumed wording
  std::string hash;
  if (token) {
    hash = request_hash(body);
    auto outcome = engine.tokens.claim(token_scope(call), *token, hash, now_millis());
    if (outcome.replay) {
      // A replay changes nothing; it costs the reads of the items, as the docs describe.
      std::map<std::string, Consumed> reads;
      for (const auto& a : actions) {
        Consumed& c = reads[a.def->name];
        c.table += read_units(0, true);
      }
      json out = json::object();
      if (auto c = render_transaction_capacity(mode, reads)) out["ConsumedCapacity"] = *c;
      return out;
    }
  }
  std::map<std::string, Consumed> consumed;
  try {
    consumed = run_write_transaction(engine, actions);
  } catch (...) {
    if (token) engine.tokens.release(token_scope(call), *token);
    throw;
  }
  if (token) {
    std::vector<std::string> tables;
    for (const auto& [t, c] : consumed) tables.push_back(t);
    engine.tokens.complete(token_scope(call), *token, hash, tables, now_millis());
  }
  json out = json::object();
  if (auto c = render_transaction_capacity(mode, consumed)) out["ConsumedCapacity"] = *c;
  return out;
}

json transact_get_items(Engine& engine, const Call& call) {
  const json& body = call.body;
  const json& items = transact_items(body);
  auto mode = capacity_mode(body);
  std::vector<TransactRead> reads;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string field = "transactItems." + std::to_string(i + 1) + ".member.get";
    const json* spec = member(items[i], "Get");
    if (!spec) missing_member("transactItems." + std::to_string(i + 1) + ".member.get");
    TransactRead r;
    ExpressionContext ctx = ExpressionContext::from_request(member(*spec, "ExpressionAttributeNames"), nullptr);
    if (const json* p = member(*spec, "ProjectionExpression")) r.projection = parse_projection(p->get<std::string>(), ctx).paths;
    ctx.check_all_used();
    r.table = table_of(engine, call, *spec, field, r.def);
    r.key = parse_key(*r.def, member(*spec, "Key"), (field + ".key").c_str());
    reads.push_back(std::move(r));
  }
  std::map<std::string, Consumed> consumed;
  auto results = run_read_transaction(engine, reads, consumed);
  json responses = json::array();
  for (const auto& item : results) {
    json r = json::object();
    if (item) r["Item"] = item_to_json(*item);
    responses.push_back(std::move(r));
  }
  json out = {{"Responses", std::move(responses)}};
  if (auto c = render_transaction_capacity(mode, consumed)) out["ConsumedCapacity"] = *c;
  return out;
}

}  // namespace bunker::dynamodb
