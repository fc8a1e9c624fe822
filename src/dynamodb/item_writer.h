#pragma once
// The one path by which items change: under the item's lock, read the current item,
// check the condition, compute the new item, validate it, and write it with its index
// entries in one batch. This is what makes conditional writes atomic per item.
#include <functional>
#include <optional>

#include "dynamodb/capacity.h"
#include "dynamodb/engine.h"
#include "dynamodb/expression_ast.h"

namespace bunker::dynamodb {

struct WriteOutcome {
  std::optional<Item> before, after;
  Consumed consumed;
};

using ItemChange = std::function<std::optional<Item>(const std::optional<Item>& before)>;

// Throws ConditionalCheckFailedException when `condition` is false for the current
// item (carrying that item when return_item_on_failure), and TransactionConflictException
// when an ongoing transaction holds the item.
WriteOutcome write_item(Engine& engine, TableHandle& table, const TableDefinition& def, const Item& key,
                        const Condition* condition, bool return_item_on_failure, const ItemChange& change);

// Capacity of writing `after` in place of `before` (table and index entries).
Consumed write_consumed(Engine& engine, const TableDefinition& def, const std::optional<Item>& before,
                        const std::optional<Item>& after);

// Capacity of reading `bytes` of items from the table or an index.
Consumed read_consumed(const TableDefinition& def, const IndexDefinition* index, std::size_t bytes, bool consistent);

}  // namespace bunker::dynamodb
