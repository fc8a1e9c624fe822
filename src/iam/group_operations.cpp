// Groups: CreateGroup, GetGroup (with its users), ListGroups, DeleteGroup,
// AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser. Their policies go through the
// attachment and inline-policy actions like those of roles and users.
#include <algorithm>

#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "iam/engine.h"
#include "iam/errors.h"
#include "iam/identifiers.h"
#include "iam/input.h"
#include "iam/lookups.h"
#include "iam/pagination.h"
#include "iam/shapes.h"

namespace bunker::iam {
namespace {

constexpr size_t kGroupsPerUser = 10;

bool holds(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return iequals(n, name); });
}

std::string group_list_xml(std::vector<Group> groups, const PageRequest& page) {
  std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) { return to_lower(a.name) < to_lower(b.name); });
  const PageEnd end = take_page(groups, page, [](const Group& g) { return to_lower(g.name); });
  XmlWriter w(false);
  w.open("Groups");
  for (const auto& g : groups) write_group(w, "member", g);
  w.close();
  write_page_end(w, end);
  return w.finish();
}

}  // namespace

std::string create_group(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("GroupName", rules::kGroupName);
  const std::string path = in.string("Path", rules::kPath).value_or("/");
  in.done();
  if (engine.store.groups.get(call.account, name)) throw already_exists("Group with name " + name + " already exists.");
  Group g;
  g.name = name;
  g.path = path;
  g.id = unique_id("AGPA");
  g.arn = entity_arn(call.account, "group", path, name);
  g.created_ms = now_ms();
  storage::WriteBatch batch;
  engine.store.groups.put(batch, call.account, name, g);
  engine.store.write(batch);
  XmlWriter w(false);
  write_group(w, "Group", g);
  return w.finish();
}

std::string get_group(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("GroupName", rules::kGroupName);
  const PageRequest page = read_page_request(in);
  in.done();
  const Group g = require_group(engine, call.account, name);
  std::vector<User> users;
  for (const auto& user_name : g.users)
    if (auto u = engine.store.users.get(call.account, user_name)) users.push_back(std::move(*u));
  std::sort(users.begin(), users.end(), [](const User& a, const User& b) { return to_lower(a.name) < to_lower(b.name); });
  const PageEnd end = take_page(users, page, [](const User& u) { return to_lower(u.name); });
  XmlWriter w(false);
  write_group(w, "Group", g);
  w.open("Users");
  for (const auto& u : users) write_user(w, "member", u, Detail::kListed);
  w.close();
  write_page_end(w, end);
  return w.finish();
}

std::string list_groups(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string prefix = in.string("PathPrefix", rules::kPathPrefix).value_or("/");
  const PageRequest page = read_page_request(in);
  in.done();
  std::vector<Group> groups;
  for (auto& g : engine.store.groups.list(call.account))
    if (g.path.starts_with(prefix)) groups.push_back(std::move(g));
  return group_list_xml(std::move(groups), page);
}

std::string delete_group(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("GroupName", rules::kGroupName);
  in.done();
  const Group g = require_group(engine, call.account, name);
  const EntityRef ref{EntityKind::kGroup, to_lower(g.name)};
  if (!g.users.empty()) throw delete_conflict("Cannot delete entity, must remove users from group first.");
  if (!engine.store.attached_policies(call.account, ref).empty())
    throw delete_conflict("Cannot delete entity, must detach all policies first.");
  if (!engine.store.inline_policies(call.account, ref).empty())
    throw delete_conflict("Cannot delete entity, must delete policies first.");
  storage::WriteBatch batch;
  engine.store.groups.del(batch, call.account, g.name);
  engine.store.write(batch);
  return {};
}

std::string add_user_to_group(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("GroupName", rules::kGroupName);
  const std::string user_name = in.required("UserName", rules::kEntityName);
  in.done();
  Group g = require_group(engine, call.account, name);
  User u = require_user(engine, call.account, user_name);
  if (holds(g.users, u.name)) return {};
  if (u.groups.size() >= kGroupsPerUser)
    throw limit_exceeded("Cannot exceed quota for GroupsPerUser: " + std::to_string(kGroupsPerUser));
  g.users.push_back(u.name);
  u.groups.push_back(g.name);
  storage::WriteBatch batch;
  engine.store.groups.put(batch, call.account, g.name, g);
  engine.store.users.put(batch, call.account, u.name, u);
  engine.store.write(batch);
  return {};
}

std::string remove_user_from_group(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("GroupName", rules::kGroupName);
  const std::string user_name = in.required("UserName", rules::kEntityName);
  in.done();
  Group g = require_group(engine, call.account, name);
  User u = require_user(engine, call.account, user_name);
  if (!holds(g.users, u.name)) throw no_such_entity("The user with name " + user_name + " cannot be found.");
  std::erase_if(g.users, [&](const std::string& n) { return iequals(n, u.name); });
  std::erase_if(u.groups, [&](const std::string& n) { return iequals(n, g.name); });
  storage::WriteBatch batch;
  engine.store.groups.put(batch, call.account, g.name, g);
  engine.store.users.put(batch, call.account, u.name, u);
  engine.store.write(batch);
  return {};
}

std::string list_groups_for_user(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string user_name = in.required("UserName", rules::kEntityName);
  const PageRequest page = read_page_request(in);
  in.done();
  const User u = require_user(engine, call.account, user_name);
  std::vector<Group> groups;
  for (const auto& name : u.groups)
    if (auto g = engine.store.groups.get(call.account, name)) groups.push_back(std::move(*g));
  return group_list_xml(std::move(groups), page);
}

}  // namespace bunker::iam
