#pragma once
// The XML of IAM's structures (botocore's iam model): Role, User, Policy, PolicyVersion,
// InstanceProfile, Tag lists. Policy documents go out URL-encoded, as IAM returns them.
#include <string>
#include <string_view>
#include <vector>

#include "bunker/core/xml_writer.h"
#include "iam/records.h"

namespace bunker::iam {

// Get* answers carry every member; List* answers leave out Tags, PermissionsBoundary and
// RoleLastUsed, as AWS documents for ListRoles/ListUsers/ListPolicies.
// Create* answers carry what was set (no RoleLastUsed).
enum class Detail { kFull, kCreated, kListed };

std::string encode_document(std::string_view document);  // RFC 3986 percent-encoding

void write_tags(XmlWriter& w, const std::vector<Tag>& tags, bool always = false);
void write_role(XmlWriter& w, std::string_view element, const Role& role, Detail detail);
void write_user(XmlWriter& w, std::string_view element, const User& user, Detail detail);
void write_group(XmlWriter& w, std::string_view element, const Group& group);
void write_policy(XmlWriter& w, std::string_view element, const ManagedPolicy& policy, size_t attachment_count,
                  size_t boundary_usage_count, Detail detail);
void write_policy_version(XmlWriter& w, std::string_view element, const PolicyVersion& version, bool is_default,
                          bool with_document);
void write_instance_profile(XmlWriter& w, std::string_view element, const InstanceProfile& profile,
                            const std::vector<Role>& roles);

}  // namespace bunker::iam
