// GetResources, GetResource, CreateResource, UpdateResource, DeleteResource: the
// resource tree of a REST API.
#include <algorithm>
#include <functional>

#include "apigateway/json_fields.h"
#include "apigateway/patch.h"
#include "apigateway/rest_common.h"

namespace bunker::apigateway {
namespace {

bool is_variable(std::string_view part) { return part.size() >= 2 && part.front() == '{' && part.back() == '}'; }
bool is_greedy(std::string_view part) { return is_variable(part) && part.size() >= 3 && part[part.size() - 2] == '+'; }

void validate_path_part(std::string_view part) {
  bool ok = !part.empty();
  std::string_view inner = part;
  if (is_variable(part)) {
    inner = part.substr(1, part.size() - 2);
    if (!inner.empty() && inner.back() == '+') inner.remove_suffix(1);
    ok = !inner.empty();
  }
  for (char c : inner) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == ':' || c == '@' ||
          c == '$' || c == '%'))
      ok = false;
  }
  if (!ok)
    throw bad_request(
        "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional "
        "plus sign before the closing brace.");
}

std::vector<std::string> children_of(const RestApi& api, std::string_view parent) {
  std::vector<std::string> out;
  for (const auto& [id, r] : api.resources.items())
    if (r.contains("parentId") && r["parentId"] == parent) out.push_back(id);
  return out;
}

// Checks that `part` may live under `parent_id` (ignoring `self`, the resource being moved).
void check_placement(const RestApi& api, const std::string& parent_id, std::string_view part, std::string_view self) {
  const json& parent = api.resources.at(parent_id);
  if (parent.contains("pathPart") && is_greedy(parent["pathPart"].get<std::string>()))
    throw bad_request("Cannot create a child of a resource with a greedy path variable: " +
                      parent["pathPart"].get<std::string>());
  for (const auto& sibling_id : children_of(api, parent_id)) {
    if (sibling_id == self) continue;
    const std::string sibling = api.resources.at(sibling_id).value("pathPart", "");
    if (sibling == part) throw conflict("Another resource with the same parent already has this name: " + sibling);
    if (is_variable(part) && is_variable(sibling))
      throw bad_request("A sibling (" + sibling + ") of this resource already has a variable path part -- only one is allowed");
  }
}

}  // namespace

Reply get_resources(Call& call) {
  RestApi& api = find_rest_api(call);
  const bool embed = [&] {
    for (const auto& [k, v] : call.request.params)
      if (k == "embed" && v == "methods") return true;
    return false;
  }();
  json items = json::array();
  // Depth first from the root, siblings ordered by path part (as AWS lists them).
  std::function<void(const std::string&)> visit = [&](const std::string& id) {
    items.push_back(resource_shape(api, api.resources.at(id), embed));
    auto kids = children_of(api, id);
    std::sort(kids.begin(), kids.end(), [&](const std::string& a, const std::string& b) {
      return api.resources.at(a).value("pathPart", "") < api.resources.at(b).value("pathPart", "");
    });
    for (const auto& k : kids) visit(k);
  };
  const std::string root = api.api.value("rootResourceId", "");
  if (api.resources.contains(root)) visit(root);
  return {200, paginate(call, std::move(items))};
}

Reply get_resource(Call& call) {
  RestApi& api = find_rest_api(call, Missing::kResource);
  const json& r = find_resource(api, call.param("resource_id"));
  bool embed = false;
  for (const auto& [k, v] : call.request.params)
    if (k == "embed" && v == "methods") embed = true;
  return {200, resource_shape(api, r, embed)};
}

Reply create_resource(Call& call) {
  RestApi& api = find_rest_api(call, Missing::kResource);
  const std::string parent = call.param("resource_id");
  find_resource(api, parent);
  const std::string part = opt_string(call.body, "pathPart").value_or("");
  validate_path_part(part);
  check_placement(api, parent, part, "");
  std::string id;
  do id = new_id(6);
  while (api.resources.contains(id));
  api.resources[id] = {{"id", id}, {"parentId", parent}, {"pathPart", part}};
  save(call, api);
  return {201, resource_shape(api, api.resources[id], false)};
}

Reply update_resource(Call& call) {
  auto ops = parse_patch_operations(call.body, "updateResourceInput");
  RestApi& stored = find_rest_api(call, Missing::kResource);
  const std::string id = call.param("resource_id");
  find_resource(stored, id);
  RestApi api = stored;
  for (const auto& op : ops) {
    const bool known = op.path == "/parentId" || op.path == "/pathPart";
    if (op.op != "replace") {
      if (known) op_not_supported_for_path(op);
      invalid_path_for_op(op, "/parentId, /pathPart");
    }
    if (!known) invalid_path_for_op(op, "/parentId, /pathPart");
    json& r = api.resources[id];
    if (!r.contains("parentId"))
      throw bad_request(op.path == "/pathPart" ? "Root resource cannot update its pathPart."
                                               : "Root resource cannot update its parentId.");
    if (op.path == "/pathPart") {
      const std::string part = patch_string(op);
      validate_path_part(part);
      check_placement(api, r["parentId"].get<std::string>(), part, id);
      r["pathPart"] = part;
    } else {
      const std::string parent = patch_string(op);
      if (!api.resources.contains(parent)) throw not_found("Invalid Resource identifier specified");
      // The new parent may not be the resource itself or one of its descendants.
      for (std::string cur = parent;;) {
        if (cur == id) throw bad_request("Resources cannot be cyclical.");
        const json& c = api.resources.at(cur);
        if (!c.contains("parentId")) break;
        cur = c["parentId"].get<std::string>();
      }
      check_placement(api, parent, r.value("pathPart", ""), id);
      r["parentId"] = parent;
    }
  }
  save(call, api);
  stored = std::move(api);
  return {200, resource_shape(stored, stored.resources[id], false)};
}

Reply delete_resource(Call& call) {
  RestApi& api = find_rest_api(call, Missing::kResource);
  const std::string id = call.param("resource_id");
  const json& r = find_resource(api, id);
  if (!r.contains("parentId")) throw bad_request("Cannot delete root resource");
  std::vector<std::string> doomed{id};
  for (size_t i = 0; i < doomed.size(); ++i)
    for (auto& kid : children_of(api, doomed[i])) doomed.push_back(kid);
  for (const auto& d : doomed) api.resources.erase(d);
  save(call, api);
  return {202, json()};
}

}  // namespace bunker::apigateway
