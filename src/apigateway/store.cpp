#include "apigateway/store.h"

#include <spdlog/spdlog.h>

namespace bunker::apigateway {

Store::Store(storage::Database& db)
    : db_(db),
      rest_apis_(db.family("apigateway.restapis")),
      http_apis_(db.family("apigateway.httpapis")),
      deployments_(db.family("apigateway.deployments")),
      api_keys_(db.family("apigateway.apikeys")),
      usage_plans_(db.family("apigateway.usageplans")) {}

storage::ColumnFamily* Store::family(Table t) const {
  switch (t) {
    case Table::kRestApis: return rest_apis_;
    case Table::kHttpApis: return http_apis_;
    case Table::kDeployments: return deployments_;
    case Table::kApiKeys: return api_keys_;
    case Table::kUsagePlans: return usage_plans_;
  }
  return rest_apis_;
}

void Store::Batch::put(Table t, std::string_view key, const nlohmann::json& doc) {
  batch_.put(store_.family(t), key, doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void Store::Batch::del(Table t, std::string_view key) { batch_.del(store_.family(t), key); }

void Store::Batch::del_prefix(Table t, std::string_view prefix) {
  std::string end(prefix);
  end.push_back('\xff');
  batch_.del_range(store_.family(t), prefix, end);
}

void Store::commit(Batch& b) {
  if (b.batch_.count() > 0) db_.write(b.batch_);
  b.batch_.clear();
}

std::optional<nlohmann::json> Store::get(Table t, std::string_view key) const {
  auto text = db_.get(family(t), key);
  if (!text) return std::nullopt;
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded()) return std::nullopt;
  return doc;
}

void Store::for_each(Table t, const std::function<void(std::string_view, nlohmann::json)>& fn) const {
  auto it = db_.iterator(family(t));
  for (it->seek_to_first(); it->valid(); it->next()) {
    auto doc = nlohmann::json::parse(it->value(), nullptr, false);
    if (doc.is_discarded()) {
      spdlog::warn("apigateway: skipping unreadable record {}", it->key());
      continue;
    }
    fn(it->key(), std::move(doc));
  }
  it->check();
}

void Store::clear() {
  for (auto* cf : {rest_apis_, http_apis_, deployments_, api_keys_, usage_plans_}) db_.clear(cf);
}

}  // namespace bunker::apigateway
