#include "dynamodb/transaction.h"

#include <set>

#include "dynamodb/condition_evaluator.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_commit.h"
#include "dynamodb/item_writer.h"
#include "dynamodb/projection.h"
#include "dynamodb/request_validation.h"
#include "dynamodb/update_applier.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

struct Reason {
  std::string code = "None";
  std::string message;
  std::optional<Item> item;
};

AwsError cancelled(const std::vector<Reason>& reasons) {
  json list = json::array();
  std::string codes;
  for (const auto& r : reasons) {
    json x = {{"Code", r.code}};
    if (!r.message.empty()) x["Message"] = r.message;
    if (r.item) x["Item"] = item_to_json(*r.item);
    list.push_back(std::move(x));
    codes += (codes.empty() ? "" : ", ") + r.code;
  }
  // DynamoDB spells this error's text "Message" (capital M), beside CancellationReasons.
  AwsError e(400, "TransactionCanceledException", "");
  e.field("Message", "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]");
  e.json_members(json{{"CancellationReasons", std::move(list)}}.dump());
  return e;
}

AwsError conflicts(std::size_t n, const std::vector<std::size_t>& positions) {
  std::vector<Reason> reasons(n);
  for (std::size_t i : positions) reasons[i] = {"TransactionConflict", "Transaction is ongoing for the item", std::nullopt};
  return cancelled(reasons);
}

// Releases a write transaction's claims when it ends, however it ends.
class Claims {
 public:
  Claims(TransactionRegistry& r, const std::vector<std::string>& keys) : r_(r), keys_(keys) {}
  ~Claims() { r_.end_transaction(keys_); }

 private:
  TransactionRegistry& r_;
  const std::vector<std::string>& keys_;
};

void add(std::map<std::string, Consumed>& per_table, const std::string& table, const Consumed& c, double factor) {
  Consumed& into = per_table[table];
  into.read = c.read;
  into.table += c.table * factor;
  for (const auto& [k, v] : c.global_indexes) into.global_indexes[k] += v * factor;
  for (const auto& [k, v] : c.local_indexes) into.local_indexes[k] += v * factor;
}

}  // namespace

std::vector<std::string> transaction_keys(Engine& engine, const std::vector<const TableDefinition*>& defs,
                                          const std::vector<const Item*>& keys) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < defs.size(); ++i) {
    std::string k = engine.store.item_key(*defs[i], *keys[i]);
    if (!seen.insert(k).second) throw validation_error("Transaction request cannot include multiple operations on one item");
    out.push_back(std::move(k));
  }
  return out;
}

std::map<std::string, Consumed> run_write_transaction(Engine& engine, const std::vector<TransactAction>& actions) {
  std::vector<const TableDefinition*> defs;
  std::vector<const Item*> keys;
  for (const auto& a : actions) {
    defs.push_back(a.def.get());
    keys.push_back(&a.key);
  }
  std::vector<std::string> store_keys = transaction_keys(engine, defs, keys);
  if (auto busy = engine.transactions.begin_transaction(store_keys); !busy.empty())
    throw conflicts(actions.size(), busy);
  Claims claims(engine.transactions, store_keys);
  MultiItemLock lock(engine.locks, store_keys);

  static const Item kEmpty;
  std::vector<Reason> reasons(actions.size());
  bool failed = false;
  std::vector<ItemMutation> mutations;
  std::map<std::string, Consumed> consumed;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const TransactAction& a = actions[i];
    std::optional<Item> before = engine.store.get(*a.def, a.key);
    auto fail = [&](std::string code, std::string message, bool with_item) {
      reasons[i] = {std::move(code), std::move(message), with_item ? before : std::nullopt};
      failed = true;
    };
    if (a.insert_only && before) {
      fail("DuplicateItem", "Duplicate primary key exists in table", false);
      continue;
    }
    if (a.condition && !evaluate_condition(*a.condition, before ? *before : kEmpty)) {
      fail("ConditionalCheckFailed", "The conditional request failed", a.return_old_on_failure && before);
      continue;
    }
    if (a.kind == TransactAction::Kind::kConditionCheck) {
      Consumed c;
      c.read = false;
      c.table = write_units(before ? item_size(*before) : 0);
      add(consumed, a.def->name, c, 2);
      continue;
    }
    std::optional<Item> after;
    try {
      if (a.kind == TransactAction::Kind::kPut) {
        after = *a.item;
      } else if (a.kind == TransactAction::Kind::kUpdate) {
        Item next = before ? *before : a.key;
        apply_update(*a.update, next);
        validate_item_size(next, true);
        after = std::move(next);
      }
      if (after) engine.store.check_index_keys(*a.def, *after);
    } catch (const AwsError& e) {
      // Errors that only the item's data reveals cancel the transaction instead of
      // failing the request.
      fail("ValidationError", e.message(), false);
      continue;
    }
    Consumed c = before || after ? write_consumed(engine, *a.def, before, after) : Consumed{false, 1, {}, {}};
    add(consumed, a.def->name, c, 2);
    mutations.push_back({a.table.get(), a.def.get(), std::move(before), std::move(after)});
  }
  if (failed) throw cancelled(reasons);
  commit_mutations(engine, mutations);
  return consumed;
}

std::vector<std::optional<Item>> run_read_transaction(Engine& engine, const std::vector<TransactRead>& reads,
                                                      std::map<std::string, Consumed>& consumed) {
  std::vector<const TableDefinition*> defs;
  std::vector<const Item*> keys;
  for (const auto& r : reads) {
    defs.push_back(r.def.get());
    keys.push_back(&r.key);
  }
  std::vector<std::string> store_keys = transaction_keys(engine, defs, keys);
  if (auto busy = engine.transactions.busy(store_keys); !busy.empty()) throw conflicts(reads.size(), busy);
  auto snapshot = engine.db.snapshot();
  std::vector<std::optional<Item>> out;
  for (const auto& r : reads) {
    std::optional<Item> item = engine.store.get(*r.def, r.key, snapshot.get());
    Consumed c;
    c.table = read_units(item ? item_size(*item) : 0, true);
    add(consumed, r.def->name, c, 2);
    if (item && r.projection) item = project(*item, *r.projection);
    out.push_back(std::move(item));
  }
  return out;
}

std::optional<json> render_transaction_capacity(const std::optional<std::string>& mode,
                                                const std::map<std::string, Consumed>& per_table) {
  if (!mode || *mode == "NONE") return std::nullopt;
  json list = json::array();
  for (const auto& [table, c] : per_table)
    if (auto r = render_consumed(mode, table, c)) list.push_back(*r);
  return list;
}

}  // namespace bunker::dynamodb
