#pragma once
// All-or-nothing execution of write and read transactions, shared by TransactWriteItems
// / TransactGetItems and PartiQL's ExecuteTransaction.
//
// A write transaction claims its items in the TransactionRegistry (a claim held by
// another transaction cancels it with TransactionConflict), takes the items' lock
// stripes in ascending order (so it cannot deadlock with single-item writes or other
// transactions), evaluates every action against the current items, and — when none
// fails — writes every change with its index entries and stream records in one
// WriteBatch. A read transaction reads all items from one RocksDB snapshot, which no
// transaction can be half-visible in.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dynamodb/capacity.h"
#include "dynamodb/engine.h"
#include "dynamodb/expression_ast.h"

namespace bunker::dynamodb {

struct TransactAction {
  enum class Kind { kPut, kUpdate, kDelete, kConditionCheck };
  Kind kind = Kind::kPut;
  std::shared_ptr<TableHandle> table;
  std::shared_ptr<const TableDefinition> def;
  Item key;
  std::optional<Item> item;                // kPut
  std::optional<UpdateExpression> update;  // kUpdate
  std::optional<Condition> condition;
  bool return_old_on_failure = false;      // ReturnValuesOnConditionCheckFailure ALL_OLD
  bool insert_only = false;                // PartiQL INSERT: an existing item cancels with DuplicateItem
};

struct TransactRead {
  std::shared_ptr<TableHandle> table;
  std::shared_ptr<const TableDefinition> def;
  Item key;
  std::optional<std::vector<Path>> projection;
};

constexpr std::size_t kMaxTransactItems = 100;
constexpr std::size_t kMaxTransactBytes = 4 * 1024 * 1024;

// The store keys of the actions' items; throws "Transaction request cannot include
// multiple operations on one item" for a repeated item.
std::vector<std::string> transaction_keys(Engine& engine, const std::vector<const TableDefinition*>& defs,
                                          const std::vector<const Item*>& keys);

// Runs the write actions; returns the capacity consumed per table (transactional
// writes cost twice the units of the same single-item writes). Throws
// TransactionCanceledException with one CancellationReason per action, in order.
std::map<std::string, Consumed> run_write_transaction(Engine& engine, const std::vector<TransactAction>& actions);

// Reads the items (nullopt for absent ones) and the capacity per table.
std::vector<std::optional<Item>> run_read_transaction(Engine& engine, const std::vector<TransactRead>& reads,
                                                      std::map<std::string, Consumed>& consumed);

// ConsumedCapacity list of a transaction (nullopt for NONE / absent).
std::optional<nlohmann::json> render_transaction_capacity(const std::optional<std::string>& mode,
                                                          const std::map<std::string, Consumed>& per_table);

}  // namespace bunker::dynamodb
