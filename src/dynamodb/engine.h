#pragma once
// The DynamoDB engine: the state every operation works on, and the shape of an
// operation (one request body in, one response body out). Operation families live in
// their own files: table_operations.cpp, item_operations.cpp, query_scan.cpp,
// batch_operations.cpp, account_operations.cpp.
#include <nlohmann/json.hpp>

#include "dynamodb/item_store.h"
#include "dynamodb/table_catalog.h"

namespace bunker::dynamodb {

struct Engine {
  Engine(storage::Database& db, double transition_seconds) : store(db), catalog(db, store, transition_seconds) {}
  ItemStore store;
  TableCatalog catalog;
  ItemLocks locks;
};

struct Call {
  Scope scope;
  const nlohmann::json& body;
};

using Operation = nlohmann::json (*)(Engine&, const Call&);

// Table lifecycle and metadata (table_operations.cpp).
nlohmann::json create_table(Engine&, const Call&);
nlohmann::json describe_table(Engine&, const Call&);
nlohmann::json list_tables(Engine&, const Call&);
nlohmann::json delete_table(Engine&, const Call&);
nlohmann::json update_table(Engine&, const Call&);
nlohmann::json describe_time_to_live(Engine&, const Call&);
nlohmann::json describe_continuous_backups(Engine&, const Call&);
// Tags (tag_operations.cpp).
nlohmann::json tag_resource(Engine&, const Call&);
nlohmann::json untag_resource(Engine&, const Call&);
nlohmann::json list_tags_of_resource(Engine&, const Call&);
// Account-level (account_operations.cpp).
nlohmann::json describe_limits(Engine&, const Call&);
nlohmann::json describe_endpoints(Engine&, const Call&);
// Single items (item_operations.cpp).
nlohmann::json put_item(Engine&, const Call&);
nlohmann::json get_item(Engine&, const Call&);
nlohmann::json update_item(Engine&, const Call&);
nlohmann::json delete_item(Engine&, const Call&);
// Reads of many items (query_scan.cpp).
nlohmann::json query(Engine&, const Call&);
nlohmann::json scan(Engine&, const Call&);
// Batches (batch_operations.cpp).
nlohmann::json batch_get_item(Engine&, const Call&);
nlohmann::json batch_write_item(Engine&, const Call&);

}  // namespace bunker::dynamodb
