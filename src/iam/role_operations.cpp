// CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription,
// UpdateAssumeRolePolicy, DeleteRole.
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "iam/engine.h"
#include "iam/errors.h"
#include "iam/identifiers.h"
#include "iam/input.h"
#include "iam/lookups.h"
#include "iam/pagination.h"
#include "iam/policy_document.h"
#include "iam/shapes.h"
#include "iam/tags.h"

namespace bunker::iam {
namespace {

constexpr size_t kRolesPerAccount = 1000;

std::string role_xml(const Role& role, Detail detail) {
  XmlWriter w(false);
  write_role(w, "Role", role, detail);
  return w.finish();
}

void save(Engine& engine, const std::string& account, const Role& role) {
  storage::WriteBatch batch;
  engine.store.roles.put(batch, account, role.name, role);
  engine.store.write(batch);
}

}  // namespace

std::string create_role(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("RoleName", rules::kEntityName);
  const std::string path = in.string("Path", rules::kPath).value_or("/");
  const std::string document = in.required("AssumeRolePolicyDocument", rules::kPolicyDocument);
  const auto description = in.string("Description", rules::kRoleDescription);
  const auto max_session = in.integer("MaxSessionDuration", 3600, 43200);
  const auto boundary = in.string("PermissionsBoundary", rules::kArn);
  const auto tags = in.tags();
  in.done();
  validate_policy_document(document, PolicyKind::kTrust);
  check_unique_tag_keys(tags);

  if (engine.store.roles.get(call.account, name)) throw already_exists("Role with name " + name + " already exists.");
  if (boundary) require_policy(engine, call.account, *boundary, MissingPolicy::kBoundary);
  if (engine.store.roles.list(call.account).size() >= kRolesPerAccount)
    throw limit_exceeded("Cannot exceed quota for RolesPerAccount: " + std::to_string(kRolesPerAccount));

  Role role;
  role.name = name;
  role.path = path;
  role.id = unique_id("AROA");
  role.arn = entity_arn(call.account, "role", path, name);
  role.assume_role_policy = document;
  role.description = description.value_or("");
  role.permissions_boundary = boundary.value_or("");
  role.created_ms = now_ms();
  role.max_session_duration = max_session.value_or(3600);
  role.tags = tags;
  save(engine, call.account, role);
  return role_xml(role, Detail::kCreated);
}

std::string get_role(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("RoleName", rules::kEntityName);
  in.done();
  return role_xml(require_role(engine, call.account, name), Detail::kFull);
}

std::string list_roles(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string prefix = in.string("PathPrefix", rules::kPathPrefix).value_or("/");
  const PageRequest page = read_page_request(in);
  in.done();
  std::vector<Role> roles;
  for (auto& r : engine.store.roles.list(call.account))
    if (r.path.starts_with(prefix)) roles.push_back(std::move(r));
  const PageEnd end = take_page(roles, page, [](const Role& r) { return to_lower(r.name); });
  XmlWriter w(false);
  w.open("Roles");
  for (const auto& r : roles) write_role(w, "member", r, Detail::kListed);
  w.close();
  write_page_end(w, end);
  return w.finish();
}

std::string update_role(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("RoleName", rules::kEntityName);
  const auto description = in.string("Description", rules::kRoleDescription);
  const auto max_session = in.integer("MaxSessionDuration", 3600, 43200);
  in.done();
  Role role = require_role(engine, call.account, name);
  if (description) role.description = *description;
  if (max_session) role.max_session_duration = *max_session;
  save(engine, call.account, role);
  return {};
}

std::string update_role_description(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("RoleName", rules::kEntityName);
  const std::string description = in.required("Description", rules::kRoleDescription);
  in.done();
  Role role = require_role(engine, call.account, name);
  role.description = description;
  save(engine, call.account, role);
  return role_xml(role, Detail::kFull);
}

std::string update_assume_role_policy(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("RoleName", rules::kEntityName);
  const std::string document = in.required("PolicyDocument", rules::kPolicyDocument);
  in.done();
  Role role = require_role(engine, call.account, name);
  validate_policy_document(document, PolicyKind::kTrust);
  role.assume_role_policy = document;
  save(engine, call.account, role);
  return {};
}

std::string put_role_permissions_boundary(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("RoleName", rules::kEntityName);
  const std::string boundary = in.required("PermissionsBoundary", rules::kArn);
  in.done();
  Role role = require_role(engine, call.account, name);
  require_policy(engine, call.account, boundary, MissingPolicy::kBoundary);
  role.permissions_boundary = boundary;
  save(engine, call.account, role);
  return {};
}

std::string delete_role_permissions_boundary(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("RoleName", rules::kEntityName);
  in.done();
  Role role = require_role(engine, call.account, name);
  role.permissions_boundary.clear();
  save(engine, call.account, role);
  return {};
}

std::string delete_role(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("RoleName", rules::kEntityName);
  in.done();
  const Role role = require_role(engine, call.account, name);
  const EntityRef ref{EntityKind::kRole, to_lower(role.name)};
  if (!role.instance_profiles.empty())
    throw delete_conflict("Cannot delete entity, must remove roles from instance profile first.");
  if (!engine.store.attached_policies(call.account, ref).empty())
    throw delete_conflict("Cannot delete entity, must detach all policies first.");
  if (!engine.store.inline_policies(call.account, ref).empty())
    throw delete_conflict("Cannot delete entity, must delete policies first.");
  storage::WriteBatch batch;
  engine.store.roles.del(batch, call.account, role.name);
  engine.store.write(batch);
  return {};
}

}  // namespace bunker::iam
