// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: DynamoDB's PartiQL
// operations. Single statements run like their expression-API counterparts (SELECT like
// Query/Scan, INSERT like a PutItem that refuses to overwrite, UPDATE and DELETE like
// UpdateItem/DeleteItem conditioned on the WHERE clause, so that a missing item fails
// with ConditionalCheckFailedException); transactions run on transaction.cpp.
#include <nlohmann/json.hpp>

#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "dynamodb/engine.h"
#include "dynamodb/errors.h"
#include "dynamodb/condition_evaluator.h"
#include "dynamodb/item_writer.h"
#include "dynamodb/partiql_execution.h"
#include "dynamodb/projection.h"
#include "dynamodb/request_validation.h"
#include "dynamodb/transaction.h"
#include "dynamodb/update_applier.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

std::optional<std::string> capacity_mode(const json& body) {
  return enum_member(body, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
}

bool return_on_failure(const json& spec) {
  auto v = enum_member(spec, "ReturnValuesOnConditionCheckFailure", "returnValuesOnConditionCheckFailure",
                       {"ALL_OLD", "NONE"});
  return v && *v == "ALL_OLD";
}

AwsError duplicate_item() { return AwsError(400, "DuplicateItemException", "Duplicate primary key exists in table"); }

struct WriteResult {
  Consumed consumed;
  std::optional<Item> returned;
};

// INSERT, UPDATE or DELETE of one item.
WriteResult run_write(Engine& engine, const PreparedStatement& p, bool on_failure) {
  const PartiqlStatement& st = p.st;
  const TableDefinition& def = *p.def;
  if (p.index) throw validation_error("Write operations are not supported on indexes");  // assumed wording
  WriteResult r;
  if (st.kind == PartiqlStatement::Kind::kInsert) {
    Item key = key_of(def, st.item);
    WriteOutcome w = write_item(engine, *p.table, def, key, nullptr, false, [&](const std::optional<Item>& before) {
      if (before) throw duplicate_item();
      return std::optional<Item>(st.item);
    });
    r.consumed = w.consumed;
    return r;
  }
  Item key = require_key(def, st.where);
  const Condition* condition = st.where ? &*st.where : nullptr;
  if (st.kind == PartiqlStatement::Kind::kDelete) {
    WriteOutcome w = write_item(engine, *p.table, def, key, condition, on_failure,
                                [](const std::optional<Item>&) { return std::optional<Item>(); });
    r.consumed = w.consumed;
    if (st.returning == "ALL_OLD") r.returned = w.before;
    return r;
  }
  WriteOutcome w = write_item(engine, *p.table, def, key, condition, on_failure, [&](const std::optional<Item>& before) {
    Item after = before ? *before : key;
    apply_update(st.update, after);
    validate_item_size(after, true);
    return std::optional<Item>(std::move(after));
  });
  r.consumed = w.consumed;
  if (st.returning == "ALL_OLD") r.returned = w.before;
  else if (st.returning == "ALL_NEW") r.returned = w.after;
  else if (st.returning == "MODIFIED_OLD" && w.before) r.returned = project(*w.before, updated_paths(st.update));
  else if (st.returning == "MODIFIED_NEW") r.returned = project(*w.after, updated_paths(st.update));
  return r;
}

// SELECT inside a batch or transaction: one item, named by its full primary key.
Item point_read_key(const PreparedStatement& p) {
  if (p.index) throw validation_error("Select statements within a batch or transaction cannot read indexes");  // assumed
  return require_key(*p.def, p.st.where);
}

std::string error_code_for(const AwsError& e) {
  const std::string& c = e.code();
  if (c == "ConditionalCheckFailedException") return "ConditionalCheckFailed";
  if (c == "ResourceNotFoundException") return "ResourceNotFound";
  if (c == "ValidationException") return "ValidationError";
  if (c == "DuplicateItemException") return "DuplicateItem";
  if (c == "TransactionConflictException") return "TransactionConflict";
  if (c == "ItemCollectionSizeLimitExceededException") return "ItemCollectionSizeLimitExceeded";
  if (c == "ProvisionedThroughputExceededException") return "ProvisionedThroughputExceeded";
  return "InternalServerError";
}

const json& statements_member(const json& body, const char* name, const char* field, std::size_t max) {
  const json* list = member(body, name);
  if (!list) missing_member(field);
  if (!list->is_array()) throw serialization_error("Unexpected value type in payload");
  if (list->empty()) constraint_failed("[]", field, "Member must have length greater than or equal to 1");
  if (list->size() > max)
    throw validation_error("1 validation error detected: Value at '" + std::string(field) +
                           "' failed to satisfy constraint: Member must have length less than or equal to " +
                           std::to_string(max));
  return *list;
}

void merge(std::map<std::string, Consumed>& into, const std::string& table, const Consumed& c) {
  Consumed& t = into[table];
  t.read = c.read;
  t.table += c.table;
  for (const auto& [k, v] : c.global_indexes) t.global_indexes[k] += v;
  for (const auto& [k, v] : c.local_indexes) t.local_indexes[k] += v;
}

}  // namespace

json execute_statement(Engine& engine, const Call& call) {
  const json& body = call.body;
  auto mode = capacity_mode(body);
  bool consistent = bool_member(body, "ConsistentRead").value_or(false);
  auto limit = int_member(body, "Limit");
  if (limit && *limit < 1) constraint_failed(std::to_string(*limit), "limit", "Member must have value greater than or equal to 1");
  std::optional<std::string> next_token;
  if (member(body, "NextToken")) next_token = string_member(body, "NextToken");
  bool on_failure = return_on_failure(body);
  PreparedStatement p = prepare_statement(engine, call, body);
  json out = json::object();
  if (p.st.is_read()) {
    SelectPage page = run_select(engine, p, limit, consistent, next_token);
    out["Items"] = std::move(page.items);
    if (page.next_token) out["NextToken"] = *page.next_token;
    if (page.last_evaluated_key) out["LastEvaluatedKey"] = item_to_json(*page.last_evaluated_key);
    if (auto c = render_consumed(mode, p.def->name, page.consumed)) out["ConsumedCapacity"] = *c;
    return out;
  }
  WriteResult r = run_write(engine, p, on_failure);
  out["Items"] = json::array();
  if (r.returned && !r.returned->empty()) out["Items"].push_back(item_to_json(*r.returned));
  if (auto c = render_consumed(mode, p.def->name, r.consumed)) out["ConsumedCapacity"] = *c;
  return out;
}

json batch_execute_statement(Engine& engine, const Call& call) {
  const json& body = call.body;
  auto mode = capacity_mode(body);
  const json& statements = statements_member(body, "Statements", "statements", 25);
  // Parse everything first: a malformed statement fails the whole request.
  struct Entry {
    std::optional<PreparedStatement> prepared;
    std::optional<AwsError> error;
    bool on_failure = false;
    bool consistent = false;
  };
  std::vector<Entry> entries;
  std::optional<bool> reads;
  for (const auto& spec : statements) {
    Entry e;
    e.on_failure = return_on_failure(spec);
    e.consistent = bool_member(spec, "ConsistentRead").value_or(false);
    try {
      e.prepared = prepare_statement(engine, call, spec);
      bool is_read = e.prepared->st.is_read();
      if (reads && *reads != is_read)
        throw validation_error("Mixing read and write statements is not supported in a batch");  // assumed wording
      reads = is_read;
    } catch (const AwsError& err) {
      if (err.code() != "ResourceNotFoundException") throw;
      e.error = err;  // a missing table fails only its statement
    }
    entries.push_back(std::move(e));
  }
  json responses = json::array();
  std::map<std::string, Consumed> consumed;
  for (auto& e : entries) {
    json r = json::object();
    try {
      if (e.error) throw *e.error;
      const PreparedStatement& p = *e.prepared;
      r["TableName"] = p.def->name;
      if (p.st.is_read()) {
        Item key = point_read_key(p);
        auto item = engine.store.get(*p.def, key);
        Consumed c = read_consumed(*p.def, nullptr, item ? item_size(*item) : 0, e.consistent);
        merge(consumed, p.def->name, c);
        if (item && p.st.where && !evaluate_condition(*p.st.where, *item)) item.reset();
        if (item) r["Item"] = item_to_json(p.st.projection ? project(*item, *p.st.projection) : *item);
      } else {
        WriteResult w = run_write(engine, p, e.on_failure);
        merge(consumed, p.def->name, w.consumed);
      }
    } catch (const AwsError& err) {
      json error = {{"Code", error_code_for(err)}, {"Message", err.message()}};
      if (!err.json_members().empty()) {
        auto extra = json::parse(err.json_members(), nullptr, false);
        if (extra.is_object() && extra.contains("Item")) error["Item"] = extra["Item"];
      }
      r["Error"] = std::move(error);
    }
    responses.push_back(std::move(r));
  }
  json out = {{"Responses", std::move(responses)}};
  if (mode && *mode != "NONE") {
    json list = json::array();
    for (const auto& [table, c] : consumed)
      if (auto x = render_consumed(mode, table, c)) list.push_back(*x);
    out["ConsumedCapacity"] = list;
  }
  return out;
}

json execute_transaction(Engine& engine, const Call& call) {
  const json& body = call.body;
  auto mode = capacity_mode(body);
  const json& statements = statements_member(body, "TransactStatements", "transactStatements", kMaxTransactItems);
  std::optional<std::string> token;
  if (member(body, "ClientRequestToken")) {
    token = string_member(body, "ClientRequestToken");
    if (token->empty() || token->size() > 36)
      constraint_failed(*token, "clientRequestToken",
                        token->empty() ? "Member must have length greater than or equal to 1"
                                       : "Member must have length less than or equal to 36");
  }
  std::vector<TransactRead> reads;
  std::vector<TransactAction> writes;
  for (const auto& spec : statements) {
    PreparedStatement p = prepare_statement(engine, call, spec);
    if (p.st.is_read()) {
      reads.push_back({p.table, p.def, point_read_key(p), p.st.projection});
      continue;
    }
    if (p.index) throw validation_error("Write operations are not supported on indexes");  // assumed wording
    TransactAction a;
    a.table = p.table;
    a.def = p.def;
    a.return_old_on_failure = return_on_failure(spec);
    if (p.st.kind == PartiqlStatement::Kind::kInsert) {
      a.kind = TransactAction::Kind::kPut;
      a.key = key_of(*p.def, p.st.item);
      a.item = p.st.item;
      a.insert_only = true;
    } else {
      a.kind = p.st.kind == PartiqlStatement::Kind::kUpdate ? TransactAction::Kind::kUpdate : TransactAction::Kind::kDelete;
      a.key = require_key(*p.def, p.st.where);
      a.condition = p.st.where;
      if (a.kind == TransactAction::Kind::kUpdate) a.update = p.st.update;
    }
    writes.push_back(std::move(a));
  }
  if (!reads.empty() && !writes.empty())
    throw validation_error("Transaction must contain either only read statements or only write statements");  // assumed
  std::map<std::string, Consumed> consumed;
  json out = json::object();
  if (!reads.empty()) {
    auto items = run_read_transaction(engine, reads, consumed);
    json responses = json::array();
    for (const auto& item : items) {
      json r = json::object();
      if (item) r["Item"] = item_to_json(*item);
      responses.push_back(std::move(r));
    }
    out["Responses"] = std::move(responses);
  } else {
    std::string scope = call.scope.account + "/" + call.scope.region, hash;
    if (token) {
      json copy = body;
      copy.erase("ClientRequestToken");
      copy.erase("ReturnConsumedCapacity");
      hash = hex_encode(sha256(copy.dump()));
      if (engine.tokens.claim(scope, *token, hash, now_millis()).replay) return out;
    }
    try {
      consumed = run_write_transaction(engine, writes);
    } catch (...) {
      if (token) engine.tokens.release(scope, *token);
      throw;
    }
    if (token) engine.tokens.complete(scope, *token, hash, {}, now_millis());
  }
  if (auto c = render_transaction_capacity(mode, consumed)) out["ConsumedCapacity"] = *c;
  return out;
}

}  // namespace bunker::dynamodb
