// GetTags, TagResource, UntagResource for REST APIs, stages, API keys and usage plans
// (ARNs arn:aws:apigateway:<region>::/restapis/<id>[/stages/<name>], ::/apikeys/<id>,
// ::/usageplans/<id>).
#include "apigateway/json_fields.h"
#include "apigateway/rest_common.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

// The tags object of the record the ARN names, and a function that persists it.
struct Tagged {
  json* tags;
  std::function<void()> save;
};

Tagged resolve(Call& call) {
  const std::string& arn = call.param("resource_arn");
  auto pos = arn.find("::/");
  if (!arn.starts_with("arn:") || pos == std::string::npos) throw bad_request("Invalid ARN specified in the request");
  auto parts = split(std::string_view(arn).substr(pos + 3), '/');
  auto fail = [&]() -> Tagged { throw not_found("Invalid resource identifier specified"); };
  if (parts.size() >= 2 && parts[0] == "restapis") {
    auto it = call.state.rest_apis.find(std::string(parts[1]));
    if (it == call.state.rest_apis.end() || it->second.account != call.account) return fail();
    RestApi& api = it->second;
    auto persist = [&call, &api] { save(call, api); };
    if (parts.size() == 2) return {&api.api["tags"], persist};
    if (parts.size() == 4 && parts[2] == "stages") {
      auto s = api.stages.find(std::string(parts[3]));
      if (s == api.stages.end()) return fail();
      return {&(*s)["tags"], persist};
    }
    return fail();
  }
  if (parts.size() == 2 && (parts[0] == "apikeys" || parts[0] == "usageplans")) {
    const bool key = parts[0] == "apikeys";
    auto& map = key ? call.state.api_keys : call.state.usage_plans;
    auto it = map.find(std::string(parts[1]));
    if (it == map.end() || it->second.account != call.account) return fail();
    std::string id(parts[1]);
    AccountRecord& rec = it->second;
    return {&rec.doc["tags"], [&call, &rec, id, key] {
              auto batch = call.state.store().batch();
              batch.put(key ? Table::kApiKeys : Table::kUsagePlans, id, rec.to_storage());
              call.state.store().commit(batch);
              call.state.touch();
            }};
  }
  return fail();
}

}  // namespace

Reply get_tags(Call& call) {
  Tagged t = resolve(call);
  json tags = t.tags->is_object() ? *t.tags : json::object();
  if (t.tags->is_null()) *t.tags = json::object();
  return {200, {{"tags", tags}}};
}

Reply tag_resource(Call& call) {
  Tagged t = resolve(call);
  auto tags = opt_string_map(call.body, "tags", false).value_or(json::object());
  if (!t.tags->is_object()) *t.tags = json::object();
  for (const auto& [k, v] : tags.items()) (*t.tags)[k] = v;
  t.save();
  return {204, json()};
}

Reply untag_resource(Call& call) {
  Tagged t = resolve(call);
  if (!t.tags->is_object()) *t.tags = json::object();
  for (const auto& [k, v] : call.request.params)
    if (k == "tagKeys") t.tags->erase(v);
  t.save();
  return {204, json()};
}

}  // namespace bunker::apigateway
