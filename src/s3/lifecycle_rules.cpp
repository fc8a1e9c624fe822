#include "s3/lifecycle_rules.h"

#include <set>

#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/ids.h"
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/errors.h"
#include "s3/xml_input.h"

namespace bunker::s3 {
namespace {

constexpr int64_t kDayMs = 86'400'000;
// The schema allows 1,000 rules; more fails its validation (assumed: MalformedXML, as for
// any document the schema refuses).
constexpr size_t kMaxRules = 1000;

constexpr std::string_view kStorageClasses[] = {"GLACIER",      "STANDARD_IA", "ONEZONE_IA",
                                                "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR"};

size_t count(const pugi::xml_node& node, const char* name) {
  size_t n = 0;
  for (auto c : node.children(name)) {
    (void)c;
    ++n;
  }
  return n;
}

// An optional single child element: MalformedXML when it is repeated.
pugi::xml_node single(const pugi::xml_node& node, const char* name) {
  if (count(node, name) > 1) throw malformed_xml();
  return node.child(name);
}

int64_t integer(const pugi::xml_node& node) {
  long long v = 0;
  if (!parse_int64(trim(node.child_value()), v)) throw malformed_xml();
  return v;
}

// A lifecycle Date: ISO 8601 (a bare date is midnight), which must be midnight UTC.
int64_t midnight(const pugi::xml_node& node) {
  std::string text(trim(node.child_value()));
  auto ms = parse_iso8601(text.size() == 10 ? text + "T00:00:00Z" : text);
  if (!ms) throw malformed_xml();
  if (*ms % kDayMs != 0) throw invalid_argument("'Date' must be at midnight GMT");
  return *ms;
}

std::string date_text(int64_t ms) { return iso8601_millis(ms); }

void parse_tag(const pugi::xml_node& tag, Pairs& out) {
  if (!tag.child("Key")) throw malformed_xml();
  out.emplace_back(tag.child_value("Key"), tag.child_value("Value"));
}

LifecycleFilter parse_filter(const pugi::xml_node& f) {
  LifecycleFilter filter;
  size_t parts = count(f, "Prefix") + count(f, "Tag") + count(f, "ObjectSizeGreaterThan") +
                 count(f, "ObjectSizeLessThan") + count(f, "And");
  if (parts > 1) throw malformed_xml();  // more than one condition needs And
  if (auto p = f.child("Prefix")) {
    filter.form = LifecycleFilter::Form::kPrefix;
    filter.prefix = p.child_value();
  } else if (auto t = f.child("Tag")) {
    filter.form = LifecycleFilter::Form::kTag;
    parse_tag(t, filter.tags);
  } else if (auto g = f.child("ObjectSizeGreaterThan")) {
    filter.form = LifecycleFilter::Form::kSizeGreater;
    filter.size_greater_than = integer(g);
  } else if (auto l = f.child("ObjectSizeLessThan")) {
    filter.form = LifecycleFilter::Form::kSizeLess;
    filter.size_less_than = integer(l);
  } else if (auto a = f.child("And")) {
    filter.form = LifecycleFilter::Form::kAnd;
    filter.prefix = single(a, "Prefix").child_value();
    for (auto t : a.children("Tag")) parse_tag(t, filter.tags);
    if (auto g = single(a, "ObjectSizeGreaterThan")) filter.size_greater_than = integer(g);
    if (auto l = single(a, "ObjectSizeLessThan")) filter.size_less_than = integer(l);
  }
  if ((filter.size_greater_than && *filter.size_greater_than < 0) || (filter.size_less_than && *filter.size_less_than < 0))
    throw malformed_xml();
  return filter;
}

bool known_storage_class(std::string_view c) {
  for (auto k : kStorageClasses)
    if (k == c) return true;
  return false;
}

LifecycleRule parse_rule(const pugi::xml_node& r) {
  LifecycleRule rule;
  rule.id = single(r, "ID").child_value();
  if (rule.id.size() > 255) throw invalid_argument("ID length should not exceed allowed limit of 255");
  std::string status(trim(single(r, "Status").child_value()));
  if (status != "Enabled" && status != "Disabled") throw malformed_xml();
  rule.enabled = status == "Enabled";

  auto prefix = single(r, "Prefix");
  auto filter = single(r, "Filter");
  if (prefix && filter) throw malformed_xml();
  if (!prefix && !filter) throw malformed_xml();
  if (prefix) {
    rule.filter.form = LifecycleFilter::Form::kLegacyPrefix;
    rule.filter.prefix = prefix.child_value();
  } else {
    rule.filter = parse_filter(filter);
  }

  if (auto e = single(r, "Expiration")) {
    rule.has_expiration = true;
    auto days = single(e, "Days");
    auto date = single(e, "Date");
    auto marker = single(e, "ExpiredObjectDeleteMarker");
    if ((days ? 1 : 0) + (date ? 1 : 0) + (marker ? 1 : 0) != 1) throw malformed_xml();
    if (days) {
      rule.expiration_days = integer(days);
      if (*rule.expiration_days <= 0) throw invalid_argument("'Days' for Expiration action must be a positive integer");
    }
    if (date) {
      rule.expiration_date_ms = midnight(date);
      rule.expiration_date = date_text(rule.expiration_date_ms);
    }
    if (marker) {
      std::string v(trim(marker.child_value()));
      if (v != "true" && v != "false") throw malformed_xml();
      rule.expired_object_delete_marker = v == "true";
    }
  }
  std::set<std::string> transition_classes;
  for (auto t : r.children("Transition")) {
    LifecycleTransition tr;
    auto days = single(t, "Days");
    auto date = single(t, "Date");
    if ((days ? 1 : 0) + (date ? 1 : 0) != 1) throw malformed_xml();
    tr.storage_class = trim(single(t, "StorageClass").child_value());
    if (!known_storage_class(tr.storage_class)) throw malformed_xml();
    if (days) {
      tr.days = integer(days);
      if (*tr.days < 0) throw malformed_xml();  // assumed: the schema's non-negative days
      if ((tr.storage_class == "STANDARD_IA" || tr.storage_class == "ONEZONE_IA") && *tr.days < 30)
        throw invalid_argument("'Days' in Transition action must be greater than or equal to 30 for storageClass '" +
                               tr.storage_class + "'");
    }
    if (date) tr.date = date_text(midnight(date));
    if (!transition_classes.insert(tr.storage_class).second)
      throw invalid_argument("'StorageClass' must be different for 'Transition' actions in same 'Rule'");
    rule.transitions.push_back(std::move(tr));
  }
  for (auto t : r.children("NoncurrentVersionTransition")) {
    NoncurrentTransition tr;
    if (auto d = single(t, "NoncurrentDays")) tr.days = integer(d);
    tr.storage_class = trim(single(t, "StorageClass").child_value());
    if (!known_storage_class(tr.storage_class)) throw malformed_xml();
    if (auto n = single(t, "NewerNoncurrentVersions")) tr.newer_versions = integer(n);
    rule.noncurrent_transitions.push_back(std::move(tr));
  }
  if (auto n = single(r, "NoncurrentVersionExpiration")) {
    rule.has_noncurrent_expiration = true;
    if (auto d = single(n, "NoncurrentDays")) {
      rule.noncurrent_days = integer(d);
      if (*rule.noncurrent_days <= 0)
        throw invalid_argument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer");
    }
    if (auto v = single(n, "NewerNoncurrentVersions")) rule.newer_noncurrent_versions = integer(v);
  }
  if (auto a = single(r, "AbortIncompleteMultipartUpload")) {
    auto d = single(a, "DaysAfterInitiation");
    if (!d) throw malformed_xml();
    rule.abort_after_days = integer(d);
    if (*rule.abort_after_days <= 0)
      throw invalid_argument(
          "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer");
    // An upload has no tags or size yet, so only a prefix can select it.
    if (rule.has_tag_filter()) throw invalid_request("AbortIncompleteMultipartUpload cannot be specified with Tags.");
    if (rule.filter.size_greater_than || rule.filter.size_less_than)
      throw invalid_request("AbortIncompleteMultipartUpload cannot be specified with Object Size.");
  }
  if (!rule.has_expiration && rule.transitions.empty() && rule.noncurrent_transitions.empty() &&
      !rule.has_noncurrent_expiration && !rule.abort_after_days)
    throw invalid_request("At least one action needs to be specified in a rule");
  return rule;
}

void write_tag(XmlWriter& w, const std::pair<std::string, std::string>& tag) {
  w.open("Tag").element("Key", tag.first).element("Value", tag.second).close();
}

void write_filter(XmlWriter& w, const LifecycleFilter& f) {
  using Form = LifecycleFilter::Form;
  if (f.form == Form::kLegacyPrefix) {
    w.element("Prefix", f.prefix);
    return;
  }
  w.open("Filter");
  switch (f.form) {
    case Form::kPrefix: w.element("Prefix", f.prefix); break;
    case Form::kTag: write_tag(w, f.tags.front()); break;
    case Form::kSizeGreater: w.element("ObjectSizeGreaterThan", std::to_string(*f.size_greater_than)); break;
    case Form::kSizeLess: w.element("ObjectSizeLessThan", std::to_string(*f.size_less_than)); break;
    case Form::kAnd:
      w.open("And");
      if (!f.prefix.empty()) w.element("Prefix", f.prefix);
      for (const auto& t : f.tags) write_tag(w, t);
      if (f.size_greater_than) w.element("ObjectSizeGreaterThan", std::to_string(*f.size_greater_than));
      if (f.size_less_than) w.element("ObjectSizeLessThan", std::to_string(*f.size_less_than));
      w.close();
      break;
    default: break;
  }
  w.close();
}

}  // namespace

LifecycleConfiguration parse_lifecycle(std::string_view xml) {
  XmlDocument doc(xml);
  auto root = doc.root("LifecycleConfiguration");
  LifecycleConfiguration config;
  size_t n = count(root, "Rule");
  if (n == 0 || n > kMaxRules) throw malformed_xml();
  std::set<std::string> ids;
  for (auto r : root.children("Rule")) {
    LifecycleRule rule = parse_rule(r);
    if (rule.id.empty()) {
      // S3 names an unnamed rule itself; its ids are base64 of a random UUID.
      do rule.id = base64_encode(uuid4());
      while (ids.contains(rule.id));
    }
    if (!ids.insert(rule.id).second)
      throw invalid_argument("Rule ID must be unique. Found same ID for more than one rule");
    config.rules.push_back(std::move(rule));
  }
  return config;
}

std::string render_lifecycle(const LifecycleConfiguration& config) {
  XmlWriter w;
  w.open("LifecycleConfiguration", "http://s3.amazonaws.com/doc/2006-03-01/");
  for (const auto& r : config.rules) {
    w.open("Rule").element("ID", r.id);
    write_filter(w, r.filter);
    w.element("Status", r.enabled ? "Enabled" : "Disabled");
    if (r.has_expiration) {
      w.open("Expiration");
      if (r.expiration_days) w.element("Days", std::to_string(*r.expiration_days));
      if (!r.expiration_date.empty()) w.element("Date", r.expiration_date);
      if (r.expired_object_delete_marker)
        w.element("ExpiredObjectDeleteMarker", *r.expired_object_delete_marker ? "true" : "false");
      w.close();
    }
    for (const auto& t : r.transitions) {
      w.open("Transition");
      if (t.days) w.element("Days", std::to_string(*t.days));
      if (!t.date.empty()) w.element("Date", t.date);
      w.element("StorageClass", t.storage_class).close();
    }
    for (const auto& t : r.noncurrent_transitions) {
      w.open("NoncurrentVersionTransition");
      if (t.days) w.element("NoncurrentDays", std::to_string(*t.days));
      w.element("StorageClass", t.storage_class);
      if (t.newer_versions) w.element("NewerNoncurrentVersions", std::to_string(*t.newer_versions));
      w.close();
    }
    if (r.has_noncurrent_expiration) {
      w.open("NoncurrentVersionExpiration");
      if (r.noncurrent_days) w.element("NoncurrentDays", std::to_string(*r.noncurrent_days));
      if (r.newer_noncurrent_versions) w.element("NewerNoncurrentVersions", std::to_string(*r.newer_noncurrent_versions));
      w.close();
    }
    if (r.abort_after_days)
      w.open("AbortIncompleteMultipartUpload")
          .element("DaysAfterInitiation", std::to_string(*r.abort_after_days))
          .close();
    w.close();
  }
  return w.finish();
}

bool rule_applies(const LifecycleRule& rule, std::string_view key, uint64_t size, const Pairs& tags) {
  const auto& f = rule.filter;
  if (!key.starts_with(f.prefix)) return false;
  if (f.size_greater_than && !(static_cast<int64_t>(size) > *f.size_greater_than)) return false;
  if (f.size_less_than && !(static_cast<int64_t>(size) < *f.size_less_than)) return false;
  for (const auto& want : f.tags) {
    bool found = false;
    for (const auto& have : tags) found = found || have == want;
    if (!found) return false;
  }
  return true;
}

int64_t next_midnight_ms(int64_t ms) { return (ms / kDayMs + 1) * kDayMs; }

std::optional<int64_t> expiry_ms(const LifecycleRule& rule, int64_t created_ms) {
  if (!rule.enabled || !rule.has_expiration) return std::nullopt;
  if (rule.expiration_days) return next_midnight_ms(created_ms + *rule.expiration_days * kDayMs);
  if (!rule.expiration_date.empty()) return rule.expiration_date_ms;
  return std::nullopt;  // ExpiredObjectDeleteMarker: no delete markers without versioning
}

std::optional<int64_t> abort_ms(const LifecycleRule& rule, std::string_view key, int64_t initiated_ms) {
  if (!rule.enabled || !rule.abort_after_days || !key.starts_with(rule.filter.prefix)) return std::nullopt;
  return next_midnight_ms(initiated_ms + *rule.abort_after_days * kDayMs);
}

}  // namespace bunker::s3
