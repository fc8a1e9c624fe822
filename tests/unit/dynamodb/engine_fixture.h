#pragma once
// An Engine over an in-memory database, for tests of whole operations without a server.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "bunker/core/aws_error.h"
#include "bunker/storage/database.h"
#include "dynamodb/engine.h"

namespace test_util {

using nlohmann::json;

class EngineTest : public ::testing::Test {
 protected:
  EngineTest() {
    bunker::storage::Options o;
    o.in_memory = true;
    db_ = bunker::storage::Database::open(o);
    engine_ = std::make_unique<bunker::dynamodb::Engine>(*db_, 0);
  }

  json call(bunker::dynamodb::Operation op, const json& body) {
    return op(*engine_, bunker::dynamodb::Call{scope_, body});
  }
  json call(bunker::dynamodb::Operation op, const char* body) { return call(op, json::parse(body)); }

  // The AwsError an operation throws, as {"code", "message", and its extra members}.
  json error(bunker::dynamodb::Operation op, const json& body) {
    try {
      call(op, body);
    } catch (const bunker::AwsError& e) {
      json out = {{"code", e.code()}, {"message", e.message()}};
      for (const auto& [k, v] : e.fields()) out[k] = v;
      if (!e.json_members().empty()) {
        json extra = json::parse(e.json_members());
        for (auto it = extra.begin(); it != extra.end(); ++it) out[it.key()] = it.value();
      }
      return out;
    }
    return {{"code", "(no error)"}};
  }
  json error(bunker::dynamodb::Operation op, const char* body) { return error(op, json::parse(body)); }

  void create_table(const std::string& name, const char* stream_view = nullptr, bool with_range = false) {
    json body = {{"TableName", name},
                 {"BillingMode", "PAY_PER_REQUEST"},
                 {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
                 {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}}};
    if (with_range) {
      body["KeySchema"].push_back({{"AttributeName", "sk"}, {"KeyType", "RANGE"}});
      body["AttributeDefinitions"].push_back({{"AttributeName", "sk"}, {"AttributeType", "N"}});
    }
    if (stream_view) body["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", stream_view}};
    call(bunker::dynamodb::create_table, body);
  }

  json get(const std::string& table, const json& key) {
    json out = call(bunker::dynamodb::get_item, json{{"TableName", table}, {"Key", key}, {"ConsistentRead", true}});
    return out.value("Item", json());
  }

  void put(const std::string& table, const json& item) {
    call(bunker::dynamodb::put_item, json{{"TableName", table}, {"Item", item}});
  }

  std::unique_ptr<bunker::storage::Database> db_;
  std::unique_ptr<bunker::dynamodb::Engine> engine_;
  bunker::dynamodb::Scope scope_{"000000000000", "us-east-1"};
};

}  // namespace test_util
