#include "iam/shapes.h"

#include "bunker/core/encoding.h"
#include "iam/identifiers.h"

namespace bunker::iam {

std::string encode_document(std::string_view document) { return uri_encode(document); }

void write_tags(XmlWriter& w, const std::vector<Tag>& tags, bool always) {
  if (tags.empty() && !always) return;
  w.open("Tags");
  for (const auto& t : tags) {
    w.open("member");
    w.element("Key", t.key);
    w.element("Value", t.value);
    w.close();
  }
  w.close();
}

void write_role(XmlWriter& w, std::string_view element, const Role& role, Detail detail) {
  w.open(element);
  w.element("Path", role.path);
  w.element("RoleName", role.name);
  w.element("RoleId", role.id);
  w.element("Arn", role.arn);
  w.element("CreateDate", iam_date(role.created_ms));
  w.element("AssumeRolePolicyDocument", encode_document(role.assume_role_policy));
  if (!role.description.empty()) w.element("Description", role.description);
  w.element("MaxSessionDuration", std::to_string(role.max_session_duration));
  if (detail != Detail::kListed) {
    if (!role.permissions_boundary.empty()) {
      w.open("PermissionsBoundary");
      w.element("PermissionsBoundaryType", "PermissionsBoundaryPolicy");
      w.element("PermissionsBoundaryArn", role.permissions_boundary);
      w.close();
    }
    write_tags(w, role.tags);
  }
  if (detail == Detail::kFull) {
    w.open("RoleLastUsed");
    if (role.last_used_ms) {
      w.element("LastUsedDate", iam_date(role.last_used_ms));
      w.element("Region", role.last_used_region);
    }
    w.close();
  }
  w.close();
}

void write_user(XmlWriter& w, std::string_view element, const User& user, Detail detail) {
  w.open(element);
  w.element("Path", user.path);
  w.element("UserName", user.name);
  w.element("UserId", user.id);
  w.element("Arn", user.arn);
  w.element("CreateDate", iam_date(user.created_ms));
  if (detail != Detail::kListed) {
    if (!user.permissions_boundary.empty()) {
      w.open("PermissionsBoundary");
      w.element("PermissionsBoundaryType", "PermissionsBoundaryPolicy");
      w.element("PermissionsBoundaryArn", user.permissions_boundary);
      w.close();
    }
    write_tags(w, user.tags);
  }
  w.close();
}

void write_group(XmlWriter& w, std::string_view element, const Group& group) {
  w.open(element);
  w.element("Path", group.path);
  w.element("GroupName", group.name);
  w.element("GroupId", group.id);
  w.element("Arn", group.arn);
  w.element("CreateDate", iam_date(group.created_ms));
  w.close();
}

void write_policy(XmlWriter& w, std::string_view element, const ManagedPolicy& p, size_t attachment_count,
                  size_t boundary_usage_count, Detail detail) {
  w.open(element);
  w.element("PolicyName", p.name);
  w.element("PolicyId", p.id);
  w.element("Arn", p.arn);
  w.element("Path", p.path);
  w.element("DefaultVersionId", p.default_version);
  w.element("AttachmentCount", std::to_string(attachment_count));
  w.element("PermissionsBoundaryUsageCount", std::to_string(boundary_usage_count));
  w.element("IsAttachable", "true");
  if (detail != Detail::kListed && !p.description.empty()) w.element("Description", p.description);
  w.element("CreateDate", iam_date(p.created_ms));
  w.element("UpdateDate", iam_date(p.updated_ms));
  if (detail != Detail::kListed) write_tags(w, p.tags);
  w.close();
}

void write_policy_version(XmlWriter& w, std::string_view element, const PolicyVersion& v, bool is_default,
                          bool with_document) {
  w.open(element);
  if (with_document) w.element("Document", encode_document(v.document));
  w.element("VersionId", v.id);
  w.element("IsDefaultVersion", is_default ? "true" : "false");
  w.element("CreateDate", iam_date(v.created_ms));
  w.close();
}

void write_instance_profile(XmlWriter& w, std::string_view element, const InstanceProfile& p,
                            const std::vector<Role>& roles) {
  w.open(element);
  w.element("Path", p.path);
  w.element("InstanceProfileName", p.name);
  w.element("InstanceProfileId", p.id);
  w.element("Arn", p.arn);
  w.element("CreateDate", iam_date(p.created_ms));
  w.open("Roles");
  for (const auto& r : roles) write_role(w, "member", r, Detail::kListed);
  w.close();
  write_tags(w, p.tags);
  w.close();
}

}  // namespace bunker::iam
