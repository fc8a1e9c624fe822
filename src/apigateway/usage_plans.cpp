// CreateUsagePlan, GetUsagePlan(s), UpdateUsagePlan, DeleteUsagePlan and the plan's
// keys (Create/Get/DeleteUsagePlanKey, GetUsagePlanKeys). A plan's keys are kept in its
// record under "_keys" (never shown).
#include "apigateway/json_fields.h"
#include "apigateway/patch.h"
#include "apigateway/rest_common.h"

namespace bunker::apigateway {
namespace {

AccountRecord& find_plan(Call& call) {
  auto it = call.state.usage_plans.find(call.param("usageplanId"));
  if (it == call.state.usage_plans.end() || it->second.account != call.account || it->second.region != call.region)
    throw not_found("Invalid Usage Plan ID specified");
  return it->second;
}

void save_plan(Call& call, const std::string& id, const AccountRecord& rec) {
  auto batch = call.state.store().batch();
  batch.put(Table::kUsagePlans, id, rec.to_storage());
  call.state.store().commit(batch);
  call.state.touch();
}

json plan_shape(const json& doc, bool with_tags) {
  json out = doc;
  out.erase("_keys");
  if (with_tags && !out.contains("tags")) out["tags"] = json::object();
  if (!with_tags && out.contains("tags") && out["tags"].empty()) out.erase("tags");
  return out;
}

bool stage_exists(Call& call, const std::string& api_id, const std::string& stage) {
  auto it = call.state.rest_apis.find(api_id);
  return it != call.state.rest_apis.end() && it->second.account == call.account && it->second.stages.contains(stage);
}

json throttle_of(const json& t) {
  json out = json::object();
  if (auto v = opt_int(t, "burstLimit")) out["burstLimit"] = *v;
  if (auto v = opt_double(t, "rateLimit")) out["rateLimit"] = *v;
  return out;
}

json key_entry(Call& call, const std::string& key_id) {
  auto it = call.state.api_keys.find(key_id);
  if (it == call.state.api_keys.end()) throw not_found("Invalid API Key identifier specified");
  const json& k = it->second.doc;
  json out = {{"id", key_id}, {"type", "API_KEY"}, {"value", k.value("value", "")}};
  if (k.contains("name")) out["name"] = k["name"];
  return out;
}

}  // namespace

Reply create_usage_plan(Call& call) {
  const json& b = call.body;
  std::string id;
  do id = new_id(6);
  while (call.state.usage_plans.contains(id));
  json p = {{"id", id}, {"name", opt_string(b, "name").value_or("")}};
  if (auto v = opt_string(b, "description")) p["description"] = *v;
  if (auto v = opt_string(b, "productCode")) p["productCode"] = *v;
  json stages = json::array();
  if (b.contains("apiStages") && b["apiStages"].is_array()) {
    for (const auto& s : b["apiStages"]) {
      const std::string api_id = opt_string(s, "apiId").value_or("");
      const std::string stage = opt_string(s, "stage").value_or("");
      if (!stage_exists(call, api_id, stage))
        throw not_found("Invalid API Stage {api: " + api_id + ", stage: " + stage + "} specified for usageplan " + id);
      json entry = {{"apiId", api_id}, {"stage", stage}};
      if (s.contains("throttle") && s["throttle"].is_object()) entry["throttle"] = s["throttle"];
      stages.push_back(entry);
    }
  }
  p["apiStages"] = stages;
  if (b.contains("throttle") && b["throttle"].is_object()) p["throttle"] = throttle_of(b["throttle"]);
  if (b.contains("quota") && b["quota"].is_object()) {
    const json& q = b["quota"];
    p["quota"] = {{"limit", opt_int(q, "limit").value_or(0)},
                  {"offset", opt_int(q, "offset").value_or(0)},
                  {"period", opt_string(q, "period").value_or("DAY")}};
  }
  if (auto tags = opt_string_map(b, "tags", false); tags && !tags->empty()) p["tags"] = *tags;
  AccountRecord rec{call.account, call.region, p};
  rec.doc["_keys"] = json::object();
  save_plan(call, id, rec);
  call.state.usage_plans[id] = rec;
  return {201, plan_shape(rec.doc, false)};
}

Reply get_usage_plan(Call& call) { return {200, plan_shape(find_plan(call).doc, true)}; }

Reply get_usage_plans(Call& call) {
  const auto key_filter = call.query("keyId");
  json items = json::array();
  for (const auto& [id, rec] : call.state.usage_plans) {
    if (rec.account != call.account || rec.region != call.region) continue;
    if (key_filter && !rec.doc.value("_keys", json::object()).contains(*key_filter)) continue;
    items.push_back(plan_shape(rec.doc, false));
  }
  return {200, paginate(call, std::move(items))};
}

Reply update_usage_plan(Call& call) {
  auto ops = parse_patch_operations(call.body, "updateUsagePlanInput");
  const std::string id = call.param("usageplanId");
  AccountRecord rec = find_plan(call);
  json& p = rec.doc;
  for (const auto& op : ops) {
    const auto& s = op.segments;
    const std::string head = s.empty() ? "" : s[0];
    if (head == "apiStages") {
      const std::string v = patch_string(op);
      auto colon = v.find(':');
      if (v.empty() || colon == std::string::npos) throw bad_request("Invalid API Stage specified");
      const std::string api_id = v.substr(0, colon), stage = v.substr(colon + 1);
      json& stages = p["apiStages"];
      if (op.op == "add") {
        if (!stage_exists(call, api_id, stage))
          throw not_found("Invalid API Stage {api: " + api_id + ", stage: " + stage + "} specified for usageplan " + id);
        stages.push_back({{"apiId", api_id}, {"stage", stage}});
      } else if (op.op == "remove") {
        json kept = json::array();
        for (const auto& e : stages)
          if (!(e["apiId"] == api_id && e["stage"] == stage)) kept.push_back(e);
        stages = kept;
      } else {
        unsupported_op(op, "add, remove");
      }
      continue;
    }
    if ((head == "throttle" || head == "quota") && op.op == "remove" && s.size() == 1) {
      p.erase(head);
      continue;
    }
    if (head == "throttle" && s.size() == 2) {
      if (op.op != "replace" && op.op != "add") unsupported_op(op, "replace");
      if (s[1] == "burstLimit") p["throttle"]["burstLimit"] = std::stoll(patch_string(op));
      else if (s[1] == "rateLimit") p["throttle"]["rateLimit"] = std::stod(patch_string(op));
      else invalid_patch_path(op);
      continue;
    }
    if (head == "quota" && s.size() == 2) {
      if (op.op != "replace" && op.op != "add") unsupported_op(op, "replace");
      json& q = p["quota"];
      if (q.is_null()) q = {{"limit", 0}, {"offset", 0}, {"period", "DAY"}};
      if (s[1] == "limit") q["limit"] = std::stoll(patch_string(op));
      else if (s[1] == "offset") q["offset"] = std::stoll(patch_string(op));
      else if (s[1] == "period") q["period"] = patch_string(op);
      else invalid_patch_path(op);
      continue;
    }
    if (s.size() == 1 && (head == "name" || head == "description" || head == "productCode")) {
      if (op.op != "replace") unsupported_op(op, "replace");
      if (op.value) p[head] = *op.value;
      else p.erase(head);
      continue;
    }
    invalid_patch_path(op);
  }
  save_plan(call, id, rec);
  call.state.usage_plans[id] = rec;
  return {200, plan_shape(rec.doc, true)};
}

Reply delete_usage_plan(Call& call) {
  find_plan(call);
  const std::string id = call.param("usageplanId");
  auto batch = call.state.store().batch();
  batch.del(Table::kUsagePlans, id);
  call.state.store().commit(batch);
  call.state.usage_plans.erase(id);
  call.state.touch();
  return {202, json()};
}

Reply create_usage_plan_key(Call& call) {
  AccountRecord rec = find_plan(call);
  const std::string key_id = opt_string(call.body, "keyId").value_or("");
  const std::string type = opt_string(call.body, "keyType").value_or("API_KEY");
  if (type != "API_KEY") throw bad_request("Invalid key type specified: " + type);
  json entry = key_entry(call, key_id);
  if (rec.doc["_keys"].contains(key_id))
    throw conflict("Usage Plan " + call.param("usageplanId") + " already contains API Key " + key_id);
  rec.doc["_keys"][key_id] = true;
  save_plan(call, call.param("usageplanId"), rec);
  call.state.usage_plans[call.param("usageplanId")] = rec;
  return {201, entry};
}

Reply get_usage_plan_key(Call& call) {
  AccountRecord& rec = find_plan(call);
  const std::string key_id = call.param("keyId");
  if (!rec.doc.value("_keys", json::object()).contains(key_id))
    throw not_found("Invalid Usage Plan Key identifier specified");
  return {200, key_entry(call, key_id)};
}

Reply get_usage_plan_keys(Call& call) {
  AccountRecord& rec = find_plan(call);
  const auto name_query = call.query("nameQuery");
  json items = json::array();
  for (const auto& [key_id, _] : object_member(rec.doc, "_keys").items()) {
    if (!call.state.api_keys.contains(key_id)) continue;
    json e = key_entry(call, key_id);
    if (name_query && !e.value("name", "").starts_with(*name_query)) continue;
    items.push_back(e);
  }
  return {200, paginate(call, std::move(items))};
}

Reply delete_usage_plan_key(Call& call) {
  AccountRecord rec = find_plan(call);
  const std::string key_id = call.param("keyId");
  if (!rec.doc["_keys"].contains(key_id)) throw not_found("Invalid Usage Plan Key identifier specified");
  rec.doc["_keys"].erase(key_id);
  save_plan(call, call.param("usageplanId"), rec);
  call.state.usage_plans[call.param("usageplanId")] = rec;
  return {202, json()};
}

}  // namespace bunker::apigateway
