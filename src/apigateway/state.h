#pragma once
// API Gateway's records in memory, loaded from the Store at start and written through on
// every change. Records are kept in the shapes the management API returns (JSON), since
// nearly every operation reads or patches them as such; the invoke side compiles a
// deployment's snapshot into typed structures once (see rest_snapshot.h).
//
// Locking: one shared_mutex for all records. Management calls take it exclusively for
// the short time they edit; invocations take it shared only to find their snapshot.
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>

#include "apigateway/store.h"

namespace bunker::apigateway {

using json = nlohmann::json;

// A REST API (v1) and everything that hangs off it. Each section maps an id (or name,
// for models and stages; response type for gateway responses) to the record's shape.
struct RestApi {
  std::string account;
  std::string region;
  long long created_order = 0;  // creation order (listing order), see creation_order()
  json api = json::object();        // the RestApi shape: id, name, rootResourceId, tags…
  json resources = json::object();  // id -> {id, parentId, pathPart, resourceMethods}
  json models = json::object();
  json authorizers = json::object();
  json validators = json::object();
  json gateway_responses = json::object();
  json stages = json::object();
  json deployments = json::object();  // id -> {id, description, createdDate}
  json documentation_versions = json::object();

  const std::string& id() const { return api.at("id").get_ref<const std::string&>(); }
  json to_storage() const;
  static RestApi from_storage(const json& doc);
  // What a deployment freezes: resources with their methods, and the API-level settings
  // that shape invocations.
  json snapshot() const;
};

// An HTTP API (v2).
struct HttpApi {
  std::string account;
  std::string region;
  long long created_order = 0;
  json api = json::object();
  json routes = json::object();
  json integrations = json::object();
  json authorizers = json::object();
  json stages = json::object();
  json deployments = json::object();

  const std::string& id() const { return api.at("apiId").get_ref<const std::string&>(); }
  json to_storage() const;
  static HttpApi from_storage(const json& doc);
  json snapshot() const;
};

// API keys and usage plans live outside APIs (account-wide).
struct AccountRecord {
  std::string account;
  std::string region;
  json doc = json::object();
  json to_storage() const { return {{"account", account}, {"region", region}, {"doc", doc}}; }
  static AccountRecord from_storage(const json& d) {
    return {d.value("account", ""), d.value("region", ""), d.value("doc", json::object())};
  }
};

class State {
 public:
  explicit State(Store& store) : store_(store) {}

  void load();
  void reset();

  Store& store() { return store_; }
  std::shared_mutex& mutex() { return mutex_; }

  std::map<std::string, RestApi> rest_apis;
  std::map<std::string, HttpApi> http_apis;
  std::map<std::string, AccountRecord> api_keys;     // id -> ApiKey shape
  std::map<std::string, AccountRecord> usage_plans;  // id -> UsagePlan shape + "_keys"

  // Bumped on every change, so the invoke side knows when cached views are stale.
  uint64_t generation() const { return generation_; }
  void touch() { ++generation_; }

  // A new id no record of any API uses (10 characters, as AWS's API ids).
  std::string new_api_id() const;

 private:
  Store& store_;
  std::shared_mutex mutex_;
  uint64_t generation_ = 1;
};

// A strictly increasing number for ordering records by creation (ms * 1000 + sequence).
long long creation_order();

// Key of a deployment snapshot in Table::kDeployments.
std::string deployment_key(std::string_view api_id, std::string_view deployment_id);

}  // namespace bunker::apigateway
