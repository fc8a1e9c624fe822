#pragma once
// Persistence of API Gateway's records: one JSON document per REST API, HTTP API, API
// key, usage plan and deployment snapshot, each in its own column family. Every
// management call rewrites the documents it changed in one WriteBatch, so a record and
// the snapshot a deployment took of it appear together or not at all.
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>

#include "bunker/storage/database.h"

namespace bunker::apigateway {

enum class Table { kRestApis, kHttpApis, kDeployments, kApiKeys, kUsagePlans };

class Store {
 public:
  explicit Store(storage::Database& db);

  // Changes queued by one operation, applied atomically by commit().
  class Batch {
   public:
    void put(Table t, std::string_view key, const nlohmann::json& doc);
    void del(Table t, std::string_view key);
    // Deletes every key that starts with prefix.
    void del_prefix(Table t, std::string_view prefix);

   private:
    friend class Store;
    explicit Batch(Store& s) : store_(s) {}
    Store& store_;
    storage::WriteBatch batch_;
  };

  Batch batch() { return Batch(*this); }
  void commit(Batch& b);

  std::optional<nlohmann::json> get(Table t, std::string_view key) const;
  void for_each(Table t, const std::function<void(std::string_view key, nlohmann::json doc)>& fn) const;
  void clear();

 private:
  storage::ColumnFamily* family(Table t) const;
  storage::Database& db_;
  storage::ColumnFamily* rest_apis_;
  storage::ColumnFamily* http_apis_;
  storage::ColumnFamily* deployments_;
  storage::ColumnFamily* api_keys_;
  storage::ColumnFamily* usage_plans_;
};

}  // namespace bunker::apigateway
