#include "apigateway/rest_common.h"

#include <algorithm>

#include "apigateway/json_fields.h"

namespace bunker::apigateway {

void throw_missing(Call& call, Missing kind, std::string_view id) {
  switch (kind) {
    case Missing::kApi: throw not_found("Invalid API identifier specified " + call.account + ":" + std::string(id));
    case Missing::kResource: throw not_found("Invalid Resource identifier specified");
    case Missing::kRestApi: throw not_found("Invalid REST API identifier specified");
    case Missing::kConflict:
      throw conflict("Unable to complete operation due to concurrent modification. Please try again later.");
    case Missing::kValidator: throw not_found("Invalid Request Validator identifier specified");
    case Missing::kStage: throw not_found("Invalid Stage identifier specified");
    case Missing::kDeployment: throw not_found("Invalid Deployment identifier specified");
    case Missing::kAuthorizer: throw not_found("Invalid Authorizer identifier specified");
    case Missing::kModel: throw not_found("Invalid model name specified: " + std::string(id));
  }
  throw not_found("Not found");
}

RestApi& find_rest_api(Call& call, Missing kind) {
  const std::string& id = call.param("restapi_id");
  auto it = call.state.rest_apis.find(id);
  if (it == call.state.rest_apis.end() || it->second.account != call.account || it->second.region != call.region)
    throw_missing(call, kind, id);
  return it->second;
}

json& find_resource(RestApi& api, std::string_view resource_id) {
  auto it = api.resources.find(resource_id);
  if (it == api.resources.end()) throw not_found("Invalid Resource identifier specified");
  return *it;
}

json& find_method(json& resource, std::string_view http_method) {
  auto& methods = resource["resourceMethods"];
  if (!methods.is_object()) methods = json::object();
  auto it = methods.find(http_method);
  if (it == methods.end()) throw not_found("Invalid Method identifier specified");
  return *it;
}

json& find_integration(json& method) {
  auto it = method.find("methodIntegration");
  if (it == method.end() || !it->is_object()) throw not_found("Invalid Integration identifier specified");
  return *it;
}

std::string resource_path(const RestApi& api, std::string_view resource_id) {
  std::vector<std::string> parts;
  std::string id(resource_id);
  for (int guard = 0; guard < 1000; ++guard) {
    auto it = api.resources.find(id);
    if (it == api.resources.end() || !it->contains("parentId")) break;
    parts.push_back(it->value("pathPart", ""));
    id = (*it)["parentId"].get<std::string>();
  }
  if (parts.empty()) return "/";
  std::string path;
  for (auto p = parts.rbegin(); p != parts.rend(); ++p) path += "/" + *p;
  return path;
}

json resource_shape(const RestApi& api, const json& resource, bool embed_methods) {
  json out = {{"id", resource["id"]}};
  if (resource.contains("parentId")) {
    out["parentId"] = resource["parentId"];
    out["pathPart"] = resource["pathPart"];
  }
  out["path"] = resource_path(api, resource["id"].get<std::string>());
  auto methods = resource.find("resourceMethods");
  if (methods != resource.end() && methods->is_object() && !methods->empty()) {
    // Without embed=methods, AWS names each method with an empty object.
    json m = json::object();
    for (const auto& [name, method] : methods->items()) m[name] = embed_methods ? method : json::object();
    out["resourceMethods"] = std::move(m);
  }
  return out;
}

void save(Call& call, const RestApi& api) {
  auto batch = call.state.store().batch();
  batch.put(Table::kRestApis, api.id(), api.to_storage());
  call.state.store().commit(batch);
  call.state.touch();
}

bool valid_http_method(std::string_view m) {
  for (std::string_view v : {"GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"})
    if (m == v) return true;
  return false;
}

json paginate(Call& call, json items, std::string_view list_member) {
  size_t start = 0;
  if (auto pos = call.query("position")) {
    try {
      start = std::stoul(*pos);
    } catch (...) {
      throw bad_request("Invalid position parameter");
    }
  }
  size_t limit = 500;
  if (auto l = call.query("limit")) {
    try {
      limit = std::stoul(*l);
    } catch (...) {
      throw bad_request("Invalid limit parameter");
    }
    if (limit < 1 || limit > 500) throw bad_request("Invalid limit parameter, must be between 1 and 500");
  }
  json page = json::array();
  for (size_t i = start; i < items.size() && page.size() < limit; ++i) page.push_back(std::move(items[i]));
  json out = {{std::string(list_member), std::move(page)}};
  if (start + limit < items.size()) out["position"] = std::to_string(start + limit);
  return out;
}

long long now_seconds() { return epoch_seconds(); }

}  // namespace bunker::apigateway
