// REST API / HTTP API records -> OpenAPI 2.0 or 3.0 (GetExport, ExportApi).
#include <functional>
#include <set>

#include "apigateway/json_fields.h"
#include "apigateway/openapi.h"
#include "bunker/core/clock.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

// API Gateway's model URLs back to local references.
json local_refs(const json& v, const std::string& prefix) {
  if (v.is_object()) {
    json out = json::object();
    for (const auto& [k, x] : v.items()) {
      if (k == "$ref" && x.is_string()) {
        std::string ref = x.get<std::string>();
        auto pos = ref.find("/models/");
        out[k] = pos != std::string::npos ? prefix + ref.substr(pos + 8) : ref;
      } else {
        out[k] = local_refs(x, prefix);
      }
    }
    return out;
  }
  if (v.is_array()) {
    json out = json::array();
    for (const auto& x : v) out.push_back(local_refs(x, prefix));
    return out;
  }
  return v;
}

json integration_extension(const json& in) {
  json ext = json::object();
  ext["type"] = to_lower(in.value("type", "MOCK"));
  if (in.contains("httpMethod")) ext["httpMethod"] = in["httpMethod"];
  if (in.contains("uri")) ext["uri"] = in["uri"];
  for (const char* k : {"credentials", "requestParameters", "requestTemplates", "connectionType", "connectionId",
                        "cacheNamespace", "cacheKeyParameters", "timeoutInMillis"})
    if (in.contains(k)) ext[k] = in[k];
  ext["passthroughBehavior"] = to_lower(in.value("passthroughBehavior", "WHEN_NO_MATCH"));
  if (in.contains("contentHandling")) ext["contentHandling"] = in["contentHandling"];
  if (in.contains("integrationResponses")) {
    json responses = json::object();
    for (const auto& [code, r] : in["integrationResponses"].items()) {
      json out = {{"statusCode", code}};
      for (const char* k : {"responseParameters", "responseTemplates", "contentHandling"})
        if (r.contains(k)) out[k] = r[k];
      const std::string pattern = r.value("selectionPattern", "");
      responses[pattern.empty() ? "default" : pattern] = out;
    }
    ext["responses"] = responses;
  }
  return ext;
}

std::string path_of(const json& resources, const std::string& id) {
  std::vector<std::string> parts;
  std::string cur = id;
  for (int guard = 0; guard < 1000 && resources.contains(cur); ++guard) {
    const json& r = resources[cur];
    if (!r.contains("parentId")) break;
    parts.push_back(r.value("pathPart", ""));
    cur = r["parentId"].get<std::string>();
  }
  std::string path;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) path += "/" + *it;
  return path.empty() ? "/" : path;
}

}  // namespace

json export_openapi(const RestApi& api, const json& snapshot, const std::string& stage, const std::string& export_type,
                    bool with_extensions, bool with_authorizers) {
  const bool oas3 = export_type == "oas30";
  const std::string ref_prefix = oas3 ? "#/components/schemas/" : "#/definitions/";
  const json& a = snapshot.value("api", api.api);
  json doc = json::object();
  json info = {{"version", iso8601_seconds(a.value("createdDate", 0LL) * 1000)}, {"title", a.value("name", "")}};
  if (a.contains("description")) info["description"] = a["description"];
  const std::string host = api.id() + ".execute-api." + api.region + ".amazonaws.com";
  if (oas3) {
    doc["openapi"] = "3.0.1";
    doc["info"] = info;
    doc["servers"] = json::array({{{"url", "https://" + host + "/{basePath}"},
                                   {"variables", {{"basePath", {{"default", stage}}}}}}});
  } else {
    doc["swagger"] = "2.0";
    doc["info"] = info;
    doc["host"] = host;
    doc["basePath"] = "/" + stage;
    doc["schemes"] = json::array({"https"});
  }
  const json resources = snapshot.value("resources", json::object());
  const json authorizers = snapshot.value("authorizers", json::object());
  json paths = json::object();
  std::set<std::string> used_authorizers;
  bool uses_api_key = false;
  for (const auto& [id, r] : resources.items()) {
    auto methods = r.find("resourceMethods");
    if (methods == r.end() || methods->empty()) continue;
    json item = json::object();
    for (const auto& [name, m] : methods->items()) {
      json op = json::object();
      if (m.contains("operationName")) op["operationId"] = m["operationName"];
      json params = json::array();
      for (const auto& [k, req] : object_member(m, "requestParameters").items()) {
        std::string_view key = k;
        std::string in;
        if (key.starts_with("method.request.path.")) in = "path";
        else if (key.starts_with("method.request.querystring.")) in = "query";
        else if (key.starts_with("method.request.header.")) in = "header";
        else continue;
        const std::string pname(key.substr(key.rfind('.') + 1));
        json p = {{"name", pname}, {"in", in}, {"required", in == "path" ? true : req.get<bool>()}};
        if (oas3) p["schema"] = {{"type", "string"}};
        else p["type"] = "string";
        params.push_back(p);
      }
      if (m.contains("requestModels")) {
        for (const auto& [ct, model] : m["requestModels"].items()) {
          if (oas3) {
            op["requestBody"]["content"][ct] = {{"schema", {{"$ref", ref_prefix + model.get<std::string>()}}}};
            op["requestBody"]["required"] = true;
          } else {
            params.push_back({{"in", "body"}, {"name", model}, {"required", true},
                              {"schema", {{"$ref", ref_prefix + model.get<std::string>()}}}});
          }
        }
      }
      if (!params.empty()) op["parameters"] = params;
      json responses = json::object();
      for (const auto& [code, mr] : object_member(m, "methodResponses").items()) {
        json resp = {{"description", code + " response"}};
        for (const auto& [h, _] : object_member(mr, "responseParameters").items()) {
          const std::string header = h.substr(h.rfind('.') + 1);
          resp["headers"][header] = oas3 ? json{{"schema", {{"type", "string"}}}} : json{{"type", "string"}};
        }
        for (const auto& [ct, model] : object_member(mr, "responseModels").items()) {
          json schema = {{"$ref", ref_prefix + model.get<std::string>()}};
          if (oas3) resp["content"][ct] = {{"schema", schema}};
          else resp["schema"] = schema;
        }
        responses[code] = resp;
      }
      op["responses"] = responses;
      const std::string auth = to_upper(m.value("authorizationType", "NONE"));
      if ((auth == "CUSTOM" || auth == "COGNITO_USER_POOLS") && authorizers.contains(m.value("authorizerId", ""))) {
        const std::string aname = authorizers[m["authorizerId"].get<std::string>()].value("name", "");
        op["security"] = json::array({{{aname, m.value("authorizationScopes", json::array())}}});
        used_authorizers.insert(m["authorizerId"].get<std::string>());
      } else if (auth == "AWS_IAM") {
        op["security"] = json::array({{{"sigv4", json::array()}}});
      }
      if (m.value("apiKeyRequired", false)) {
        op["security"].push_back({{"api_key", json::array()}});
        uses_api_key = true;
      }
      if (with_extensions && m.contains("methodIntegration"))
        op["x-amazon-apigateway-integration"] = integration_extension(m["methodIntegration"]);
      item[name == "ANY" ? "x-amazon-apigateway-any-method" : to_lower(name)] = op;
    }
    paths[path_of(resources, id)] = item;
  }
  doc["paths"] = paths;

  json schemes = json::object();
  for (const auto& id : used_authorizers) {
    const json& au = authorizers[id];
    json scheme = {{"type", "apiKey"}, {"name", "Authorization"}, {"in", "header"}};
    const std::string source = au.value("identitySource", "");
    if (source.starts_with("method.request.header.")) scheme["name"] = source.substr(22);
    scheme["x-amazon-apigateway-authtype"] = au.value("authType", to_lower(au.value("type", "")) == "cognito_user_pools"
                                                                       ? "cognito_user_pools" : "custom");
    if (with_authorizers) {
      json ext = {{"type", to_lower(au.value("type", "TOKEN"))}};
      for (const char* k : {"authorizerUri", "authorizerCredentials", "authorizerResultTtlInSeconds",
                            "identityValidationExpression", "providerARNs"})
        if (au.contains(k)) ext[k] = au[k];
      if (au.value("type", "") == "REQUEST") ext["identitySource"] = source;
      scheme["x-amazon-apigateway-authorizer"] = ext;
    }
    schemes[au.value("name", id)] = scheme;
  }
  if (uses_api_key) schemes["api_key"] = {{"type", "apiKey"}, {"name", "x-api-key"}, {"in", "header"}};

  json models = json::object();
  for (const auto& [name, m] : object_member(snapshot, "models").items()) {
    auto schema = json::parse(m.value("schema", "{}"), nullptr, false);
    if (schema.is_discarded()) continue;
    schema.erase("$schema");
    models[name] = local_refs(schema, ref_prefix);
  }
  if (oas3) {
    json components = json::object();
    if (!models.empty()) components["schemas"] = models;
    if (!schemes.empty()) components["securitySchemes"] = schemes;
    if (!components.empty()) doc["components"] = components;
  } else {
    if (!models.empty()) doc["definitions"] = models;
    if (!schemes.empty()) doc["securityDefinitions"] = schemes;
  }
  if (with_extensions) {
    if (a.contains("binaryMediaTypes")) doc["x-amazon-apigateway-binary-media-types"] = a["binaryMediaTypes"];
    if (a.value("apiKeySource", "HEADER") != "HEADER") doc["x-amazon-apigateway-api-key-source"] = a["apiKeySource"];
    const json validators = snapshot.value("validators", json::object());
    if (!validators.empty()) {
      json v = json::object();
      for (const auto& [id, val] : validators.items())
        v[val.value("name", id)] = {{"validateRequestBody", val.value("validateRequestBody", false)},
                                    {"validateRequestParameters", val.value("validateRequestParameters", false)}};
      doc["x-amazon-apigateway-request-validators"] = v;
    }
    const json gateway = snapshot.value("gatewayResponses", json::object());
    if (!gateway.empty()) {
      json g = json::object();
      for (const auto& [type, r] : gateway.items()) {
        json out = json::object();
        for (const char* k : {"statusCode", "responseParameters", "responseTemplates"})
          if (r.contains(k)) out[k] = r[k];
        g[type] = out;
      }
      doc["x-amazon-apigateway-gateway-responses"] = g;
    }
  }
  return doc;
}

json export_http_openapi(const HttpApi& api, bool with_extensions) {
  json doc = {{"openapi", "3.0.1"},
              {"info", {{"title", api.api.value("name", "")}, {"version", api.api.value("version", api.api.value("createdDate", ""))}}}};
  if (api.api.contains("description")) doc["info"]["description"] = api.api["description"];
  json paths = json::object();
  for (const auto& [id, r] : api.routes.items()) {
    const std::string key = r.value("routeKey", "");
    std::string method = "x-amazon-apigateway-any-method";
    std::string path = "$default";
    if (key != "$default") {
      auto sp = key.find(' ');
      method = key.substr(0, sp) == "ANY" ? method : to_lower(key.substr(0, sp));
      path = key.substr(sp + 1);
    }
    json op = {{"responses", {{"default", {{"description", "Default response for " + key}}}}}};
    const std::string target = r.value("target", "");
    if (with_extensions && target.starts_with("integrations/") && api.integrations.contains(target.substr(13))) {
      const json& in = api.integrations[target.substr(13)];
      json ext = {{"type", to_lower(in.value("integrationType", ""))},
                  {"payloadFormatVersion", in.value("payloadFormatVersion", "1.0")},
                  {"connectionType", in.value("connectionType", "INTERNET")}};
      if (in.contains("integrationUri")) ext["uri"] = in["integrationUri"];
      if (in.contains("integrationMethod")) ext["httpMethod"] = in["integrationMethod"];
      if (in.contains("timeoutInMillis")) ext["timeoutInMillis"] = in["timeoutInMillis"];
      op["x-amazon-apigateway-integration"] = ext;
    }
    paths[path][method] = op;
  }
  doc["paths"] = paths;
  if (with_extensions && api.api.contains("corsConfiguration")) doc["x-amazon-apigateway-cors"] = api.api["corsConfiguration"];
  return doc;
}

}  // namespace bunker::apigateway
