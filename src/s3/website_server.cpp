#include "s3/website_server.h"

#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "bunker/protocol/rest_xml.h"
#include "s3/cors_rules.h"
#include "s3/errors.h"
#include "s3/object_headers.h"

namespace bunker::s3 {
namespace {

std::string status_title(int status) {
  return std::to_string(status) + " " + std::string(http::status_reason(status));
}

std::string error_items(const AwsError& e) {
  std::string out = "<li>Code: " + xml_escape(e.code()) + "</li>\n<li>Message: " + xml_escape(e.message()) + "</li>\n";
  for (const auto& [k, v] : e.fields())
    if (k == "Key" || k == "BucketName") out += "<li>" + k + ": " + xml_escape(v) + "</li>\n";
  return out;
}

std::string error_html(const http::Request& req, const std::string& host_id, const AwsError& e,
                       const AwsError* error_document_failure) {
  std::string t = status_title(e.status());
  std::string html = "<html>\n<head><title>" + t + "</title></head>\n<body>\n<h1>" + t + "</h1>\n<ul>\n" +
                     error_items(e) + "<li>RequestId: " + req.request_id + "</li>\n<li>HostId: " + host_id +
                     "</li>\n</ul>\n";
  if (error_document_failure)
    html += "<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>\n<ul>\n" +
            error_items(*error_document_failure) + "</ul>\n";
  html += "<hr/>\n</body>\n</html>\n";
  return html;
}

http::Response html_error(const http::Request& req, const AwsError& e, const AwsError* doc_failure = nullptr) {
  http::Response r;
  r.status = e.status();
  protocol::add_s3_request_headers(req, r);
  for (const auto& [k, v] : e.headers()) r.headers.add(k, v);
  std::string body = error_html(req, std::string(r.headers.get_or("x-amz-id-2", "")), e, doc_failure);
  r.headers.add("Content-Type", "text/html; charset=utf-8");
  if (req.method == "HEAD") {
    r.head_length = body.size();
  } else {
    r.body = std::move(body);
  }
  return r;
}

http::Response redirect(const http::Request& req, int status, std::string location) {
  http::Response r;
  r.status = status;
  protocol::add_s3_request_headers(req, r);
  r.headers.add("Location", std::move(location));
  r.headers.add("Content-Length", "0");
  return r;
}

struct Site {
  std::string bucket;
  std::string key;          // decoded, without the leading '/'
  std::string path_prefix;  // "" for host form, "/_bunker/s3-website/<bucket>" for the path form
};

Site locate(const http::Request& req) {
  Site s;
  std::string_view path = req.path;
  if (req.host_label.empty() && path.starts_with(kWebsitePathPrefix)) {
    std::string_view rest = path.substr(kWebsitePathPrefix.size());
    auto slash = rest.find('/');
    s.bucket = uri_decode(rest.substr(0, slash));
    s.path_prefix = std::string(kWebsitePathPrefix) + std::string(rest.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  } else {
    s.bucket = req.host_label;
  }
  if (path.starts_with('/')) path.remove_prefix(1);
  s.key = uri_decode(path);
  return s;
}

std::string rule_location(const http::Request& req, const Site& site, const RoutingRule& rule, const std::string& key) {
  std::string new_key = key;
  if (rule.replace_key_with) {
    new_key = *rule.replace_key_with;
  } else if (rule.replace_key_prefix_with) {
    std::string prefix = rule.key_prefix_equals.value_or("");
    new_key = *rule.replace_key_prefix_with + key.substr(std::min(prefix.size(), key.size()));
  }
  std::string protocol = rule.protocol.empty() ? "http" : rule.protocol;
  if (rule.host_name.empty()) {
    std::string host(req.headers.get_or("host", "localhost"));
    return protocol + "://" + host + site.path_prefix + "/" + uri_encode(new_key, true);
  }
  return protocol + "://" + rule.host_name + "/" + uri_encode(new_key, true);
}

int redirect_code(const RoutingRule& rule) {
  long long code = 301;
  if (!rule.http_redirect_code.empty()) parse_int64(rule.http_redirect_code, code);
  return static_cast<int>(code);
}

// A routing rule whose condition holds for `key` and (when given) the error code.
const RoutingRule* match_rule(const WebsiteConfig& w, const std::string& key, int error_status) {
  for (const auto& r : w.routing_rules) {
    if (r.key_prefix_equals && !key.starts_with(*r.key_prefix_equals)) continue;
    if (r.http_error_code_equals) {
      if (error_status == 0 || *r.http_error_code_equals != std::to_string(error_status)) continue;
    } else if (error_status != 0) {
      continue;
    }
    return &r;
  }
  return nullptr;
}

http::Response serve(http::Request& req, Engine& engine) {
  Site site = locate(req);
  req.operation = "WebsiteGetObject";
  if (site.bucket.empty()) throw no_such_bucket(site.bucket);
  auto bucket = engine.buckets.find(site.bucket);
  if (!bucket) throw no_such_bucket(site.bucket);
  if (req.method == "OPTIONS") {
    req.operation = "PreflightRequest";
    auto origin = req.headers.get("origin");
    auto method = req.headers.get("access-control-request-method");
    if (bucket->cors && origin && method) {
      if (const CorsRule* rule = match_cors_rule(*bucket->cors, *origin, *method, {})) {
        http::Response r;
        protocol::add_s3_request_headers(req, r);
        add_cors_headers(*rule, *origin, r.headers);
        return r;
      }
    }
    throw AwsError(403, "CORSResponse", "CORS is not enabled for this bucket.");
  }
  if (req.method != "GET" && req.method != "HEAD")
    throw method_not_allowed(req.method, "OBJECT");
  if (!bucket->website)
    throw AwsError(404, "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration")
        .field("BucketName", site.bucket);
  const WebsiteConfig& w = *bucket->website;
  std::string host(req.headers.get_or("host", "localhost"));

  if (!w.redirect_all_host.empty()) {
    std::string protocol = w.redirect_all_protocol.empty() ? "http" : w.redirect_all_protocol;
    return redirect(req, 301, protocol + "://" + w.redirect_all_host + "/" + uri_encode(site.key, true));
  }
  if (const RoutingRule* rule = match_rule(w, site.key, 0))
    return redirect(req, redirect_code(*rule), rule_location(req, site, *rule, site.key));

  std::string key = site.key;
  if (key.empty() || key.ends_with('/')) key += w.index_suffix;

  auto serve_record = [&](const std::string& k) -> std::optional<http::Response> {
    ReadView view = engine.objects.read_view();
    auto rec = engine.objects.get(site.bucket, k, view.snapshot.get());
    if (!rec) return std::nullopt;
    if (!rec->website_redirect.empty()) {
      std::string loc = rec->website_redirect;
      if (loc.starts_with('/')) loc = site.path_prefix + loc;
      return redirect(req, 301, loc);
    }
    return object_response(engine, req, std::move(view), *rec);
  };

  if (auto res = serve_record(key)) {
    apply_cors(*bucket, req, *res);
    return std::move(*res);
  }
  // "folder" without its slash: redirect to the folder when it has an index document.
  if (!key.empty() && !key.ends_with('/') && engine.objects.get(site.bucket, key + "/" + w.index_suffix))
    return redirect(req, 302, site.path_prefix + "/" + uri_encode(key, true) + "/");

  AwsError not_found = no_such_key(key);
  if (const RoutingRule* rule = match_rule(w, site.key, 404))
    return redirect(req, redirect_code(*rule), rule_location(req, site, *rule, site.key));
  if (!w.error_key.empty()) {
    ReadView view = engine.objects.read_view();
    if (auto doc = engine.objects.get(site.bucket, w.error_key, view.snapshot.get())) {
      http::Request plain = {};
      plain.method = req.method;
      plain.request_id = req.request_id;
      http::Response r = object_response(engine, plain, std::move(view), *doc);
      r.status = 404;
      r.headers.remove("Content-Range");
      return r;
    }
    AwsError doc_failure = no_such_key(w.error_key);
    return html_error(req, not_found, &doc_failure);
  }
  throw not_found;
}

}  // namespace

boost::asio::awaitable<http::Response> serve_website(http::Request& request, Engine& engine) {
  try {
    co_return serve(request, engine);
  } catch (const AwsError& e) {
    co_return html_error(request, e);
  }
}

http::Response website_error_page(const http::Request& request, const AwsError& error) { return html_error(request, error); }

}  // namespace bunker::s3
