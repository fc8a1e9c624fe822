// CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey.
#include "apigateway/json_fields.h"
#include "apigateway/patch.h"
#include "apigateway/rest_common.h"
#include "bunker/core/ids.h"

namespace bunker::apigateway {
namespace {

AccountRecord& find_key(Call& call, const std::string& id) {
  auto it = call.state.api_keys.find(id);
  if (it == call.state.api_keys.end() || it->second.account != call.account || it->second.region != call.region)
    throw not_found("Invalid API Key identifier specified");
  return it->second;
}

void save_key(Call& call, const std::string& id, const AccountRecord& rec) {
  auto batch = call.state.store().batch();
  batch.put(Table::kApiKeys, id, rec.to_storage());
  call.state.store().commit(batch);
  call.state.touch();
}

json key_shape(const json& doc, bool include_value, bool with_tags) {
  json out = doc;
  if (!include_value) out.erase("value");
  if (with_tags && !out.contains("tags")) out["tags"] = json::object();
  if (!with_tags && out.contains("tags") && out["tags"].empty()) out.erase("tags");
  return out;
}

bool query_true(Call& call, std::string_view name) {
  auto v = call.query(name);
  return v && (*v == "true" || *v == "True");
}

}  // namespace

Reply create_api_key(Call& call) {
  const json& b = call.body;
  std::string value = opt_string(b, "value").value_or("");
  if (value.empty()) value = random_alnum(40, false);
  else if (value.size() < 20) throw bad_request("API Key value should be at least 20 characters");
  for (const auto& [id, rec] : call.state.api_keys)
    if (rec.account == call.account && rec.region == call.region && rec.doc.value("value", "") == value)
      throw conflict("API Key already exists");
  const long long now = now_seconds();
  std::string id;
  do id = new_id(10);
  while (call.state.api_keys.contains(id));
  json k = {{"id", id},
            {"value", value},
            {"enabled", opt_bool(b, "enabled").value_or(false)},
            {"createdDate", now},
            {"lastUpdatedDate", now},
            {"stageKeys", json::array()}};
  if (auto v = opt_string(b, "name")) k["name"] = *v;
  if (auto v = opt_string(b, "description")) k["description"] = *v;
  if (auto v = opt_string(b, "customerId")) k["customerId"] = *v;
  if (b.contains("stageKeys") && b["stageKeys"].is_array()) {
    for (const auto& sk : b["stageKeys"]) {
      const std::string api_id = opt_string(sk, "restApiId").value_or("");
      const std::string stage = opt_string(sk, "stageName").value_or("");
      auto api = call.state.rest_apis.find(api_id);
      if (api == call.state.rest_apis.end() || !api->second.stages.contains(stage))
        throw bad_request("Invalid stage key specified: " + api_id + "/" + stage);
      k["stageKeys"].push_back(api_id + "/" + stage);
    }
  }
  if (auto tags = opt_string_map(b, "tags", false); tags && !tags->empty()) k["tags"] = *tags;
  AccountRecord rec{call.account, call.region, k};
  save_key(call, id, rec);
  call.state.api_keys[id] = rec;
  return {201, key_shape(k, true, false)};
}

Reply get_api_key(Call& call) {
  const AccountRecord& rec = find_key(call, call.param("api_Key"));
  return {200, key_shape(rec.doc, query_true(call, "includeValue"), true)};
}

Reply get_api_keys(Call& call) {
  const bool include = query_true(call, "includeValues");
  const auto name_query = call.query("name");
  const auto customer = call.query("customerId");
  std::vector<const AccountRecord*> keys;
  for (const auto& [id, rec] : call.state.api_keys) {
    if (rec.account != call.account || rec.region != call.region) continue;
    if (name_query && !rec.doc.value("name", "").starts_with(*name_query)) continue;
    if (customer && rec.doc.value("customerId", "") != *customer) continue;
    keys.push_back(&rec);
  }
  std::stable_sort(keys.begin(), keys.end(), [](const AccountRecord* a, const AccountRecord* b) {
    return a->doc.value("createdDate", 0LL) < b->doc.value("createdDate", 0LL);
  });
  json items = json::array();
  for (const auto* k : keys) items.push_back(key_shape(k->doc, include, false));
  return {200, paginate(call, std::move(items))};
}

Reply update_api_key(Call& call) {
  auto ops = parse_patch_operations(call.body, "updateApiKeyInput");
  const std::string id = call.param("api_Key");
  AccountRecord rec = find_key(call, id);
  json& k = rec.doc;
  for (const auto& op : ops) {
    const auto& s = op.segments;
    const std::string head = s.empty() ? "" : s[0];
    if (head == "stages") {
      json stages = k.value("stageKeys", json::array());
      const std::string v = patch_string(op);
      if (op.op == "add") stages.push_back(v);
      else if (op.op == "remove") stages.erase(std::remove(stages.begin(), stages.end(), v), stages.end());
      else unsupported_op(op, "add, remove");
      k["stageKeys"] = stages;
      continue;
    }
    if (s.size() != 1) invalid_patch_path(op);
    if (op.op != "replace") unsupported_op(op, "replace");
    if (head == "enabled") k["enabled"] = patch_bool(op);
    else if (head == "name" || head == "description" || head == "customerId") {
      if (op.value) k[head] = *op.value;
      else k.erase(head);
    } else invalid_patch_path(op);
  }
  k["lastUpdatedDate"] = now_seconds();
  save_key(call, id, rec);
  call.state.api_keys[id] = rec;
  return {200, key_shape(k, false, true)};
}

Reply delete_api_key(Call& call) {
  const std::string id = call.param("api_Key");
  find_key(call, id);
  auto batch = call.state.store().batch();
  batch.del(Table::kApiKeys, id);
  // Keys leave the usage plans they were in.
  for (auto& [pid, plan] : call.state.usage_plans) {
    auto keys = plan.doc.find("_keys");
    if (keys != plan.doc.end() && keys->contains(id)) {
      keys->erase(id);
      batch.put(Table::kUsagePlans, pid, plan.to_storage());
    }
  }
  call.state.store().commit(batch);
  call.state.api_keys.erase(id);
  call.state.touch();
  return {202, json()};
}

Reply get_account(Call& call) {
  return {200,
          {{"throttleSettings", {{"burstLimit", 5000}, {"rateLimit", 10000.0}}},
           {"features", json::array({"UsagePlans"})},
           {"apiKeyVersion", "4"}}};
}

}  // namespace bunker::apigateway
