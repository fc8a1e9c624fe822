#include "apigateway/invoke/proxy_events.h"

#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

std::string port_of(const Invocation& inv) {
  std::string host(inv.http.headers.get_or("Host", ""));
  auto colon = host.rfind(':');
  if (colon != std::string::npos && host.find(']') == std::string::npos) return host.substr(colon + 1);
  return "80";
}

// headers: last value per name (as sent); multiValueHeaders: every value.
void v1_headers(const Invocation& inv, json& event) {
  json single = json::object();
  json multi = json::object();
  auto add = [&](const std::string& k, const std::string& v) {
    // Names keep the case of their first occurrence.
    std::string name = k;
    for (const auto& [existing, _] : multi.items())
      if (iequals(existing, k)) name = existing;
    single[name] = v;
    multi[name].push_back(v);
  };
  for (const auto& [k, v] : inv.http.headers) add(k, v);
  for (const auto& [k, v] : forwarded_headers(inv)) {
    if (iequals(k, "X-Forwarded-For") && inv.header(k)) {
      // API Gateway appends the client address to an existing chain.
      std::string name = k;
      for (const auto& [existing, _] : multi.items())
        if (iequals(existing, k)) name = existing;
      single[name] = single[name].get<std::string>() + ", " + v;
      multi[name] = json::array({single[name]});
      continue;
    }
    if (!inv.header(k)) add(k, v);
  }
  event["headers"] = single;
  event["multiValueHeaders"] = multi;
}

void v1_query(const Invocation& inv, json& event) {
  if (inv.query.empty()) {
    event["queryStringParameters"] = nullptr;
    event["multiValueQueryStringParameters"] = nullptr;
    return;
  }
  json single = json::object();
  json multi = json::object();
  for (const auto& [k, v] : inv.query) {
    single[k] = v;
    multi[k].push_back(v);
  }
  event["queryStringParameters"] = single;
  event["multiValueQueryStringParameters"] = multi;
}

json path_parameters(const Invocation& inv) {
  if (inv.path_params.empty()) return nullptr;
  json out = json::object();
  for (const auto& [k, v] : inv.path_params) out[k] = v;
  return out;
}

json stage_variables(const Invocation& inv) {
  if (inv.stage_variables.empty()) return nullptr;
  json out = json::object();
  for (const auto& [k, v] : inv.stage_variables) out[k] = v;
  return out;
}

json body_of(const Invocation& inv, bool binary) {
  if (inv.body.empty()) return nullptr;
  return binary ? base64_encode(inv.body) : inv.body;
}

json v1_request_context(const Invocation& inv) {
  json c = inv.context_variables();
  if (inv.authorizer.is_null()) c.erase("authorizer");
  return c;
}

// Header values of a proxy response: strings as they are, other scalars as text.
std::optional<std::string> header_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return std::nullopt;
}

std::optional<int> status_of(const json& v) {
  if (v.is_number_integer()) return v.get<int>();
  if (v.is_string()) {
    long long n = 0;
    if (parse_int64(v.get<std::string>(), n)) return static_cast<int>(n);
  }
  return std::nullopt;
}

}  // namespace

ParamPairs forwarded_headers(const Invocation& inv) {
  return {{"X-Amzn-Trace-Id", inv.trace_id},
          {"X-Forwarded-For", inv.source_ip},
          {"X-Forwarded-Port", port_of(inv)},
          {"X-Forwarded-Proto", "http"}};
}

json rest_proxy_event(const Invocation& inv, bool binary) {
  json e = json::object();
  e["resource"] = inv.resource_path;
  e["path"] = inv.path;
  e["httpMethod"] = inv.method;
  v1_headers(inv, e);
  v1_query(inv, e);
  e["pathParameters"] = path_parameters(inv);
  e["stageVariables"] = stage_variables(inv);
  e["requestContext"] = v1_request_context(inv);
  e["body"] = body_of(inv, binary);
  e["isBase64Encoded"] = binary;
  return e;
}

json http_proxy_event_v1(const Invocation& inv, const std::string& route_key, bool binary) {
  json e = rest_proxy_event(inv, binary);
  e["version"] = "1.0";
  json& c = e["requestContext"];
  c["resourceId"] = route_key;
  c["resourcePath"] = inv.resource_path;
  c.erase("deploymentId");
  return e;
}

json http_proxy_event_v2(const Invocation& inv, const std::string& route_key, bool binary) {
  json e = json::object();
  e["version"] = "2.0";
  e["routeKey"] = route_key;
  e["rawPath"] = inv.full_path;
  e["rawQueryString"] = inv.raw_query;
  json cookies = json::array();
  json headers = json::object();
  for (const auto& [k, v] : inv.http.headers) {
    const std::string name = to_lower(k);
    if (name == "cookie") {
      for (auto c : split(v, ';')) {
        auto t = trim(c);
        if (!t.empty()) cookies.push_back(std::string(t));
      }
      continue;
    }
    if (headers.contains(name)) headers[name] = headers[name].get<std::string>() + "," + v;
    else headers[name] = v;
  }
  for (const auto& [k, v] : forwarded_headers(inv)) {
    const std::string name = to_lower(k);
    if (name == "x-forwarded-for" && headers.contains(name)) headers[name] = headers[name].get<std::string>() + ", " + v;
    else if (!headers.contains(name)) headers[name] = v;
  }
  if (!cookies.empty()) e["cookies"] = cookies;
  e["headers"] = headers;
  if (!inv.query.empty()) {
    json q = json::object();
    for (const auto& [k, v] : inv.query) q[k] = q.contains(k) ? q[k].get<std::string>() + "," + v : v;
    e["queryStringParameters"] = q;
  }
  json c = {{"accountId", inv.account},
            {"apiId", inv.api_id},
            {"domainName", inv.domain_name},
            {"domainPrefix", inv.domain_prefix},
            {"http",
             {{"method", inv.method},
              {"path", inv.full_path},
              {"protocol", "HTTP/1.1"},
              {"sourceIp", inv.source_ip},
              {"userAgent", inv.user_agent}}},
            {"requestId", inv.request_id},
            {"routeKey", route_key},
            {"stage", inv.stage},
            {"time", inv.request_time()},
            {"timeEpoch", inv.time_ms}};
  if (!inv.authorizer.is_null()) c["authorizer"] = inv.authorizer;
  e["requestContext"] = c;
  if (!inv.body.empty()) e["body"] = binary ? base64_encode(inv.body) : inv.body;
  if (!inv.path_params.empty()) e["pathParameters"] = path_parameters(inv);
  e["isBase64Encoded"] = binary;
  if (!inv.stage_variables.empty()) e["stageVariables"] = stage_variables(inv);
  return e;
}

json rest_authorizer_request_event(const Invocation& inv, const std::string& method_arn) {
  json e = json::object();
  e["type"] = "REQUEST";
  e["methodArn"] = method_arn;
  e["resource"] = inv.resource_path;
  e["path"] = inv.path;
  e["httpMethod"] = inv.method;
  v1_headers(inv, e);
  v1_query(inv, e);
  e["pathParameters"] = path_parameters(inv);
  e["stageVariables"] = stage_variables(inv);
  json c = v1_request_context(inv);
  c.erase("authorizer");
  e["requestContext"] = c;
  return e;
}

json http_authorizer_event_v2(const Invocation& inv, const std::string& route_arn, const std::string& route_key,
                              const std::vector<std::string>& identity) {
  json e = http_proxy_event_v2(inv, route_key, false);
  e["type"] = "REQUEST";
  e["routeArn"] = route_arn;
  e["identitySource"] = identity;
  e.erase("body");
  e.erase("isBase64Encoded");
  e["requestContext"].erase("authorizer");
  return e;
}

std::optional<ProxyResponse> parse_proxy_response_v1(const std::string& payload) {
  auto doc = json::parse(payload, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  ProxyResponse r;
  for (const auto& [k, v] : doc.items()) {
    if (k != "statusCode" && k != "headers" && k != "multiValueHeaders" && k != "body" && k != "isBase64Encoded")
      return std::nullopt;
  }
  if (doc.contains("statusCode") && !doc["statusCode"].is_null()) {
    auto s = status_of(doc["statusCode"]);
    if (!s || *s < 100 || *s > 599) return std::nullopt;
    r.status = *s;
  }
  // multiValueHeaders first; a name also in headers gets that value appended.
  std::vector<std::pair<std::string, std::string>> headers;
  if (doc.contains("multiValueHeaders") && !doc["multiValueHeaders"].is_null()) {
    if (!doc["multiValueHeaders"].is_object()) return std::nullopt;
    for (const auto& [k, list] : doc["multiValueHeaders"].items()) {
      if (!list.is_array()) return std::nullopt;
      std::string joined;
      for (const auto& v : list) {
        auto t = header_text(v);
        if (!t) return std::nullopt;
        joined += (joined.empty() ? "" : ", ") + *t;
      }
      headers.emplace_back(k, joined);
    }
  }
  if (doc.contains("headers") && !doc["headers"].is_null()) {
    if (!doc["headers"].is_object()) return std::nullopt;
    for (const auto& [k, v] : doc["headers"].items()) {
      if (v.is_null()) continue;
      auto t = header_text(v);
      if (!t) return std::nullopt;
      bool merged = false;
      for (auto& [name, value] : headers)
        if (iequals(name, k)) {
          value += ", " + *t;
          merged = true;
        }
      if (!merged) headers.emplace_back(k, *t);
    }
  }
  for (auto& [k, v] : headers) r.headers.add(k, v);
  if (doc.contains("body") && !doc["body"].is_null()) {
    if (!doc["body"].is_string()) return std::nullopt;
    r.body = doc["body"].get<std::string>();
  }
  if (doc.contains("isBase64Encoded") && !doc["isBase64Encoded"].is_null()) {
    if (!doc["isBase64Encoded"].is_boolean()) return std::nullopt;
    r.base64 = doc["isBase64Encoded"].get<bool>();
  }
  return r;
}

std::optional<ProxyResponse> parse_proxy_response_v2(const std::string& payload) {
  auto doc = json::parse(payload, nullptr, false);
  if (doc.is_discarded()) return std::nullopt;
  ProxyResponse r;
  if (!doc.is_object() || !doc.contains("statusCode")) {
    // Shortcuts: any JSON without a statusCode is the body of a 200 JSON response.
    r.headers.add("Content-Type", "application/json");
    r.body = doc.is_string() ? doc.get<std::string>() : payload;
    return r;
  }
  auto s = status_of(doc["statusCode"]);
  if (!s || *s < 100 || *s > 599) return std::nullopt;
  r.status = *s;
  if (doc.contains("headers") && doc["headers"].is_object()) {
    for (const auto& [k, v] : doc["headers"].items()) {
      if (v.is_null()) continue;
      auto t = header_text(v);
      if (!t) return std::nullopt;
      r.headers.add(k, *t);
    }
  }
  if (doc.contains("multiValueHeaders") && doc["multiValueHeaders"].is_object()) {
    for (const auto& [k, list] : doc["multiValueHeaders"].items())
      if (list.is_array())
        for (const auto& v : list)
          if (auto t = header_text(v)) r.headers.add(k, *t);
  }
  if (doc.contains("cookies") && doc["cookies"].is_array())
    for (const auto& c : doc["cookies"])
      if (c.is_string()) r.headers.add("Set-Cookie", c.get<std::string>());
  if (doc.contains("body") && !doc["body"].is_null()) {
    if (doc["body"].is_string()) r.body = doc["body"].get<std::string>();
    else r.body = doc["body"].dump();
  }
  if (doc.contains("isBase64Encoded") && doc["isBase64Encoded"].is_boolean()) r.base64 = doc["isBase64Encoded"].get<bool>();
  return r;
}

}  // namespace bunker::apigateway
