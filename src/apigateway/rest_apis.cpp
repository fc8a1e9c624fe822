// CreateRestApi, GetRestApi(s), UpdateRestApi, DeleteRestApi.
#include "apigateway/json_fields.h"
#include "apigateway/patch.h"
#include "apigateway/rest_apis.h"
#include "apigateway/rest_common.h"

namespace bunker::apigateway {
namespace {

constexpr long long kMaxCompression = 10485760;

// Validates endpointConfiguration as CreateRestApi does and fills its defaults.
json endpoint_configuration(const json& body, std::vector<std::string>& validation_errors) {
  json cfg = {{"types", json::array({"EDGE"})}};
  auto it = body.find("endpointConfiguration");
  if (it == body.end() || !it->is_object()) {
    cfg["ipAddressType"] = "ipv4";
    return cfg;
  }
  auto types = opt_string_list(*it, "types");
  auto ip = opt_string(*it, "ipAddressType");
  if (types) {
    for (const auto& t : *types) {
      if (t != "EDGE" && t != "REGIONAL" && t != "PRIVATE") {
        std::string list;
        for (size_t i = 0; i < types->size(); ++i) list += (i ? ", " : "") + (*types)[i];
        validation_errors.push_back("Value '[" + list +
                                    "]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy "
                                    "constraint: Member must satisfy constraint: [Member must satisfy enum value "
                                    "set: [PRIVATE, EDGE, REGIONAL]]");
        break;
      }
    }
  }
  if (ip && *ip != "ipv4" && *ip != "dualstack") {
    validation_errors.push_back("Value '" + *ip +
                                "' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy "
                                "constraint: Member must satisfy enum value set: [ipv4, dualstack]");
  }
  if (!validation_errors.empty()) return cfg;
  if (types) {
    if (types->empty()) throw bad_request("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.");
    if (types->size() > 1) throw bad_request("Cannot create an api with multiple Endpoint Types.");
    cfg["types"] = *types;
  }
  const bool is_private = cfg["types"][0] == "PRIVATE";
  if (ip) {
    if (is_private && *ip == "ipv4") throw bad_request("Only dualstack ipAddressType is supported for Private APIs.");
    cfg["ipAddressType"] = *ip;
  } else {
    cfg["ipAddressType"] = is_private ? "dualstack" : "ipv4";
  }
  if (auto ids = opt_string_list(*it, "vpcEndpointIds"); ids && !ids->empty()) cfg["vpcEndpointIds"] = *ids;
  return cfg;
}

long long compression_size(const json& v) {
  long long n = -1;
  if (v.is_number_integer()) n = v.get<long long>();
  if (n < 0 || n > kMaxCompression)
    throw bad_request("Invalid minimum compression size, must be between 0 and 10485760");
  return n;
}

json api_shape(const RestApi& api, bool with_tags) {
  json out = api.api;
  if (!with_tags) {
    auto it = out.find("tags");
    if (it != out.end() && it->empty()) out.erase(it);
  } else if (!out.contains("tags")) {
    out["tags"] = json::object();
  }
  return out;
}

}  // namespace

json default_models() {
  json models = json::object();
  models["Empty"] = {{"id", new_id(6)},
                     {"name", "Empty"},
                     {"description", "This is a default empty schema model"},
                     {"contentType", "application/json"},
                     {"schema",
                      "{\n  \"$schema\": \"http://json-schema.org/draft-04/schema#\",\n  \"title\" : \"Empty Schema\",\n"
                      "  \"type\" : \"object\"\n}"}};
  models["Error"] = {{"id", new_id(6)},
                     {"name", "Error"},
                     {"description", "This is a default error schema model"},
                     {"contentType", "application/json"},
                     {"schema",
                      "{\n  \"$schema\" : \"http://json-schema.org/draft-04/schema#\",\n  \"title\" : \"Error Schema\",\n"
                      "  \"type\" : \"object\",\n  \"properties\" : {\n    \"message\" : { \"type\" : \"string\" }\n  }\n}"}};
  return models;
}

RestApi new_rest_api(Call& call, const json& body) {
  std::vector<std::string> errors;
  json endpoint = endpoint_configuration(body, errors);
  throw_validation_errors(errors);

  RestApi api;
  api.account = call.account;
  api.region = call.region;
  api.created_order = creation_order();
  const std::string id = call.state.new_api_id();
  const std::string root = new_id(10);
  json& a = api.api;
  a["id"] = id;
  a["name"] = opt_string(body, "name").value_or("");
  if (auto d = opt_string(body, "description")) {
    if (d->empty()) throw bad_request("Description cannot be an empty string");
    a["description"] = *d;
  }
  a["createdDate"] = now_seconds();
  if (auto v = opt_string(body, "version")) a["version"] = *v;
  if (auto b = opt_string_list(body, "binaryMediaTypes"); b && !b->empty()) a["binaryMediaTypes"] = *b;
  if (body.contains("minimumCompressionSize") && !body["minimumCompressionSize"].is_null())
    a["minimumCompressionSize"] = compression_size(body["minimumCompressionSize"]);
  std::string key_source = opt_string(body, "apiKeySource").value_or("HEADER");
  if (key_source != "HEADER" && key_source != "AUTHORIZER")
    throw bad_request("Invalid API Key source specified. Valid options are HEADER,AUTHORIZER");
  a["apiKeySource"] = key_source;
  a["endpointConfiguration"] = endpoint;
  if (auto p = opt_string(body, "policy")) a["policy"] = *p;
  a["disableExecuteApiEndpoint"] = opt_bool(body, "disableExecuteApiEndpoint").value_or(false);
  a["rootResourceId"] = root;
  if (auto tags = opt_string_map(body, "tags", false); tags && !tags->empty()) a["tags"] = *tags;
  api.resources[root] = {{"id", root}};
  api.models = default_models();
  return api;
}

Reply create_rest_api(Call& call) {
  if (!call.body.contains("name") || !call.body["name"].is_string())
    throw bad_request("Invalid API name specified");
  RestApi api = new_rest_api(call, call.body);
  save(call, api);
  Reply r{201, api_shape(api, false)};
  call.state.rest_apis.emplace(api.id(), std::move(api));
  return r;
}

Reply get_rest_api(Call& call) { return {200, api_shape(find_rest_api(call), true)}; }

Reply get_rest_apis(Call& call) {
  json items = json::array();
  // Oldest first, as AWS lists them.
  std::vector<const RestApi*> apis;
  for (const auto& [id, api] : call.state.rest_apis)
    if (api.account == call.account && api.region == call.region) apis.push_back(&api);
  std::sort(apis.begin(), apis.end(),
            [](const RestApi* a, const RestApi* b) { return a->created_order < b->created_order; });
  for (const auto* api : apis) items.push_back(api_shape(*api, false));
  return {200, paginate(call, std::move(items))};
}

Reply update_rest_api(Call& call) {
  auto ops = parse_patch_operations(call.body, "updateRestApiInput");
  RestApi& stored = find_rest_api(call);
  RestApi api = stored;  // edit a copy: a failing op leaves the API unchanged
  json& a = api.api;
  for (const auto& op : ops) {
    const auto& s = op.segments;
    const std::string head = s.empty() ? "" : s[0];
    if (head == "binaryMediaTypes") {
      if (s.size() < 2) invalid_patch_path(op);
      const std::string type = rest_of_path(op, 1);
      json list = a.value("binaryMediaTypes", json::array());
      auto erase = [&](const std::string& t) {
        for (auto it = list.begin(); it != list.end(); ++it)
          if (*it == t) {
            list.erase(it);
            break;
          }
      };
      if (op.op == "add") {
        if (std::find(list.begin(), list.end(), type) == list.end()) list.push_back(type);
      } else if (op.op == "remove") {
        erase(type);
      } else if (op.op == "replace") {
        erase(type);
        if (op.value && std::find(list.begin(), list.end(), *op.value) == list.end()) list.push_back(*op.value);
      } else {
        unsupported_op(op, "add, remove, replace");
      }
      if (list.empty()) a.erase("binaryMediaTypes");
      else a["binaryMediaTypes"] = list;
      continue;
    }
    if (head == "endpointConfiguration" && s.size() >= 2) {
      json& cfg = a["endpointConfiguration"];
      if (s[1] == "ipAddressType") {
        if (op.op != "replace") unsupported_op(op, "replace");
        const std::string v = patch_string(op);
        if (v != "ipv4" && v != "dualstack") throw bad_request("ipAddressType must be either ipv4 or dualstack.");
        if (cfg["types"][0] == "PRIVATE" && v == "ipv4")
          throw bad_request("Only dualstack ipAddressType is supported for Private APIs.");
        cfg["ipAddressType"] = v;
        continue;
      }
      if (s[1] == "types") {
        if (op.op != "replace" && op.op != "add" && op.op != "remove")
          throw bad_request("Invalid patch operation specified. Must be 'add'|'remove'|'replace'");
        const std::string v = patch_string(op);
        if (v != "EDGE" && v != "REGIONAL" && v != "PRIVATE")
          throw bad_request("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE");
        cfg["types"] = json::array({v});
        if (v == "PRIVATE") cfg["ipAddressType"] = "dualstack";
        continue;
      }
      if (s[1] == "vpcEndpointIds") {
        json ids = cfg.value("vpcEndpointIds", json::array());
        if (op.op == "add" && op.value) ids.push_back(*op.value);
        if (op.op == "remove" && op.value) ids.erase(std::remove(ids.begin(), ids.end(), *op.value), ids.end());
        if (ids.empty()) cfg.erase("vpcEndpointIds");
        else cfg["vpcEndpointIds"] = ids;
        continue;
      }
      invalid_patch_path(op);
    }
    if (head == "minimumCompressionSize") {
      if (op.op != "replace") unsupported_op(op, "replace");
      if (!op.value || op.value->empty()) {
        a.erase("minimumCompressionSize");
        continue;
      }
      long long n = -1;
      try {
        size_t used = 0;
        n = std::stoll(*op.value, &used);
        if (used != op.value->size()) n = -1;
      } catch (...) {
      }
      a["minimumCompressionSize"] = compression_size(json(n));
      continue;
    }
    if (s.size() != 1) invalid_patch_path(op);
    if (head == "name" || head == "description" || head == "version" || head == "policy" ||
        head == "apiKeySource") {
      if (op.op == "remove" || (op.op == "replace" && !op.value)) {
        if (head == "name") throw bad_request("Invalid API name specified");
        a.erase(head);
      } else if (op.op == "replace" || op.op == "add") {
        if (head == "apiKeySource" && *op.value != "HEADER" && *op.value != "AUTHORIZER")
          throw bad_request("Invalid API Key source specified. Valid options are HEADER,AUTHORIZER");
        a[head] = *op.value;
      } else {
        unsupported_op(op, "replace");
      }
      continue;
    }
    if (head == "disableExecuteApiEndpoint") {
      if (op.op != "replace") unsupported_op(op, "replace");
      a[head] = patch_bool(op);
      continue;
    }
    invalid_patch_path(op);
  }
  save(call, api);
  stored = std::move(api);
  return {200, api_shape(stored, true)};
}

Reply delete_rest_api(Call& call) {
  RestApi& api = find_rest_api(call);
  const std::string id = api.id();
  auto batch = call.state.store().batch();
  batch.del(Table::kRestApis, id);
  batch.del_prefix(Table::kDeployments, id + "/");
  call.state.store().commit(batch);
  call.state.rest_apis.erase(id);
  call.state.touch();
  return {202, json()};
}

}  // namespace bunker::apigateway
