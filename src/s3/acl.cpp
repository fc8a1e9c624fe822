#include "s3/acl.h"

#include <algorithm>
#include <array>

#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/errors.h"
#include "s3/xml_input.h"

namespace bunker::s3 {
namespace {

constexpr std::string_view kCanonicalUser = "CanonicalUser";
constexpr std::string_view kGroup = "Group";
constexpr std::string_view kFullControl = "FULL_CONTROL";

struct GrantHeader {
  std::string_view name;
  std::string_view permission;
};
constexpr std::array<GrantHeader, 5> kGrantHeaders = {{{"x-amz-grant-full-control", "FULL_CONTROL"},
                                                       {"x-amz-grant-read", "READ"},
                                                       {"x-amz-grant-read-acp", "READ_ACP"},
                                                       {"x-amz-grant-write", "WRITE"},
                                                       {"x-amz-grant-write-acp", "WRITE_ACP"}}};

constexpr std::array<std::string_view, 5> kPermissions = {"FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"};

// The canned ACLs S3 documents; buckets take the first five (bucket-owner-read and
// bucket-owner-full-control are accepted and ignored on buckets, aws-exec-read is for objects).
constexpr std::array<std::string_view, 8> kCanned = {"private",           "public-read",        "public-read-write",
                                                     "authenticated-read", "log-delivery-write", "bucket-owner-read",
                                                     "bucket-owner-full-control", "aws-exec-read"};

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

bool known_group(std::string_view uri) { return uri == kAllUsers || uri == kAuthenticatedUsers || uri == kLogDelivery; }

void add_unique(Grants& grants, Grant g) {
  if (std::find(grants.begin(), grants.end(), g) == grants.end()) grants.push_back(std::move(g));
}

Grant user(std::string_view id, std::string_view permission) {
  return Grant{std::string(kCanonicalUser), std::string(id), std::string(permission)};
}
Grant group(std::string_view uri, std::string_view permission) {
  return Grant{std::string(kGroup), std::string(uri), std::string(permission)};
}

AwsError unresolvable_email(std::string_view email) {
  return AwsError(400, "UnresolvableGrantByEmailAddress",
                  "The e-mail address you provided does not match any account on record.")
      .field("EmailAddress", std::string(email));
}

// One x-amz-grant-* value: comma-separated grantees, each `id="…"`, `uri="…"` or
// `emailAddress="…"`.
void parse_grant_header(std::string_view header, std::string_view value, std::string_view permission, Grants& out) {
  for (auto item : split(value, ',')) {
    item = trim(item);
    if (item.empty()) continue;
    auto eq = item.find('=');
    if (eq == std::string_view::npos) throw invalid_argument("Invalid argument", header, value);
    std::string type = to_lower(trim(item.substr(0, eq)));
    auto v = trim(item.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    if (v.empty()) throw invalid_argument("Invalid argument", header, value);
    if (type == "id") {
      add_unique(out, user(v, permission));
    } else if (type == "uri") {
      if (!known_group(v)) throw invalid_argument("Invalid group uri", "uri", v);
      add_unique(out, group(v, permission));
    } else if (type == "emailaddress") {
      // Bunker has no accounts with e-mail addresses to resolve.
      throw unresolvable_email(v);
    } else {
      throw invalid_argument("Invalid argument", header, value);
    }
  }
}

}  // namespace

bool has_acl_headers(const http::Headers& headers) {
  for (const auto& [name, value] : headers)
    if (starts_with_nocase(name, "x-amz-acl") || starts_with_nocase(name, "x-amz-grant-")) return true;
  return false;
}

std::optional<RequestedAcl> acl_from_headers(const http::Headers& headers, bool bucket_acl) {
  if (!has_acl_headers(headers)) return std::nullopt;
  RequestedAcl acl;
  bool has_grants = false;
  for (const auto& h : kGrantHeaders) {
    if (auto v = headers.get(h.name)) {
      has_grants = true;
      parse_grant_header(h.name, *v, h.permission, acl.grants);
    }
  }
  auto canned = headers.get("x-amz-acl");
  if (canned && has_grants) throw invalid_request("Specifying both Canned ACLs and Header Grants is not allowed");
  if (canned) {
    auto known = std::find(kCanned.begin(), kCanned.end(), *canned) != kCanned.end();
    // aws-exec-read is an object ACL (Amazon EC2 reading AMI bundles).
    if (!known || (bucket_acl && *canned == "aws-exec-read")) throw invalid_argument("", "x-amz-acl", *canned);
    acl.canned = std::string(*canned);
  }
  if (!canned && !has_grants) return std::nullopt;
  return acl;
}

RequestedAcl acl_from_document(std::string_view xml) {
  auto malformed = [] {
    return AwsError(400, "MalformedACLError",
                    "The XML you provided was not well-formed or did not validate against our published schema");
  };
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8)) throw malformed();
  auto root = doc.document_element();
  if (std::string_view(root.name()) != "AccessControlPolicy") throw malformed();
  RequestedAcl acl;
  auto list = root.child("AccessControlList");
  for (auto g : list.children("Grant")) {
    auto grantee = g.child("Grantee");
    std::string_view permission = trim(std::string_view(g.child_value("Permission")));
    if (!grantee || std::find(kPermissions.begin(), kPermissions.end(), permission) == kPermissions.end())
      throw malformed();
    std::string_view type = grantee.attribute("xsi:type").value();
    if (type == kCanonicalUser) {
      std::string_view id = trim(std::string_view(grantee.child_value("ID")));
      if (id.empty()) throw malformed();
      add_unique(acl.grants, user(id, permission));
    } else if (type == kGroup) {
      std::string_view uri = trim(std::string_view(grantee.child_value("URI")));
      if (!known_group(uri)) throw invalid_argument("Invalid group uri", "uri", uri);
      add_unique(acl.grants, group(uri, permission));
    } else if (type == "AmazonCustomerByEmail") {
      throw unresolvable_email(trim(std::string_view(grantee.child_value("EmailAddress"))));
    } else {
      throw malformed();
    }
  }
  return acl;
}

Grants expand(const RequestedAcl& acl, std::string_view owner_id, std::string_view bucket_owner_id, bool for_bucket) {
  if (acl.canned.empty()) return acl.grants;
  Grants g{user(owner_id, kFullControl)};
  const std::string& c = acl.canned;
  if (c == "public-read" || c == "public-read-write") add_unique(g, group(kAllUsers, "READ"));
  if (c == "public-read-write") add_unique(g, group(kAllUsers, "WRITE"));
  if (c == "authenticated-read") add_unique(g, group(kAuthenticatedUsers, "READ"));
  if (c == "log-delivery-write") {
    add_unique(g, group(kLogDelivery, "WRITE"));
    add_unique(g, group(kLogDelivery, "READ_ACP"));
  }
  if (!for_bucket && c == "bucket-owner-read") add_unique(g, user(bucket_owner_id, "READ"));
  if (!for_bucket && c == "bucket-owner-full-control") add_unique(g, user(bucket_owner_id, kFullControl));
  // aws-exec-read also grants Amazon EC2 READ; Bunker has no EC2 grantee to name.
  return g;
}

bool is_public(const Grants& grants) {
  return std::any_of(grants.begin(), grants.end(), [](const Grant& g) {
    return g.grantee_type == kGroup && (g.grantee == kAllUsers || g.grantee == kAuthenticatedUsers);
  });
}

bool only_bucket_owner_full_control(const Grants& grants, std::string_view bucket_owner_id) {
  return !grants.empty() && std::all_of(grants.begin(), grants.end(), [&](const Grant& g) {
    return g.grantee_type == kCanonicalUser && g.grantee == bucket_owner_id && g.permission == kFullControl;
  });
}

bool only_owner(const Grants& grants, std::string_view owner_id) {
  return std::all_of(grants.begin(), grants.end(),
                     [&](const Grant& g) { return g.grantee_type == kCanonicalUser && g.grantee == owner_id; });
}

Grants check_acl_for_put(const BucketRecord& bucket, const RequestedAcl& acl, std::string_view owner_id,
                         bool for_bucket) {
  Grants grants = expand(acl, owner_id, bucket.owner_id, for_bucket);
  if (bucket.acls_disabled()) {
    // Only bucket-owner-full-control, or explicit grants that say the same, pass; even
    // `private` is an ACL S3 refuses here.
    bool accepted = acl.canned.empty() ? only_bucket_owner_full_control(grants, bucket.owner_id)
                                       : acl.canned == "bucket-owner-full-control";
    if (!accepted) throw AwsError(400, "AccessControlListNotSupported", "The bucket does not allow ACLs");
    return {};
  }
  if (bucket.blocks_public_acls() && is_public(grants)) throw access_denied();
  return grants;
}

NewObjectAcl acl_for_new_object(const BucketRecord& bucket, const http::Headers& headers, const Owner& writer,
                                const std::string* form_acl) {
  std::optional<RequestedAcl> acl;
  if (form_acl) {
    if (std::find(kCanned.begin(), kCanned.end(), *form_acl) == kCanned.end())
      throw invalid_argument("", "acl", *form_acl);
    acl = RequestedAcl{*form_acl, {}};
  } else if (has_acl_headers(headers)) {
    acl = acl_from_headers(headers, false);
  }
  NewObjectAcl out;
  const bool to_bucket_owner =
      bucket.object_ownership == kBucketOwnerEnforced ||
      (bucket.object_ownership == kBucketOwnerPreferred && acl && acl->canned == "bucket-owner-full-control");
  out.owner_id = to_bucket_owner ? bucket.owner_id : writer.id;
  if (!acl) return out;
  out.acl = check_acl_for_put(bucket, *acl, out.owner_id, false);
  // The owner's FULL_CONTROL alone is what an object without an ACL reports anyway.
  if (out.acl.size() == 1 && out.acl[0] == user(out.owner_id, kFullControl)) out.acl.clear();
  return out;
}

std::string access_control_policy(const Owner& owner, const Grants& grants, const Owners& owners) {
  XmlWriter w;
  w.open("AccessControlPolicy", "http://s3.amazonaws.com/doc/2006-03-01/");
  w.open("Owner").element("ID", owner.id).element("DisplayName", owner.display_name).close();
  w.open("AccessControlList");
  Grants shown = grants.empty() ? Grants{user(owner.id, kFullControl)} : grants;
  for (const auto& g : shown) {
    w.open("Grant");
    if (g.grantee_type == kGroup) {
      w.raw("<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\"><URI>" +
            xml_escape(g.grantee) + "</URI></Grantee>");
    } else {
      Owner o = g.grantee == owner.id ? owner : owners.by_id(g.grantee);
      w.raw("<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>" +
            xml_escape(o.id) + "</ID><DisplayName>" + xml_escape(o.display_name) + "</DisplayName></Grantee>");
    }
    w.element("Permission", g.permission).close();
  }
  return w.finish();
}

}  // namespace bunker::s3
