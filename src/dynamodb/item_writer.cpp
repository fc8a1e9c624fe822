#include "dynamodb/item_writer.h"

#include <mutex>

#include "dynamodb/condition_evaluator.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_commit.h"
#include "dynamodb/request_validation.h"

namespace bunker::dynamodb {

Consumed write_consumed(Engine& engine, const TableDefinition& def, const std::optional<Item>& before,
                        const std::optional<Item>& after) {
  Consumed c;
  c.read = false;
  std::size_t size = std::max(before ? item_size(*before) : 0, after ? item_size(*after) : 0);
  c.table = write_units(size);
  for (const auto& index : def.indexes) {
    auto old_key = before ? engine.store.key_in(def, &index, *before) : std::nullopt;
    auto new_key = after ? engine.store.key_in(def, &index, *after) : std::nullopt;
    double units = 0;
    if (old_key) units += write_units(item_size(project_for_index(def, index, *before)));
    if (new_key && (!old_key || *old_key != *new_key)) units += write_units(item_size(project_for_index(def, index, *after)));
    else if (new_key && old_key) units = write_units(item_size(project_for_index(def, index, *after)));
    if (units == 0) continue;
    (index.global ? c.global_indexes : c.local_indexes)[index.name] = units;
  }
  return c;
}

WriteOutcome write_item(Engine& engine, TableHandle& table, const TableDefinition& def, const Item& key,
                        const Condition* condition, bool return_item_on_failure, const ItemChange& change) {
  std::string store_key = engine.store.item_key(def, key);
  SingleWriteClaim claim(engine.transactions, store_key);
  std::lock_guard lock(engine.locks.lock_for(store_key));
  WriteOutcome out;
  out.before = engine.store.get_stored(store_key);
  if (condition) {
    static const Item kEmpty;
    if (!evaluate_condition(*condition, out.before ? *out.before : kEmpty)) {
      AwsError e = conditional_check_failed();
      if (return_item_on_failure && out.before)
        e.json_members(nlohmann::json({{"Item", item_to_json(*out.before)}}).dump());
      throw e;
    }
  }
  out.after = change(out.before);
  if (!out.after && !out.before) {
    out.consumed.read = false;
    out.consumed.table = 1;
    return out;
  }
  // The items move into the mutation and back: copying them cost more than the batch.
  std::vector<ItemMutation> mutations;
  mutations.push_back(ItemMutation{&table, &def, std::move(out.before), std::move(out.after)});
  commit_mutations(engine, mutations);
  out.before = std::move(mutations.front().before);
  out.after = std::move(mutations.front().after);
  out.consumed = write_consumed(engine, def, out.before, out.after);
  return out;
}

Consumed read_consumed(const TableDefinition& def, const IndexDefinition* index, std::size_t bytes, bool consistent) {
  Consumed c;
  double units = read_units(bytes, consistent);
  if (!index) c.table = units;
  else (index->global ? c.global_indexes : c.local_indexes)[index->name] = units;
  return c;
}

}  // namespace bunker::dynamodb
