#include "apigateway/invoke/proxy_events.h"

#include <array>

#include "apigateway/invoke/json_writer.h"
#include "apigateway/invoke/proxy_response_scan.h"
#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

std::string_view port_of(const Invocation& inv) {
  std::string_view host = inv.http.headers.get_or("Host", "");
  auto colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']') == std::string_view::npos) return host.substr(colon + 1);
  return "80";
}

// forwarded_headers() as views of the invocation (no copies).
std::array<std::pair<std::string_view, std::string_view>, 4> forwarded_views(const Invocation& inv) {
  return {{{"X-Amzn-Trace-Id", inv.trace_id},
           {"X-Forwarded-For", inv.source_ip},
           {"X-Forwarded-Port", port_of(inv)},
           {"X-Forwarded-Proto", "http"}}};
}

// Values grouped by name, in the order names first appear (views of the request; one
// value, the usual case, needs no allocation).
struct Grouped {
  explicit Grouped(std::string_view n) : name(n) {}
  std::string_view name;
  std::string_view first;
  std::vector<std::string_view> more;
  bool empty = true;

  void add(std::string_view v) {
    if (empty) first = v, empty = false;
    else more.push_back(v);
  }
  std::string_view last() const { return more.empty() ? first : more.back(); }
};

// headers: last value per name (as sent); multiValueHeaders: every value. Names keep the
// case of their first occurrence; X-Forwarded-For gets the client address appended.
void write_v1_headers(const Invocation& inv, JsonWriter& w) {
  std::vector<Grouped> groups;
  groups.reserve(inv.http.headers.size() + 4);
  auto group_of = [&](std::string_view name) -> Grouped& {
    for (auto& g : groups)
      if (iequals(g.name, name)) return g;
    return groups.emplace_back(name);
  };
  for (const auto& [k, v] : inv.http.headers) group_of(k).add(v);
  std::string forwarded_for;
  for (const auto& [k, v] : forwarded_views(inv)) {
    Grouped& g = group_of(k);
    if (g.empty) {
      g.add(v);
    } else if (iequals(k, "X-Forwarded-For")) {
      // API Gateway appends the client address to an existing chain (one value remains).
      forwarded_for = std::string(g.last()) + ", " + std::string(v);
      g.first = forwarded_for;
      g.more.clear();
    }
  }
  w.key("headers").begin_object();
  for (const auto& g : groups) w.key(g.name).string(g.last());
  w.end_object();
  w.key("multiValueHeaders").begin_object();
  for (const auto& g : groups) {
    w.key(g.name).begin_array();
    w.string(g.first);
    for (auto v : g.more) w.string(v);
    w.end_array();
  }
  w.end_object();
}

void write_v1_query(const Invocation& inv, JsonWriter& w) {
  if (inv.query.empty()) {
    w.key("queryStringParameters").null();
    w.key("multiValueQueryStringParameters").null();
    return;
  }
  std::vector<Grouped> groups;
  for (const auto& [k, v] : inv.query) {
    Grouped* found = nullptr;
    for (auto& g : groups)
      if (g.name == k) found = &g;
    if (!found) found = &groups.emplace_back(k);
    found->add(v);
  }
  w.key("queryStringParameters").begin_object();
  for (const auto& g : groups) w.key(g.name).string(g.last());
  w.end_object();
  w.key("multiValueQueryStringParameters").begin_object();
  for (const auto& g : groups) {
    w.key(g.name).begin_array();
    w.string(g.first);
    for (auto v : g.more) w.string(v);
    w.end_array();
  }
  w.end_object();
}

// An object of pairs (the last value of a repeated name wins), or null when there are none.
void write_pairs_or_null(const ParamPairs& pairs, JsonWriter& w) {
  if (pairs.empty()) return w.null();
  w.begin_object();
  for (size_t i = 0; i < pairs.size(); ++i) {
    bool later = false;
    for (size_t j = i + 1; j < pairs.size() && !later; ++j) later = pairs[j].first == pairs[i].first;
    if (!later) w.key(pairs[i].first).string(pairs[i].second);
  }
  w.end_object();
}

void write_body(const Invocation& inv, bool binary, JsonWriter& w) {
  if (inv.body.empty()) return w.null();
  if (binary) return w.string(base64_encode(inv.body));
  w.string(inv.body);
}

// The v1.0 event (REST APIs; HTTP API payload 1.0 passes its route key).
std::string v1_event(const Invocation& inv, bool binary, std::string_view http_route_key) {
  std::string out;
  JsonWriter w(out, 2048 + inv.body.size() + inv.body.size() / 3);
  w.begin_object();
  if (!http_route_key.empty()) w.key("version").string("1.0");
  w.key("resource").string(inv.resource_path);
  w.key("path").string(inv.path);
  w.key("httpMethod").string(inv.method);
  write_v1_headers(inv, w);
  write_v1_query(inv, w);
  w.key("pathParameters");
  write_pairs_or_null(inv.path_params, w);
  w.key("stageVariables");
  write_pairs_or_null(inv.stage_variables, w);
  w.key("requestContext");
  inv.write_context(w, http_route_key);
  w.key("body");
  write_body(inv, binary, w);
  w.key("isBase64Encoded").boolean(binary);
  w.end_object();
  w.finish();
  return out;
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
  ParamPairs out;
  for (const auto& [k, v] : forwarded_views(inv)) out.emplace_back(std::string(k), std::string(v));
  return out;
}

std::string rest_proxy_event_text(const Invocation& inv, bool binary) { return v1_event(inv, binary, {}); }

std::string http_proxy_event_v1_text(const Invocation& inv, const std::string& route_key, bool binary) {
  return v1_event(inv, binary, route_key);
}

std::string http_proxy_event_v2_text(const Invocation& inv, const std::string& route_key, bool binary) {
  std::string out;
  JsonWriter w(out, 1536 + inv.body.size() + inv.body.size() / 3);
  w.begin_object();
  w.key("version").string("2.0");
  w.key("routeKey").string(route_key);
  w.key("rawPath").string(inv.full_path);
  w.key("rawQueryString").string(inv.raw_query);
  // Header names lowercased, repeats joined with ","; cookies go to their own list.
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string_view> cookies;
  auto add = [&](std::string name, std::string_view v, std::string_view joiner, bool only_new) {
    for (auto& [k, value] : headers)
      if (k == name) {
        if (!only_new) (value += joiner) += v;
        return;
      }
    headers.emplace_back(std::move(name), std::string(v));
  };
  for (const auto& [k, v] : inv.http.headers) {
    std::string name = to_lower(k);
    if (name == "cookie") {
      for (auto c : split(v, ';'))
        if (auto t = trim(c); !t.empty()) cookies.push_back(t);
      continue;
    }
    add(std::move(name), v, ",", false);
  }
  for (const auto& [k, v] : forwarded_views(inv)) {
    std::string name = to_lower(k);
    const bool chain = name == "x-forwarded-for";
    add(std::move(name), v, ", ", !chain);
  }
  if (!cookies.empty()) {
    w.key("cookies").begin_array();
    for (auto c : cookies) w.string(c);
    w.end_array();
  }
  w.key("headers").begin_object();
  for (const auto& [k, v] : headers) w.key(k).string(v);
  w.end_object();
  if (!inv.query.empty()) {
    std::vector<std::pair<std::string_view, std::string>> query;
    for (const auto& [k, v] : inv.query) {
      bool joined = false;
      for (auto& [qk, qv] : query)
        if (qk == k) {
          (qv += ',') += v;
          joined = true;
        }
      if (!joined) query.emplace_back(k, v);
    }
    w.key("queryStringParameters").begin_object();
    for (const auto& [k, v] : query) w.key(k).string(v);
    w.end_object();
  }
  w.key("requestContext").begin_object();
  w.key("accountId").string(inv.account);
  w.key("apiId").string(inv.api_id);
  if (!inv.authorizer.is_null()) w.key("authorizer").raw(inv.authorizer.dump());
  w.key("domainName").string(inv.domain_name);
  w.key("domainPrefix").string(inv.domain_prefix);
  w.key("http").begin_object();
  w.key("method").string(inv.method);
  w.key("path").string(inv.full_path);
  w.key("protocol").string("HTTP/1.1");
  w.key("sourceIp").string(inv.source_ip);
  w.key("userAgent").string(inv.user_agent);
  w.end_object();
  w.key("requestId").string(inv.request_id);
  w.key("routeKey").string(route_key);
  w.key("stage").string(inv.stage);
  w.key("time").string(inv.request_time());
  w.key("timeEpoch").number(inv.time_ms);
  w.end_object();
  if (!inv.body.empty()) {
    w.key("body");
    write_body(inv, binary, w);
  }
  if (!inv.path_params.empty()) {
    w.key("pathParameters");
    write_pairs_or_null(inv.path_params, w);
  }
  w.key("isBase64Encoded").boolean(binary);
  if (!inv.stage_variables.empty()) {
    w.key("stageVariables");
    write_pairs_or_null(inv.stage_variables, w);
  }
  w.end_object();
  w.finish();
  return out;
}

json rest_proxy_event(const Invocation& inv, bool binary) { return json::parse(rest_proxy_event_text(inv, binary)); }

json http_proxy_event_v2(const Invocation& inv, const std::string& route_key, bool binary) {
  return json::parse(http_proxy_event_v2_text(inv, route_key, binary));
}

json rest_authorizer_request_event(const Invocation& inv, const std::string& method_arn) {
  json e = json::parse(v1_event(inv, false, {}));
  e.erase("body");
  e.erase("isBase64Encoded");
  e["requestContext"].erase("authorizer");
  e["type"] = "REQUEST";
  e["methodArn"] = method_arn;
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

std::optional<ProxyResponse> parse_proxy_response_v1_document(const std::string& payload) {
  auto doc = json::parse(payload, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  // One pass over the members: each known one is found once, any other makes it malformed.
  json *status = nullptr, *single = nullptr, *multi = nullptr, *body = nullptr, *base64 = nullptr;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string& k = it.key();
    json* v = it->is_null() ? nullptr : &*it;
    if (k == "statusCode") status = v;
    else if (k == "headers") single = v;
    else if (k == "multiValueHeaders") multi = v;
    else if (k == "body") body = v;
    else if (k == "isBase64Encoded") base64 = v;
    else return std::nullopt;
  }
  ProxyResponse r;
  if (status) {
    auto s = status_of(*status);
    if (!s || *s < 100 || *s > 599) return std::nullopt;
    r.status = *s;
  }
  // multiValueHeaders first; a name also in headers gets that value appended.
  std::vector<std::pair<std::string, std::string>> headers;
  if (multi) {
    if (!multi->is_object()) return std::nullopt;
    for (const auto& [k, list] : multi->items()) {
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
  if (single) {
    if (!single->is_object()) return std::nullopt;
    for (const auto& [k, v] : single->items()) {
      if (v.is_null()) continue;
      auto t = header_text(v);
      if (!t) return std::nullopt;
      bool merged = false;
      for (auto& [name, value] : headers)
        if (iequals(name, k)) {
          value += ", " + *t;
          merged = true;
        }
      if (!merged) headers.emplace_back(k, std::move(*t));
    }
  }
  for (auto& [k, v] : headers) r.headers.add(k, v);
  if (body) {
    if (!body->is_string()) return std::nullopt;
    r.body = std::move(body->get_ref<std::string&>());
  }
  if (base64) {
    if (!base64->is_boolean()) return std::nullopt;
    r.base64 = base64->get<bool>();
  }
  return r;
}

std::optional<ProxyResponse> parse_proxy_response_v2_document(const std::string& payload) {
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

// The same contracts read from a quick scan of the text (proxy_response_scan.h), for the
// shapes functions nearly always answer with; what the scan declines, or a member whose
// form the document path handles alone, goes to the document path. Every answer here is
// the one the document path gives (the unit tests compare them).
namespace {

using Kind = ScannedValue::Kind;

// status_of() for a scanned value.
std::optional<int> scanned_status(const ScannedValue& v) {
  if (v.kind == Kind::kInteger) return static_cast<int>(v.integer);
  if (v.kind == Kind::kString) {
    long long n = 0;
    if (parse_int64(v.text, n)) return static_cast<int>(n);
  }
  return std::nullopt;
}

}  // namespace

std::optional<ProxyResponse> parse_proxy_response_v1(const std::string& payload) {
  auto scanned = scan_proxy_response(payload);
  if (!scanned) return parse_proxy_response_v1_document(payload);
  ScannedValue *status = nullptr, *single = nullptr, *body = nullptr, *base64 = nullptr;
  for (auto& [k, v] : *scanned) {
    ScannedValue* value = v.kind == Kind::kNull ? nullptr : &v;
    if (k == "statusCode") status = value;
    else if (k == "headers") single = value;
    else if (k == "multiValueHeaders") {
      if (value) return parse_proxy_response_v1_document(payload);
    } else if (k == "body") body = value;
    else if (k == "isBase64Encoded") base64 = value;
    else return std::nullopt;
  }
  ProxyResponse r;
  if (status) {
    auto s = scanned_status(*status);
    if (!s || *s < 100 || *s > 599) return std::nullopt;
    r.status = *s;
  }
  if (single) {
    if (single->kind != Kind::kStringObject) return std::nullopt;
    std::vector<std::pair<std::string, std::string>> headers;
    for (auto& [k, v] : single->members) {
      if (!v) continue;
      bool merged = false;
      for (auto& [name, value] : headers)
        if (iequals(name, k)) {
          value += ", " + *v;
          merged = true;
        }
      if (!merged) headers.emplace_back(k, std::move(*v));
    }
    for (auto& [k, v] : headers) r.headers.add(k, v);
  }
  if (body) {
    if (body->kind != Kind::kString) return std::nullopt;
    r.body = std::move(body->text);
  }
  if (base64) {
    if (base64->kind != Kind::kTrue && base64->kind != Kind::kFalse) return std::nullopt;
    r.base64 = base64->kind == Kind::kTrue;
  }
  return r;
}

std::optional<ProxyResponse> parse_proxy_response_v2(const std::string& payload) {
  auto scanned = scan_proxy_response(payload);
  if (!scanned) return parse_proxy_response_v2_document(payload);
  auto member = [&](std::string_view name) -> ScannedValue* {
    for (auto& [k, v] : *scanned)
      if (k == name) return &v;
    return nullptr;
  };
  ScannedValue* status = member("statusCode");
  if (!status) return parse_proxy_response_v2_document(payload);  // the shortcut
  ScannedValue* body = member("body");
  if (body && body->kind == Kind::kStringObject) return parse_proxy_response_v2_document(payload);
  ProxyResponse r;
  auto s = scanned_status(*status);
  if (!s || *s < 100 || *s > 599) return std::nullopt;
  r.status = *s;
  if (ScannedValue* headers = member("headers"); headers && headers->kind == Kind::kStringObject)
    for (auto& [k, v] : headers->members)
      if (v) r.headers.add(k, *v);
  // multiValueHeaders and cookies count only as an object of lists / a list, which the
  // scan does not take: as scanned, they add nothing.
  if (body) {
    switch (body->kind) {
      case Kind::kNull: break;
      case Kind::kString: r.body = std::move(body->text); break;
      case Kind::kInteger: r.body = std::to_string(body->integer); break;
      case Kind::kTrue: r.body = "true"; break;
      case Kind::kFalse: r.body = "false"; break;
      case Kind::kStringObject: break;  // sent to the document path above
    }
  }
  if (ScannedValue* base64 = member("isBase64Encoded");
      base64 && (base64->kind == Kind::kTrue || base64->kind == Kind::kFalse))
    r.base64 = base64->kind == Kind::kTrue;
  return r;
}

}  // namespace bunker::apigateway
