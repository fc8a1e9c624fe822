#pragma once
// Request checks shared by the operations, with DynamoDB's messages: member presence
// and constraints ("1 validation error detected: …"), table names, keys against the
// key schema, item limits, enums.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dynamodb/table_definition.h"

namespace bunker::dynamodb {

// The member, or nullptr when absent or JSON null.
const nlohmann::json* member(const nlohmann::json& body, const char* name);

// "1 validation error detected: Value null at '<field>' failed to satisfy constraint:
// Member must not be null"
[[noreturn]] void missing_member(const std::string& field);
// "…Value '<v>' at '<field>' failed to satisfy constraint: <constraint>"
[[noreturn]] void constraint_failed(const std::string& value, const std::string& field, const std::string& constraint);

// TableName of item operations (a name or an ARN) and of CreateTable (a name).
std::string table_name(const nlohmann::json& body, const char* member_name = "TableName", const char* field = "tableName");
std::string new_table_name(const nlohmann::json& body);
// The table name inside an ARN ("arn:aws:dynamodb:r:a:table/name"), else the input.
std::string name_from_arn(const std::string& name_or_arn);

std::string string_member(const nlohmann::json& body, const char* name);
std::optional<bool> bool_member(const nlohmann::json& body, const char* name);
std::optional<long long> int_member(const nlohmann::json& body, const char* name);
// An enum member; throws the enum constraint error for other values.
std::optional<std::string> enum_member(const nlohmann::json& body, const char* name, const char* field,
                                       const std::vector<std::string>& allowed);

// Parses Key and checks it against the schema ("The provided key element does not
// match the schema"; empty key strings/binaries).
Item parse_key(const TableDefinition& t, const nlohmann::json* key_json, const char* field = "key");
// The key attributes of an item, checked as PutItem checks them.
void validate_item_key(const TableDefinition& t, const Item& item);
// Throws when the item is over 400 KB ("Item size has exceeded the maximum allowed size").
void validate_item_size(const Item& item, bool update = false);
Item key_of(const TableDefinition& t, const Item& item);

}  // namespace bunker::dynamodb
