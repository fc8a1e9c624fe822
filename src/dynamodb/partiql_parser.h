#pragma once
// DynamoDB's PartiQL dialect, parsed onto the expression engine's trees: a WHERE clause
// becomes a Condition, UPDATE's SET/REMOVE become an UpdateExpression, SELECT's list a
// projection, so statements run on the same evaluator and update applier as the
// expression API. Parameters (?) are substituted while parsing, in order.
//
//   SELECT * | path[, path…] FROM "table"["."index"] [WHERE cond] [ORDER BY path [ASC|DESC]]
//   INSERT INTO "table" VALUE {'attr': value, …}
//   UPDATE "table" SET path = value[, …] | REMOVE path[, …] … WHERE cond
//          [RETURNING ALL|MODIFIED OLD|NEW *]
//   DELETE FROM "table" WHERE cond [RETURNING ALL OLD *]
//
// Conditions: = <> != < <= > >=, [NOT] BETWEEN … AND …, [NOT] IN (…), IS [NOT] MISSING,
// IS [NOT] NULL, AND, OR, NOT, parentheses, and the functions EXISTS, BEGINS_WITH,
// CONTAINS, ATTRIBUTE_TYPE, SIZE. Values: 'strings', numbers, TRUE, FALSE, NULL,
// {tuples}, [lists], <<sets>>, ?. SET values may add or subtract (a = a + 1) and call
// list_append, set_add and set_delete.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynamodb/expression_ast.h"

namespace bunker::dynamodb {

struct PartiqlStatement {
  enum class Kind { kSelect, kInsert, kUpdate, kDelete };
  Kind kind = Kind::kSelect;
  std::string table, index;
  std::optional<std::vector<Path>> projection;  // SELECT; nullopt for *
  std::optional<Condition> where;
  std::optional<Path> order_by;
  bool descending = false;
  Item item;                // INSERT
  UpdateExpression update;  // UPDATE
  std::string returning;    // "", "ALL_OLD", "MODIFIED_OLD", "ALL_NEW", "MODIFIED_NEW"
  bool is_read() const { return kind == Kind::kSelect; }
};

// Throws ValidationException ("Statement wasn't well formed, can't be processed: …")
// for syntax errors, and DynamoDB's parameter-count message when the statement's ?
// do not match `parameters`.
PartiqlStatement parse_partiql(std::string_view text, const std::vector<AttributeValue>& parameters);

}  // namespace bunker::dynamodb
