#pragma once
// The DynamoDB engine: the state every operation works on, and the shape of an
// operation (one request body in, one response body out). Operation families live in
// their own files: table_operations.cpp, item_operations.cpp, query_scan.cpp,
// batch_operations.cpp, account_operations.cpp, transact_operations.cpp,
// stream_operations.cpp, ttl_operations.cpp, partiql_operations.cpp.
#include <nlohmann/json.hpp>

#include "dynamodb/item_store.h"
#include "dynamodb/stream_store.h"
#include "dynamodb/table_catalog.h"
#include "dynamodb/transaction_registry.h"
#include "dynamodb/transaction_tokens.h"

namespace bunker::dynamodb {

struct Engine {
  Engine(storage::Database& database, double transition_seconds)
      : db(database), store(database), streams(database), catalog(database, store, streams, transition_seconds),
        tokens(database) {}
  storage::Database& db;
  ItemStore store;
  StreamStore streams;
  TableCatalog catalog;
  ItemLocks locks;
  TransactionRegistry transactions;
  TransactionTokens tokens;
  int64_t iterator_lifetime_ms = 15 * 60 * 1000;  // shard iterators expire after this
};

struct Call {
  Scope scope;
  const nlohmann::json& body;
};

using Operation = nlohmann::json (*)(Engine&, const Call&);
// The hot reads also come as operations that answer with the body already written as
// JSON text (item_json.h): no JSON document is built per item. The JSON-returning
// forms parse that text (unit tests, in-process callers).
using TextOperation = std::string (*)(Engine&, const Call&);

// Table lifecycle and metadata (table_operations.cpp).
nlohmann::json create_table(Engine&, const Call&);
nlohmann::json describe_table(Engine&, const Call&);
nlohmann::json list_tables(Engine&, const Call&);
nlohmann::json delete_table(Engine&, const Call&);
nlohmann::json update_table(Engine&, const Call&);
nlohmann::json describe_continuous_backups(Engine&, const Call&);
nlohmann::json update_continuous_backups(Engine&, const Call&);
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
std::string get_item_text(Engine&, const Call&);
nlohmann::json update_item(Engine&, const Call&);
nlohmann::json delete_item(Engine&, const Call&);
// Reads of many items (query_scan.cpp).
nlohmann::json query(Engine&, const Call&);
nlohmann::json scan(Engine&, const Call&);
std::string query_text(Engine&, const Call&);
std::string scan_text(Engine&, const Call&);
// Batches (batch_operations.cpp).
nlohmann::json batch_get_item(Engine&, const Call&);
nlohmann::json batch_write_item(Engine&, const Call&);
// Transactions (transact_operations.cpp).
nlohmann::json transact_write_items(Engine&, const Call&);
nlohmann::json transact_get_items(Engine&, const Call&);
// Time to Live (ttl_operations.cpp; the sweeper is ttl_sweeper.h).
nlohmann::json update_time_to_live(Engine&, const Call&);
nlohmann::json describe_time_to_live(Engine&, const Call&);
// PartiQL (partiql_operations.cpp).
nlohmann::json execute_statement(Engine&, const Call&);
nlohmann::json batch_execute_statement(Engine&, const Call&);
nlohmann::json execute_transaction(Engine&, const Call&);
// The DynamoDB Streams API, DynamoDBStreams_20120810 (stream_operations.cpp).
nlohmann::json list_streams(Engine&, const Call&);
nlohmann::json describe_stream(Engine&, const Call&);
nlohmann::json get_shard_iterator(Engine&, const Call&);
nlohmann::json get_records(Engine&, const Call&);

}  // namespace bunker::dynamodb
