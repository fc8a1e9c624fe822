#include "s3/cors_rules.h"

#include <algorithm>

#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/errors.h"
#include "s3/xml_input.h"

namespace bunker::s3 {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ", ";
    out += i;
  }
  return out;
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view text, bool ci) {
  auto star = pattern.find('*');
  auto eq = [&](std::string_view a, std::string_view b) { return ci ? iequals(a, b) : a == b; };
  if (star == std::string_view::npos) return eq(pattern, text);
  std::string_view head = pattern.substr(0, star), tail = pattern.substr(star + 1);
  if (text.size() < head.size() + tail.size()) return false;
  return eq(text.substr(0, head.size()), head) && eq(text.substr(text.size() - tail.size()), tail);
}

const CorsRule* match_cors_rule(const std::vector<CorsRule>& rules, std::string_view origin, std::string_view method,
                                const std::vector<std::string>& request_headers) {
  for (const auto& rule : rules) {
    bool origin_ok = false;
    for (const auto& o : rule.allowed_origins) origin_ok = origin_ok || wildcard_match(o, origin, false);
    if (!origin_ok) continue;
    bool method_ok = false;
    for (const auto& m : rule.allowed_methods) method_ok = method_ok || m == method;
    if (!method_ok) continue;
    bool headers_ok = true;
    for (const auto& h : request_headers) {
      bool one = false;
      for (const auto& pattern : rule.allowed_headers) one = one || wildcard_match(pattern, h, true);
      if (!one) {
        headers_ok = false;
        break;
      }
    }
    if (headers_ok) return &rule;
  }
  return nullptr;
}

void add_cors_headers(const CorsRule& rule, std::string_view origin, http::Headers& out) {
  bool any_origin = false;
  for (const auto& o : rule.allowed_origins) any_origin = any_origin || o == "*";
  out.set("Access-Control-Allow-Origin", any_origin ? "*" : std::string(origin));
  out.set("Access-Control-Allow-Methods", join(rule.allowed_methods));
  if (!rule.expose_headers.empty()) out.set("Access-Control-Expose-Headers", join(rule.expose_headers));
  if (rule.max_age_seconds) out.set("Access-Control-Max-Age", std::to_string(*rule.max_age_seconds));
  if (!any_origin) out.set("Access-Control-Allow-Credentials", "true");
  out.set("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
}

void apply_cors(const BucketRecord& bucket, const http::Request& request, http::Response& response) {
  if (!bucket.cors) return;
  auto origin = request.headers.get("origin");
  if (!origin) return;
  if (const CorsRule* rule = match_cors_rule(*bucket.cors, *origin, request.method, {}))
    add_cors_headers(*rule, *origin, response.headers);
}

std::vector<CorsRule> parse_cors_xml(std::string_view xml) {
  XmlDocument doc(xml);
  auto root = doc.root("CORSConfiguration");
  std::vector<CorsRule> rules;
  for (auto r : root.children("CORSRule")) {
    CorsRule rule;
    rule.id = text_of(r, "ID");
    for (auto n : r.children("AllowedOrigin")) rule.allowed_origins.emplace_back(n.child_value());
    for (auto n : r.children("AllowedMethod")) {
      std::string m = n.child_value();
      if (m != "GET" && m != "PUT" && m != "HEAD" && m != "POST" && m != "DELETE")
        throw invalid_request("Found unsupported HTTP method in CORS config. Unsupported method is " + m);
      rule.allowed_methods.push_back(m);
    }
    for (auto n : r.children("AllowedHeader")) rule.allowed_headers.emplace_back(n.child_value());
    for (auto n : r.children("ExposeHeader")) rule.expose_headers.emplace_back(n.child_value());
    if (auto n = r.child("MaxAgeSeconds")) {
      long long v = 0;
      if (!parse_int64(trim(n.child_value()), v)) throw malformed_xml();
      rule.max_age_seconds = v;
    }
    if (rule.allowed_origins.empty() || rule.allowed_methods.empty()) throw malformed_xml();
    for (const auto& o : rule.allowed_origins)
      if (std::count(o.begin(), o.end(), '*') > 1)
        throw invalid_request("AllowedOrigin \"" + o + "\" can not have more than one wildcard.");
    for (const auto& h : rule.allowed_headers)
      if (std::count(h.begin(), h.end(), '*') > 1)
        throw invalid_request("AllowedHeader \"" + h + "\" can not have more than one wildcard.");
    rules.push_back(std::move(rule));
  }
  if (rules.empty() || rules.size() > 100) throw malformed_xml();
  return rules;
}

std::string cors_xml(const std::vector<CorsRule>& rules) {
  XmlWriter w;
  w.open("CORSConfiguration", "http://s3.amazonaws.com/doc/2006-03-01/");
  for (const auto& r : rules) {
    w.open("CORSRule");
    if (!r.id.empty()) w.element("ID", r.id);
    for (const auto& h : r.allowed_headers) w.element("AllowedHeader", h);
    for (const auto& m : r.allowed_methods) w.element("AllowedMethod", m);
    for (const auto& o : r.allowed_origins) w.element("AllowedOrigin", o);
    for (const auto& e : r.expose_headers) w.element("ExposeHeader", e);
    if (r.max_age_seconds) w.element("MaxAgeSeconds", std::to_string(*r.max_age_seconds));
    w.close();
  }
  return w.finish();
}

}  // namespace bunker::s3
