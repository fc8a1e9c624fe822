// Put/Get/DeleteBucketWebsite: the <WebsiteConfiguration> document. Serving it is
// website_server.cpp.
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/errors.h"
#include "s3/operations.h"
#include "s3/upload_body.h"
#include "s3/xml_input.h"

namespace bunker::s3 {
namespace {

std::optional<std::string> optional_text(const pugi::xml_node& n, const char* child) {
  auto c = n.child(child);
  if (!c) return std::nullopt;
  return std::string(c.child_value());
}

WebsiteConfig parse_website_xml(std::string_view xml) {
  XmlDocument doc(xml);
  auto root = doc.root("WebsiteConfiguration");
  WebsiteConfig w;
  auto redirect_all = root.child("RedirectAllRequestsTo");
  if (redirect_all) {
    w.redirect_all_host = text_of(redirect_all, "HostName");
    w.redirect_all_protocol = text_of(redirect_all, "Protocol");
    if (w.redirect_all_host.empty()) throw malformed_xml();
    if (root.child("IndexDocument") || root.child("ErrorDocument") || root.child("RoutingRules"))
      throw invalid_argument("RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.",
                             "RedirectAllRequestsTo", "not null");
  } else {
    auto index = root.child("IndexDocument");
    if (!index)
      throw invalid_argument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty",
                             "IndexDocument", "null");
    w.index_suffix = text_of(index, "Suffix");
    if (w.index_suffix.empty() || w.index_suffix.find('/') != std::string::npos)
      throw invalid_argument("The IndexDocument Suffix is not well formed", "IndexDocument", w.index_suffix);
    if (auto err = root.child("ErrorDocument")) w.error_key = text_of(err, "Key");
  }
  if (!w.redirect_all_protocol.empty() && w.redirect_all_protocol != "http" && w.redirect_all_protocol != "https")
    throw invalid_argument("Invalid protocol, protocol can be http or https. If not defined the protocol will be selected "
                           "automatically.", "RedirectAllRequestsTo", w.redirect_all_protocol);
  for (auto r : root.child("RoutingRules").children("RoutingRule")) {
    RoutingRule rule;
    auto cond = r.child("Condition");
    if (cond) {
      rule.key_prefix_equals = optional_text(cond, "KeyPrefixEquals");
      rule.http_error_code_equals = optional_text(cond, "HttpErrorCodeReturnedEquals");
    }
    auto red = r.child("Redirect");
    if (!red) throw malformed_xml();
    rule.protocol = text_of(red, "Protocol");
    rule.host_name = text_of(red, "HostName");
    rule.replace_key_prefix_with = optional_text(red, "ReplaceKeyPrefixWith");
    rule.replace_key_with = optional_text(red, "ReplaceKeyWith");
    rule.http_redirect_code = text_of(red, "HttpRedirectCode");
    if (rule.replace_key_prefix_with && rule.replace_key_with)
      throw invalid_request("You can only define ReplaceKeyPrefix or ReplaceKey but not both.");
    if (!rule.http_redirect_code.empty()) {
      long long code = 0;
      if (!parse_int64(rule.http_redirect_code, code) || code < 300 || code > 399)
        throw invalid_argument("The provided HTTP redirect code (" + rule.http_redirect_code +
                                   ") is not valid. Valid codes are 3XX except 300.",
                               "HttpRedirectCode", rule.http_redirect_code);
    }
    w.routing_rules.push_back(std::move(rule));
  }
  return w;
}

std::string website_xml(const WebsiteConfig& w) {
  XmlWriter x;
  x.open("WebsiteConfiguration", "http://s3.amazonaws.com/doc/2006-03-01/");
  if (!w.redirect_all_host.empty()) {
    x.open("RedirectAllRequestsTo").element("HostName", w.redirect_all_host);
    if (!w.redirect_all_protocol.empty()) x.element("Protocol", w.redirect_all_protocol);
    x.close();
  }
  if (!w.index_suffix.empty()) x.open("IndexDocument").element("Suffix", w.index_suffix).close();
  if (!w.error_key.empty()) x.open("ErrorDocument").element("Key", w.error_key).close();
  if (!w.routing_rules.empty()) {
    x.open("RoutingRules");
    for (const auto& r : w.routing_rules) {
      x.open("RoutingRule");
      if (r.key_prefix_equals || r.http_error_code_equals) {
        x.open("Condition");
        if (r.http_error_code_equals) x.element("HttpErrorCodeReturnedEquals", *r.http_error_code_equals);
        if (r.key_prefix_equals) x.element("KeyPrefixEquals", *r.key_prefix_equals);
        x.close();
      }
      x.open("Redirect");
      if (!r.host_name.empty()) x.element("HostName", r.host_name);
      if (!r.http_redirect_code.empty()) x.element("HttpRedirectCode", r.http_redirect_code);
      if (!r.protocol.empty()) x.element("Protocol", r.protocol);
      if (r.replace_key_prefix_with) x.element("ReplaceKeyPrefixWith", *r.replace_key_prefix_with);
      if (r.replace_key_with) x.element("ReplaceKeyWith", *r.replace_key_with);
      x.close().close();
    }
    x.close();
  }
  return x.finish();
}

}  // namespace

awaitable<http::Response> put_bucket_website(Call& call) {
  call.bucket_record();
  std::string body = co_await read_small_body(call);
  WebsiteConfig config = parse_website_xml(body);
  call.engine.buckets.update(call.bucket, [&](BucketRecord& b) { b.website = config; });
  co_return call.empty(200);
}

awaitable<http::Response> get_bucket_website(Call& call) {
  auto b = call.bucket_record();
  if (!b->website)
    throw AwsError(404, "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration")
        .field("BucketName", call.bucket);
  co_return call.xml(200, website_xml(*b->website));
}

awaitable<http::Response> delete_bucket_website(Call& call) {
  call.bucket_record();
  call.engine.buckets.update(call.bucket, [](BucketRecord& b) { b.website.reset(); });
  co_return call.empty(204);
}

}  // namespace bunker::s3
