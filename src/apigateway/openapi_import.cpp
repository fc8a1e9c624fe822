// OpenAPI 2.0 / 3.0 -> REST API and HTTP API records (ImportRestApi, PutRestApi,
// ImportApi, ReimportApi).
#include <functional>

#include "apigateway/errors.h"
#include "apigateway/json_fields.h"
#include "apigateway/openapi.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

const char* const kMethods[] = {"get", "put", "post", "delete", "patch", "head", "options",
                                "x-amazon-apigateway-any-method"};

std::string text_of(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

std::string model_name_of_ref(const std::string& ref) {
  auto slash = ref.rfind('/');
  return slash == std::string::npos ? ref : ref.substr(slash + 1);
}

// Rewrites local schema references to API Gateway's model URLs.
json rewrite_refs(const json& v, const std::string& api_id) {
  if (v.is_object()) {
    json out = json::object();
    for (const auto& [k, x] : v.items()) {
      if (k == "$ref" && x.is_string()) {
        const std::string ref = x.get<std::string>();
        if (ref.starts_with("#/definitions/") || ref.starts_with("#/components/schemas/"))
          out[k] = "https://apigateway.amazonaws.com/restapis/" + api_id + "/models/" + model_name_of_ref(ref);
        else out[k] = x;
      } else {
        out[k] = rewrite_refs(x, api_id);
      }
    }
    return out;
  }
  if (v.is_array()) {
    json out = json::array();
    for (const auto& x : v) out.push_back(rewrite_refs(x, api_id));
    return out;
  }
  return v;
}

// Follows a local "$ref" ("#/parameters/x", "#/components/parameters/x", …).
const json& deref(const json& doc, const json& v) {
  if (!v.is_object() || !v.contains("$ref") || !v["$ref"].is_string()) return v;
  const std::string ref = v["$ref"].get<std::string>();
  if (!ref.starts_with("#/")) return v;
  const json* cur = &doc;
  for (auto part : split(std::string_view(ref).substr(2), '/')) {
    std::string key(part);
    // JSON pointer escapes
    for (size_t p; (p = key.find("~1")) != std::string::npos;) key.replace(p, 2, "/");
    for (size_t p; (p = key.find("~0")) != std::string::npos;) key.replace(p, 2, "~");
    if (!cur->is_object() || !cur->contains(key)) return v;
    cur = &(*cur)[key];
  }
  return *cur;
}

json string_map(const json& v) {
  json out = json::object();
  if (!v.is_object()) return out;
  for (const auto& [k, x] : v.items()) out[k] = text_of(x);
  return out;
}

json integration_from(const json& ext, const std::string& resource_id) {
  json in = json::object();
  in["type"] = to_upper(text_of(ext.value("type", json("mock"))));
  const std::string type = in["type"];
  if (ext.contains("httpMethod")) in["httpMethod"] = to_upper(text_of(ext["httpMethod"]));
  if (ext.contains("uri")) in["uri"] = text_of(ext["uri"]);
  if (type == "HTTP" || type == "HTTP_PROXY") in["connectionType"] = text_of(ext.value("connectionType", json("INTERNET")));
  if (ext.contains("connectionId")) in["connectionId"] = text_of(ext["connectionId"]);
  if (ext.contains("credentials")) in["credentials"] = text_of(ext["credentials"]);
  if (ext.contains("requestParameters")) in["requestParameters"] = string_map(ext["requestParameters"]);
  if (ext.contains("requestTemplates")) in["requestTemplates"] = string_map(ext["requestTemplates"]);
  in["passthroughBehavior"] = to_upper(text_of(ext.value("passthroughBehavior", json("when_no_match"))));
  if (ext.contains("contentHandling")) in["contentHandling"] = to_upper(text_of(ext["contentHandling"]));
  in["timeoutInMillis"] = ext.value("timeoutInMillis", 29000);
  in["cacheNamespace"] = ext.contains("cacheNamespace") ? text_of(ext["cacheNamespace"]) : resource_id;
  in["cacheKeyParameters"] = ext.value("cacheKeyParameters", json::array());
  if (ext.contains("responses") && ext["responses"].is_object()) {
    json responses = json::object();
    for (const auto& [pattern, r] : ext["responses"].items()) {
      const std::string code = text_of(r.value("statusCode", json("200")));
      json ir = {{"statusCode", code}};
      if (pattern != "default") ir["selectionPattern"] = pattern;
      if (r.contains("responseParameters")) ir["responseParameters"] = string_map(r["responseParameters"]);
      if (r.contains("responseTemplates")) ir["responseTemplates"] = string_map(r["responseTemplates"]);
      if (r.contains("contentHandling")) ir["contentHandling"] = to_upper(text_of(r["contentHandling"]));
      responses[code] = ir;
    }
    in["integrationResponses"] = responses;
  }
  return in;
}

// The id of the resource for `path`, creating the missing ones.
std::string ensure_resource(RestApi& api, const std::string& path) {
  std::string current = api.api["rootResourceId"].get<std::string>();
  for (auto part : split(path, '/')) {
    if (part.empty()) continue;
    std::string found;
    for (const auto& [id, r] : api.resources.items())
      if (r.value("parentId", "") == current && r.value("pathPart", "") == part) found = id;
    if (found.empty()) {
      do found = new_id(6);
      while (api.resources.contains(found));
      api.resources[found] = {{"id", found}, {"parentId", current}, {"pathPart", std::string(part)}};
    }
    current = found;
  }
  return current;
}

struct Importer {
  RestApi& api;
  const json& doc;
  bool oas3;
  std::vector<std::string> warnings;
  std::map<std::string, std::string> authorizer_ids;  // scheme name -> authorizer id
  std::map<std::string, std::string> validator_ids;   // validator name -> id

  const json& schemes() const {
    static const json empty = json::object();
    if (oas3) {
      auto c = doc.find("components");
      if (c != doc.end() && c->contains("securitySchemes")) return (*c)["securitySchemes"];
      return empty;
    }
    auto it = doc.find("securityDefinitions");
    return it != doc.end() ? *it : empty;
  }

  void settings() {
    json& a = api.api;
    const json info = doc.value("info", json::object());
    if (info.contains("title")) a["name"] = text_of(info["title"]);
    if (info.contains("description")) a["description"] = text_of(info["description"]);
    if (info.contains("version")) a["version"] = text_of(info["version"]);
    if (auto b = doc.find("x-amazon-apigateway-binary-media-types"); b != doc.end() && b->is_array()) {
      json list = json::array();
      for (const auto& t : *b) list.push_back(text_of(t));
      if (!list.empty()) a["binaryMediaTypes"] = list;
    }
    if (auto s = doc.find("x-amazon-apigateway-api-key-source"); s != doc.end())
      a["apiKeySource"] = to_upper(text_of(*s));
    if (auto p = doc.find("x-amazon-apigateway-policy"); p != doc.end()) a["policy"] = text_of(*p);
    if (auto e = doc.find("x-amazon-apigateway-endpoint-configuration"); e != doc.end() && e->is_object()) {
      if (e->contains("disableExecuteApiEndpoint")) a["disableExecuteApiEndpoint"] = (*e)["disableExecuteApiEndpoint"];
      if (e->contains("vpcEndpointIds")) a["endpointConfiguration"]["vpcEndpointIds"] = (*e)["vpcEndpointIds"];
    }
    if (auto c = doc.find("x-amazon-apigateway-minimum-compression-size"); c != doc.end() && c->is_number_integer())
      a["minimumCompressionSize"] = *c;
  }

  void models() {
    const json* defs = nullptr;
    if (oas3) {
      auto c = doc.find("components");
      if (c != doc.end() && c->contains("schemas")) defs = &(*c)["schemas"];
    } else if (auto d = doc.find("definitions"); d != doc.end()) {
      defs = &*d;
    }
    if (!defs || !defs->is_object()) return;
    for (const auto& [name, schema] : defs->items()) {
      json m = {{"name", name}, {"contentType", "application/json"},
                {"schema", rewrite_refs(schema, api.id()).dump()}};
      m["id"] = api.models.contains(name) ? api.models[name]["id"] : json(new_id(6));
      if (schema.contains("description")) m["description"] = text_of(schema["description"]);
      api.models[name] = m;
    }
  }

  void authorizers() {
    for (const auto& [name, scheme] : schemes().items()) {
      auto ext = scheme.find("x-amazon-apigateway-authorizer");
      if (ext == scheme.end() || !ext->is_object()) continue;
      json a = {{"name", name}};
      const std::string type = to_upper(text_of(ext->value("type", json("token"))));
      a["type"] = type;
      if (scheme.contains("x-amazon-apigateway-authtype")) a["authType"] = text_of(scheme["x-amazon-apigateway-authtype"]);
      if (ext->contains("authorizerUri")) a["authorizerUri"] = text_of((*ext)["authorizerUri"]);
      if (ext->contains("authorizerCredentials")) a["authorizerCredentials"] = text_of((*ext)["authorizerCredentials"]);
      if (ext->contains("authorizerResultTtlInSeconds"))
        a["authorizerResultTtlInSeconds"] = (*ext)["authorizerResultTtlInSeconds"];
      if (ext->contains("identityValidationExpression"))
        a["identityValidationExpression"] = text_of((*ext)["identityValidationExpression"]);
      if (ext->contains("providerARNs")) a["providerARNs"] = (*ext)["providerARNs"];
      if (ext->contains("identitySource")) a["identitySource"] = text_of((*ext)["identitySource"]);
      else if (scheme.value("in", "") == "header") a["identitySource"] = "method.request.header." + scheme.value("name", "");
      std::string id;
      for (const auto& [aid, existing] : api.authorizers.items())
        if (existing.value("name", "") == name) id = aid;
      if (id.empty()) do id = new_id(6);
        while (api.authorizers.contains(id));
      a["id"] = id;
      api.authorizers[id] = a;
      authorizer_ids[name] = id;
    }
  }

  void validators() {
    auto v = doc.find("x-amazon-apigateway-request-validators");
    if (v == doc.end() || !v->is_object()) return;
    for (const auto& [name, cfg] : v->items()) {
      std::string id;
      for (const auto& [vid, existing] : api.validators.items())
        if (existing.value("name", "") == name) id = vid;
      if (id.empty()) id = new_id(6);
      api.validators[id] = {{"id", id},
                            {"name", name},
                            {"validateRequestBody", cfg.value("validateRequestBody", false)},
                            {"validateRequestParameters", cfg.value("validateRequestParameters", false)}};
      validator_ids[name] = id;
    }
  }

  void gateway_responses() {
    auto g = doc.find("x-amazon-apigateway-gateway-responses");
    if (g == doc.end() || !g->is_object()) return;
    for (const auto& [type, r] : g->items()) {
      json out = {{"responseType", type}, {"defaultResponse", false}};
      if (r.contains("statusCode")) out["statusCode"] = text_of(r["statusCode"]);
      out["responseParameters"] = string_map(r.value("responseParameters", json::object()));
      out["responseTemplates"] = string_map(r.value("responseTemplates", json::object()));
      api.gateway_responses[type] = out;
    }
  }

  // Authorization of an operation from its (or the document's) security requirements.
  void security(json& method, const json& requirements) {
    if (!requirements.is_array()) return;
    for (const auto& req : requirements) {
      if (!req.is_object()) continue;
      for (const auto& [name, scopes] : req.items()) {
        const json& scheme = schemes().value(name, json::object());
        if (authorizer_ids.contains(name)) {
          const json& a = api.authorizers[authorizer_ids[name]];
          method["authorizationType"] = a.value("type", "") == "COGNITO_USER_POOLS" ? "COGNITO_USER_POOLS" : "CUSTOM";
          method["authorizerId"] = authorizer_ids[name];
          if (scopes.is_array() && !scopes.empty()) method["authorizationScopes"] = scopes;
        } else if (to_lower(text_of(scheme.value("x-amazon-apigateway-authtype", json("")))) == "awssigv4") {
          method["authorizationType"] = "AWS_IAM";
        } else if (scheme.value("type", "") == "apiKey" && iequals(scheme.value("name", ""), "x-api-key")) {
          method["apiKeyRequired"] = true;
        }
      }
    }
  }

  void model_of(json& models, const std::string& content_type, const json& schema) {
    if (schema.is_object() && schema.contains("$ref") && schema["$ref"].is_string())
      models[content_type] = model_name_of_ref(schema["$ref"].get<std::string>());
  }

  json method_from(const std::string& http_method, const json& op, const json& path_params,
                   const std::string& resource_id) {
    json m = {{"httpMethod", http_method}, {"authorizationType", "NONE"}, {"apiKeyRequired", false}};
    if (op.contains("operationId")) m["operationName"] = text_of(op["operationId"]);
    json params = json::object();
    json models = json::object();
    auto add_param = [&](const json& raw) {
      const json& p = deref(doc, raw);
      const std::string in = p.value("in", "");
      const std::string name = p.value("name", "");
      const bool required = p.value("required", false);
      if (in == "path") params["method.request.path." + name] = true;
      else if (in == "query") params["method.request.querystring." + name] = required;
      else if (in == "header") params["method.request.header." + name] = required;
      else if (in == "body") model_of(models, "application/json", p.value("schema", json()));
    };
    for (const auto& p : path_params) add_param(p);
    for (const auto& p : op.value("parameters", json::array())) add_param(p);
    if (oas3 && op.contains("requestBody")) {
      const json& body = deref(doc, op["requestBody"]);
      for (const auto& [ct, media] : object_member(body, "content").items())
        model_of(models, ct, media.value("schema", json()));
    }
    if (!params.empty()) m["requestParameters"] = params;
    if (!models.empty()) m["requestModels"] = models;
    security(m, op.contains("security") ? op["security"] : doc.value("security", json::array()));
    const std::string validator =
        text_of(op.value("x-amazon-apigateway-request-validator", doc.value("x-amazon-apigateway-request-validator", json(""))));
    if (!validator.empty()) {
      if (validator_ids.contains(validator)) m["requestValidatorId"] = validator_ids[validator];
      else warnings.push_back("Invalid request validator " + validator);
    }
    json responses = json::object();
    for (const auto& [code, raw] : object_member(op, "responses").items()) {
      if (code.size() != 3 || !std::isdigit(static_cast<unsigned char>(code[0]))) continue;
      const json& r = deref(doc, raw);
      json mr = {{"statusCode", code}};
      json headers = json::object();
      for (const auto& [h, _] : object_member(r, "headers").items()) headers["method.response.header." + h] = false;
      if (!headers.empty()) mr["responseParameters"] = headers;
      json rmodels = json::object();
      if (oas3) {
        for (const auto& [ct, media] : object_member(r, "content").items())
          model_of(rmodels, ct, media.value("schema", json()));
      } else if (r.contains("schema")) {
        json produces = op.value("produces", doc.value("produces", json::array({"application/json"})));
        model_of(rmodels, produces.empty() ? "application/json" : text_of(produces[0]), r["schema"]);
      }
      if (!rmodels.empty()) mr["responseModels"] = rmodels;
      responses[code] = mr;
    }
    if (!responses.empty()) m["methodResponses"] = responses;
    if (auto ext = op.find("x-amazon-apigateway-integration"); ext != op.end() && ext->is_object())
      m["methodIntegration"] = integration_from(*ext, resource_id);
    return m;
  }

  std::string base_path(const ImportOptions& options) {
    if (options.basepath != "prepend") return "";
    std::string bp;
    if (oas3) {
      auto servers = doc.value("servers", json::array());
      if (!servers.empty()) {
        std::string url = text_of(servers[0].value("url", json("")));
        auto scheme = url.find("://");
        auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
        if (slash != std::string::npos) bp = url.substr(slash);
        // {basePath} server variables take their default.
        auto vars = servers[0].value("variables", json::object());
        for (const auto& [k, v] : vars.items()) {
          const std::string token = "{" + k + "}";
          if (auto p = bp.find(token); p != std::string::npos) bp.replace(p, token.size(), text_of(v.value("default", json(""))));
        }
      }
    } else {
      bp = text_of(doc.value("basePath", json("")));
    }
    while (bp.ends_with("/")) bp.pop_back();
    return bp;
  }

  void paths(const ImportOptions& options) {
    const std::string prefix = base_path(options);
    for (const auto& [path, item] : object_member(doc, "paths").items()) {
      if (!path.starts_with("/")) throw bad_request("Invalid path " + path + ": paths must start with '/'");
      const std::string resource_id = ensure_resource(api, prefix + path);
      json& resource = api.resources[resource_id];
      const json path_params = item.value("parameters", json::array());
      for (const char* name : kMethods) {
        auto op = item.find(name);
        if (op == item.end() || !op->is_object()) continue;
        const std::string http_method =
            std::string_view(name) == "x-amazon-apigateway-any-method" ? "ANY" : to_upper(name);
        resource["resourceMethods"][http_method] = method_from(http_method, *op, path_params, resource_id);
      }
    }
  }
};

}  // namespace

std::vector<std::string> import_openapi(RestApi& api, const json& doc, const ImportOptions& options) {
  if (!doc.is_object()) throw bad_request("Invalid OpenAPI input.");
  const bool swagger = doc.contains("swagger") && text_of(doc["swagger"]).starts_with("2");
  const bool oas3 = doc.contains("openapi") && text_of(doc["openapi"]).starts_with("3");
  if (!swagger && !oas3) throw bad_request("Invalid OpenAPI input: the document is neither Swagger 2.0 nor OpenAPI 3.0.");
  Importer im{api, doc, oas3, {}, {}, {}};
  im.settings();
  im.models();
  im.validators();
  im.authorizers();
  im.gateway_responses();
  im.paths(options);
  if (options.fail_on_warnings && !im.warnings.empty()) throw bad_request("Warnings found during import:\n\t" + im.warnings.front());
  return im.warnings;
}

void import_http_openapi(HttpApi& api, const json& doc) {
  if (!doc.is_object() || !doc.contains("openapi")) throw bad_request("Invalid OpenAPI input.");
  const json info = doc.value("info", json::object());
  if (info.contains("title")) api.api["name"] = text_of(info["title"]);
  if (info.contains("description")) api.api["description"] = text_of(info["description"]);
  if (info.contains("version")) api.api["version"] = text_of(info["version"]);
  if (auto c = doc.find("x-amazon-apigateway-cors"); c != doc.end() && c->is_object()) {
    json cors = json::object();
    for (const auto& [k, v] : c->items()) cors[k] = v;
    api.api["corsConfiguration"] = cors;
  }
  api.routes = json::object();
  api.integrations = json::object();
  for (const auto& [path, item] : object_member(doc, "paths").items()) {
    for (const char* name : kMethods) {
      auto op = item.find(name);
      if (op == item.end() || !op->is_object()) continue;
      const std::string method = std::string_view(name) == "x-amazon-apigateway-any-method" ? "ANY" : to_upper(name);
      std::string route_key = path == "$default" ? "$default" : method + " " + path;
      json route = {{"routeKey", route_key}, {"apiKeyRequired", false}, {"authorizationType", "NONE"}};
      if (auto ext = op->find("x-amazon-apigateway-integration"); ext != op->end() && ext->is_object()) {
        json in = {{"integrationType", to_upper(text_of(ext->value("type", json("aws_proxy"))))},
                   {"connectionType", text_of(ext->value("connectionType", json("INTERNET")))},
                   {"payloadFormatVersion", text_of(ext->value("payloadFormatVersion", json("1.0")))},
                   {"timeoutInMillis", ext->value("timeoutInMillis", 30000)}};
        if (ext->contains("uri")) in["integrationUri"] = text_of((*ext)["uri"]);
        if (ext->contains("httpMethod")) in["integrationMethod"] = to_upper(text_of((*ext)["httpMethod"]));
        std::string iid;
        do iid = new_id(7);
        while (api.integrations.contains(iid));
        in["integrationId"] = iid;
        api.integrations[iid] = in;
        route["target"] = "integrations/" + iid;
      }
      std::string rid;
      do rid = new_id(7);
      while (api.routes.contains(rid));
      route["routeId"] = rid;
      api.routes[rid] = route;
    }
  }
}

}  // namespace bunker::apigateway
