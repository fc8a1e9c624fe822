#pragma once
// Lambda's persistent state in RocksDB: functions ($LATEST and their settings),
// published versions, aliases, layer versions, code packages and the queue of Event
// invocations. Records are JSON documents; keys (account, region, name, …) are
// order-preserving so listings come out sorted (functions by name, versions by number).
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bunker::storage {
class Database;
class ColumnFamily;
}  // namespace bunker::storage

namespace bunker::lambda {

using nlohmann::json;

// Whose resources: Lambda keeps functions, versions, aliases and layers per account and
// region, as AWS does (the caller's account comes from its access key).
struct Scope {
  std::string account;
  std::string region;
};

class LambdaStore {
 public:
  explicit LambdaStore(storage::Database& db);

  std::optional<json> function(const Scope& scope, std::string_view name) const;
  void put_function(const Scope& scope, std::string_view name, const json& record);
  // Removes the function with its versions and aliases, in one batch.
  void delete_function(const Scope& scope, std::string_view name);
  std::vector<json> functions(const Scope& scope) const;

  std::optional<json> version(const Scope& scope, std::string_view name, uint64_t number) const;
  void put_version(const Scope& scope, std::string_view name, uint64_t number, const json& record);
  void delete_version(const Scope& scope, std::string_view name, uint64_t number);
  std::vector<json> versions(const Scope& scope, std::string_view name) const;

  std::optional<json> alias(const Scope& scope, std::string_view name, std::string_view alias) const;
  void put_alias(const Scope& scope, std::string_view name, std::string_view alias, const json& record);
  void delete_alias(const Scope& scope, std::string_view name, std::string_view alias);
  std::vector<json> aliases(const Scope& scope, std::string_view name) const;

  std::optional<json> layer_version(const Scope& scope, std::string_view layer, uint64_t number) const;
  void put_layer_version(const Scope& scope, std::string_view layer, uint64_t number, const json& record);
  void delete_layer_version(const Scope& scope, std::string_view layer, uint64_t number);
  std::vector<json> layer_versions(const Scope& scope, std::string_view layer) const;  // ascending
  std::vector<std::string> layer_names(const Scope& scope) const;

  // Code packages by their SHA-256 (hex); shared by every function and layer using them.
  std::optional<std::string> code(std::string_view sha256_hex) const;
  void put_code(std::string_view sha256_hex, std::string_view zip);

  // Event invocations waiting to run, by sequence number.
  void put_async(uint64_t sequence, const json& record);
  void delete_async(uint64_t sequence);
  std::vector<std::pair<uint64_t, json>> async_queue() const;

  void clear();

  // Grows with every change to a function, version or alias: caches of resolved
  // functions are valid while it stays the same.
  uint64_t generation() const { return generation_.load(); }

 private:
  std::optional<json> get_json(storage::ColumnFamily* cf, const std::string& key) const;
  std::vector<json> scan(storage::ColumnFamily* cf, const std::string& prefix) const;

  storage::Database& db_;
  std::atomic<uint64_t> generation_{0};
  storage::ColumnFamily* functions_;
  storage::ColumnFamily* versions_;
  storage::ColumnFamily* aliases_;
  storage::ColumnFamily* layers_;
  storage::ColumnFamily* code_;
  storage::ColumnFamily* async_;
};

}  // namespace bunker::lambda
