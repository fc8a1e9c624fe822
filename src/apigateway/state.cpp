#include "apigateway/state.h"

#include <atomic>
#include <mutex>

#include "apigateway/json_fields.h"
#include "bunker/core/clock.h"

namespace bunker::apigateway {
namespace {

json section(const json& doc, const char* name) {
  auto it = doc.find(name);
  return it != doc.end() && it->is_object() ? *it : json::object();
}

}  // namespace

json RestApi::to_storage() const {
  return {{"account", account},       {"region", region}, {"order", created_order},
          {"api", api},               {"resources", resources},
          {"models", models},         {"authorizers", authorizers},
          {"validators", validators}, {"gatewayResponses", gateway_responses},
          {"stages", stages},         {"deployments", deployments},
          {"documentationVersions", documentation_versions}};
}

RestApi RestApi::from_storage(const json& doc) {
  RestApi r;
  r.account = doc.value("account", "");
  r.region = doc.value("region", "");
  r.created_order = doc.value("order", 0LL);
  r.api = section(doc, "api");
  r.resources = section(doc, "resources");
  r.models = section(doc, "models");
  r.authorizers = section(doc, "authorizers");
  r.validators = section(doc, "validators");
  r.gateway_responses = section(doc, "gatewayResponses");
  r.stages = section(doc, "stages");
  r.deployments = section(doc, "deployments");
  r.documentation_versions = section(doc, "documentationVersions");
  return r;
}

json RestApi::snapshot() const {
  return {{"api", api},
          {"resources", resources},
          {"models", models},
          {"authorizers", authorizers},
          {"validators", validators},
          {"gatewayResponses", gateway_responses}};
}

json HttpApi::to_storage() const {
  return {{"account", account},         {"region", region},           {"api", api}, {"order", created_order},
          {"routes", routes},           {"integrations", integrations}, {"authorizers", authorizers},
          {"stages", stages},           {"deployments", deployments}};
}

HttpApi HttpApi::from_storage(const json& doc) {
  HttpApi h;
  h.account = doc.value("account", "");
  h.region = doc.value("region", "");
  h.created_order = doc.value("order", 0LL);
  h.api = section(doc, "api");
  h.routes = section(doc, "routes");
  h.integrations = section(doc, "integrations");
  h.authorizers = section(doc, "authorizers");
  h.stages = section(doc, "stages");
  h.deployments = section(doc, "deployments");
  return h;
}

json HttpApi::snapshot() const {
  return {{"api", api}, {"routes", routes}, {"integrations", integrations}, {"authorizers", authorizers}};
}

void State::load() {
  std::unique_lock lock(mutex_);
  store_.for_each(Table::kRestApis, [&](std::string_view key, json doc) {
    RestApi api = RestApi::from_storage(doc);
    if (api.api.contains("id")) rest_apis.emplace(std::string(key), std::move(api));
  });
  store_.for_each(Table::kHttpApis, [&](std::string_view key, json doc) {
    HttpApi api = HttpApi::from_storage(doc);
    if (api.api.contains("apiId")) http_apis.emplace(std::string(key), std::move(api));
  });
  store_.for_each(Table::kApiKeys,
                  [&](std::string_view key, json doc) { api_keys.emplace(std::string(key), AccountRecord::from_storage(doc)); });
  store_.for_each(Table::kUsagePlans, [&](std::string_view key, json doc) {
    usage_plans.emplace(std::string(key), AccountRecord::from_storage(doc));
  });
  ++generation_;
}

void State::reset() {
  std::unique_lock lock(mutex_);
  rest_apis.clear();
  http_apis.clear();
  api_keys.clear();
  usage_plans.clear();
  store_.clear();
  ++generation_;
}

std::string State::new_api_id() const {
  for (;;) {
    std::string id = new_id(10);
    if (!rest_apis.contains(id) && !http_apis.contains(id)) return id;
  }
}

long long creation_order() {
  static std::atomic<long long> last{0};
  long long want = static_cast<long long>(now_millis()) * 1000;
  long long prev = last.load();
  while (true) {
    long long next = want > prev ? want : prev + 1;
    if (last.compare_exchange_weak(prev, next)) return next;
  }
}

std::string deployment_key(std::string_view api_id, std::string_view deployment_id) {
  std::string k(api_id);
  k.push_back('/');
  k.append(deployment_id);
  return k;
}

}  // namespace bunker::apigateway
