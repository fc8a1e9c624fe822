#pragma once
// Running parsed PartiQL statements against tables: resolving the table (and index),
// finding the primary key a WHERE clause pins down, and SELECT as a Query (partition
// key equality or IN) or a Scan, with Limit, the 1 MB page and NextToken. Writes go
// through the same item writer and transaction engine as the expression API.
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "dynamodb/capacity.h"
#include "dynamodb/engine.h"
#include "dynamodb/partiql_parser.h"

namespace bunker::dynamodb {

struct PreparedStatement {
  PartiqlStatement st;
  std::shared_ptr<TableHandle> table;
  std::shared_ptr<const TableDefinition> def;
  const IndexDefinition* index = nullptr;
  std::string text;  // the statement as sent (NextToken is bound to it)
};

// Parses spec.Statement with spec.Parameters and resolves its table and index.
PreparedStatement prepare_statement(Engine& engine, const Call& call, const nlohmann::json& spec);

// The table's full primary key when the WHERE clause fixes every key attribute with an
// equality at its top level (conjuncts joined by AND); nullopt otherwise.
std::optional<Item> key_from_where(const TableDefinition& def, const std::optional<Condition>& where);
// The same, throwing DynamoDB's message for statements that must name one item.
Item require_key(const TableDefinition& def, const std::optional<Condition>& where);

struct SelectPage {
  nlohmann::json items = nlohmann::json::array();
  std::optional<std::string> next_token;
  std::optional<Item> last_evaluated_key;
  Consumed consumed;
};

SelectPage run_select(Engine& engine, const PreparedStatement& p, std::optional<long long> limit, bool consistent,
                      const std::optional<std::string>& next_token);

}  // namespace bunker::dynamodb
