#include "s3/bucket_config.h"

#include <nlohmann/json.hpp>

#include "bunker/core/aws_error.h"

namespace bunker::s3 {
namespace {

using nlohmann::json;

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
std::optional<std::string> opt_str(const json& j, const char* name) {
  if (!j.contains(name) || j[name].is_null()) return std::nullopt;
  return j[name].get<std::string>();
}

}  // namespace

std::string encode(const BucketRecord& b) {
  json j = {{"name", b.name},         {"owner", b.owner_id},      {"account", b.account_id},
            {"region", b.region},     {"created", b.created_ms},  {"policy", b.policy},
            {"has_tags", b.has_tags}, {"tags", json::array()}};
  for (const auto& [k, v] : b.tags) j["tags"].push_back({k, v});
  if (b.cors) {
    json rules = json::array();
    for (const auto& r : *b.cors) {
      json jr = {{"id", r.id},           {"origins", r.allowed_origins}, {"methods", r.allowed_methods},
                 {"headers", r.allowed_headers}, {"expose", r.expose_headers}};
      if (r.max_age_seconds) jr["max_age"] = *r.max_age_seconds;
      rules.push_back(std::move(jr));
    }
    j["cors"] = std::move(rules);
  }
  if (b.website) {
    const auto& w = *b.website;
    json rules = json::array();
    for (const auto& r : w.routing_rules)
      rules.push_back({{"prefix", opt(r.key_prefix_equals)},
                       {"code", opt(r.http_error_code_equals)},
                       {"protocol", r.protocol},
                       {"host", r.host_name},
                       {"replace_prefix", opt(r.replace_key_prefix_with)},
                       {"replace_key", opt(r.replace_key_with)},
                       {"redirect_code", r.http_redirect_code}});
    j["website"] = {{"index", w.index_suffix},
                    {"error", w.error_key},
                    {"redirect_host", w.redirect_all_host},
                    {"redirect_protocol", w.redirect_all_protocol},
                    {"rules", std::move(rules)}};
  }
  if (!b.object_ownership.empty()) j["ownership"] = b.object_ownership;
  if (const auto& p = b.public_access_block)
    j["public_access_block"] = {p->block_public_acls, p->ignore_public_acls, p->block_public_policy,
                                p->restrict_public_buckets};
  if (!b.acl.empty()) {
    json grants = json::array();
    for (const auto& g : b.acl) grants.push_back({g.grantee_type, g.grantee, g.permission});
    j["acl"] = std::move(grants);
  }
  if (b.lifecycle) {
    j["lifecycle"] = render_lifecycle(*b.lifecycle);
    j["lifecycle_min_size"] = b.lifecycle->transition_default_minimum_object_size;
  }
  return j.dump();
}

std::optional<BucketRecord> decode_bucket(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  try {
    BucketRecord b;
    b.name = j.at("name").get<std::string>();
    b.owner_id = j.at("owner").get<std::string>();
    b.account_id = j.at("account").get<std::string>();
    b.region = j.at("region").get<std::string>();
    b.created_ms = j.at("created").get<int64_t>();
    b.policy = j.value("policy", "");
    b.has_tags = j.value("has_tags", false);
    for (const auto& t : j.value("tags", json::array())) b.tags.emplace_back(t[0].get<std::string>(), t[1].get<std::string>());
    if (j.contains("cors")) {
      std::vector<CorsRule> rules;
      for (const auto& jr : j["cors"]) {
        CorsRule r;
        r.id = jr.value("id", "");
        r.allowed_origins = jr.value("origins", std::vector<std::string>{});
        r.allowed_methods = jr.value("methods", std::vector<std::string>{});
        r.allowed_headers = jr.value("headers", std::vector<std::string>{});
        r.expose_headers = jr.value("expose", std::vector<std::string>{});
        if (jr.contains("max_age")) r.max_age_seconds = jr["max_age"].get<long long>();
        rules.push_back(std::move(r));
      }
      b.cors = std::move(rules);
    }
    if (j.contains("website")) {
      const json& jw = j["website"];
      WebsiteConfig w;
      w.index_suffix = jw.value("index", "");
      w.error_key = jw.value("error", "");
      w.redirect_all_host = jw.value("redirect_host", "");
      w.redirect_all_protocol = jw.value("redirect_protocol", "");
      for (const auto& jr : jw.value("rules", json::array())) {
        RoutingRule r;
        r.key_prefix_equals = opt_str(jr, "prefix");
        r.http_error_code_equals = opt_str(jr, "code");
        r.protocol = jr.value("protocol", "");
        r.host_name = jr.value("host", "");
        r.replace_key_prefix_with = opt_str(jr, "replace_prefix");
        r.replace_key_with = opt_str(jr, "replace_key");
        r.http_redirect_code = jr.value("redirect_code", "");
        w.routing_rules.push_back(std::move(r));
      }
      b.website = std::move(w);
    }
    b.object_ownership = j.value("ownership", "");
    if (j.contains("public_access_block")) {
      const json& p = j["public_access_block"];
      b.public_access_block = PublicAccessBlock{p.at(0).get<bool>(), p.at(1).get<bool>(), p.at(2).get<bool>(),
                                                p.at(3).get<bool>()};
    }
    for (const auto& g : j.value("acl", json::array()))
      b.acl.push_back(Grant{g.at(0).get<std::string>(), g.at(1).get<std::string>(), g.at(2).get<std::string>()});
    // Stored as the document GetBucketLifecycleConfiguration answers, which parses back to
    // the same rules (their ids included).
    if (j.contains("lifecycle")) {
      try {
        auto config = parse_lifecycle(j["lifecycle"].get<std::string>());
        config.transition_default_minimum_object_size = j.value("lifecycle_min_size", "all_storage_classes_128K");
        b.lifecycle = std::make_shared<const LifecycleConfiguration>(std::move(config));
      } catch (const AwsError&) {
        // Unreadable rules (never written so) are dropped rather than losing the bucket.
      }
    }
    return b;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace bunker::s3
