// Instance profiles: Create/Get/List/Delete, ListInstanceProfilesForRole,
// AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile.
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "iam/engine.h"
#include "iam/errors.h"
#include "iam/identifiers.h"
#include "iam/input.h"
#include "iam/lookups.h"
#include "iam/pagination.h"
#include "iam/shapes.h"
#include "iam/tags.h"

namespace bunker::iam {
namespace {

std::vector<Role> roles_of(Engine& engine, const Call& call, const InstanceProfile& p) {
  std::vector<Role> roles;
  for (const auto& name : p.roles)
    if (auto r = engine.store.roles.get(call.account, name)) roles.push_back(std::move(*r));
  return roles;
}

std::string profile_list_xml(Engine& engine, const Call& call, std::vector<InstanceProfile> profiles,
                             const PageRequest& page) {
  const PageEnd end = take_page(profiles, page, [](const InstanceProfile& p) { return to_lower(p.name); });
  XmlWriter w(false);
  w.open("InstanceProfiles");
  for (const auto& p : profiles) write_instance_profile(w, "member", p, roles_of(engine, call, p));
  w.close();
  write_page_end(w, end);
  return w.finish();
}

}  // namespace

std::string create_instance_profile(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("InstanceProfileName", rules::kInstanceProfileName);
  const std::string path = in.string("Path", rules::kPath).value_or("/");
  const auto tags = in.tags();
  in.done();
  check_unique_tag_keys(tags);
  if (engine.store.instance_profiles.get(call.account, name))
    throw already_exists("Instance Profile " + name + " already exists.");
  InstanceProfile p;
  p.name = name;
  p.path = path;
  p.id = unique_id("AIPA");
  p.arn = entity_arn(call.account, "instance-profile", path, name);
  p.created_ms = now_ms();
  p.tags = tags;
  storage::WriteBatch batch;
  engine.store.instance_profiles.put(batch, call.account, name, p);
  engine.store.write(batch);
  XmlWriter w(false);
  write_instance_profile(w, "InstanceProfile", p, {});
  return w.finish();
}

std::string get_instance_profile(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("InstanceProfileName", rules::kInstanceProfileName);
  in.done();
  const InstanceProfile p = require_instance_profile(engine, call.account, name);
  XmlWriter w(false);
  write_instance_profile(w, "InstanceProfile", p, roles_of(engine, call, p));
  return w.finish();
}

std::string list_instance_profiles(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string prefix = in.string("PathPrefix", rules::kPathPrefix).value_or("/");
  const PageRequest page = read_page_request(in);
  in.done();
  std::vector<InstanceProfile> profiles;
  for (auto& p : engine.store.instance_profiles.list(call.account))
    if (p.path.starts_with(prefix)) profiles.push_back(std::move(p));
  return profile_list_xml(engine, call, std::move(profiles), page);
}

std::string list_instance_profiles_for_role(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string role_name = in.required("RoleName", rules::kEntityName);
  const PageRequest page = read_page_request(in);
  in.done();
  const Role role = require_role(engine, call.account, role_name);
  std::vector<InstanceProfile> profiles;
  for (const auto& name : role.instance_profiles)
    if (auto p = engine.store.instance_profiles.get(call.account, name)) profiles.push_back(std::move(*p));
  std::sort(profiles.begin(), profiles.end(),
            [](const InstanceProfile& a, const InstanceProfile& b) { return to_lower(a.name) < to_lower(b.name); });
  return profile_list_xml(engine, call, std::move(profiles), page);
}

std::string delete_instance_profile(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("InstanceProfileName", rules::kInstanceProfileName);
  in.done();
  const InstanceProfile p = require_instance_profile(engine, call.account, name);
  if (!p.roles.empty()) throw delete_conflict("Cannot delete entity, must remove roles from instance profile first.");
  storage::WriteBatch batch;
  engine.store.instance_profiles.del(batch, call.account, p.name);
  engine.store.write(batch);
  return {};
}

std::string add_role_to_instance_profile(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("InstanceProfileName", rules::kInstanceProfileName);
  const std::string role_name = in.required("RoleName", rules::kEntityName);
  in.done();
  InstanceProfile p = require_instance_profile(engine, call.account, name);
  Role role = require_role(engine, call.account, role_name);
  // An instance profile holds one role.
  if (!p.roles.empty()) throw limit_exceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
  p.roles.push_back(role.name);
  role.instance_profiles.push_back(p.name);
  storage::WriteBatch batch;
  engine.store.instance_profiles.put(batch, call.account, p.name, p);
  engine.store.roles.put(batch, call.account, role.name, role);
  engine.store.write(batch);
  return {};
}

std::string remove_role_from_instance_profile(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("InstanceProfileName", rules::kInstanceProfileName);
  const std::string role_name = in.required("RoleName", rules::kEntityName);
  in.done();
  InstanceProfile p = require_instance_profile(engine, call.account, name);
  Role role = require_role(engine, call.account, role_name);
  const auto held = std::find_if(p.roles.begin(), p.roles.end(), [&](const std::string& r) { return iequals(r, role.name); });
  if (held == p.roles.end()) throw no_such_entity("The role with name " + role_name + " cannot be found.");
  p.roles.erase(held);
  std::erase_if(role.instance_profiles, [&](const std::string& n) { return iequals(n, p.name); });
  storage::WriteBatch batch;
  engine.store.instance_profiles.put(batch, call.account, p.name, p);
  engine.store.roles.put(batch, call.account, role.name, role);
  engine.store.write(batch);
  return {};
}

}  // namespace bunker::iam
