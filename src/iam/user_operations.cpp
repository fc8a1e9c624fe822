// CreateUser, GetUser, ListUsers, DeleteUser.
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "iam/engine.h"
#include "iam/errors.h"
#include "iam/identifiers.h"
#include "iam/input.h"
#include "iam/lookups.h"
#include "iam/pagination.h"
#include "iam/principal.h"
#include "iam/shapes.h"
#include "iam/tags.h"

namespace bunker::iam {

std::string create_user(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("UserName", rules::kEntityName);
  const std::string path = in.string("Path", rules::kPath).value_or("/");
  const auto boundary = in.string("PermissionsBoundary", rules::kArn);
  const auto tags = in.tags();
  in.done();
  check_unique_tag_keys(tags);
  if (engine.store.users.get(call.account, name)) throw already_exists("User with name " + name + " already exists.");
  if (boundary) require_policy(engine, call.account, *boundary, MissingPolicy::kBoundary);

  User user;
  user.name = name;
  user.path = path;
  user.id = unique_id("AIDA");
  user.arn = entity_arn(call.account, "user", path, name);
  user.permissions_boundary = boundary.value_or("");
  user.created_ms = now_ms();
  user.tags = tags;
  storage::WriteBatch batch;
  engine.store.users.put(batch, call.account, name, user);
  engine.store.write(batch);
  XmlWriter w(false);
  write_user(w, "User", user, Detail::kCreated);
  return w.finish();
}

std::string get_user(Engine& engine, const Call& call) {
  Input in(call.q);
  const auto name = in.string("UserName", rules::kExistingUserName);
  in.done();
  XmlWriter w(false);
  if (name) {
    write_user(w, "User", require_user(engine, call.account, *name), Detail::kFull);
    return w.finish();
  }
  // Without UserName: the user whose credentials signed the request.
  const Principal p = caller_principal(engine.store, call.caller, call.account);
  if (!p.user_name.empty()) {
    write_user(w, "User", require_user(engine, p.account, p.user_name), Detail::kFull);
  } else if (p.root) {
    // The root user has no name or path; IAM answers with its id and ARN.
    w.open("User");
    w.element("UserId", p.account);
    w.element("Arn", p.arn);
    w.element("CreateDate", iam_date(0));
    w.close();
  } else {
    throw validation_error("Must specify userName when calling with non-User credentials");
  }
  return w.finish();
}

std::string list_users(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string prefix = in.string("PathPrefix", rules::kPathPrefix).value_or("/");
  const PageRequest page = read_page_request(in);
  in.done();
  std::vector<User> users;
  for (auto& u : engine.store.users.list(call.account))
    if (u.path.starts_with(prefix)) users.push_back(std::move(u));
  const PageEnd end = take_page(users, page, [](const User& u) { return to_lower(u.name); });
  XmlWriter w(false);
  w.open("Users");
  for (const auto& u : users) write_user(w, "member", u, Detail::kListed);
  w.close();
  write_page_end(w, end);
  return w.finish();
}

std::string put_user_permissions_boundary(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("UserName", rules::kEntityName);
  const std::string boundary = in.required("PermissionsBoundary", rules::kArn);
  in.done();
  User user = require_user(engine, call.account, name);
  require_policy(engine, call.account, boundary, MissingPolicy::kBoundary);
  user.permissions_boundary = boundary;
  storage::WriteBatch batch;
  engine.store.users.put(batch, call.account, user.name, user);
  engine.store.write(batch);
  return {};
}

std::string delete_user_permissions_boundary(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("UserName", rules::kEntityName);
  in.done();
  User user = require_user(engine, call.account, name);
  user.permissions_boundary.clear();
  storage::WriteBatch batch;
  engine.store.users.put(batch, call.account, user.name, user);
  engine.store.write(batch);
  return {};
}

std::string delete_user(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("UserName", rules::kEntityName);
  in.done();
  const User user = require_user(engine, call.account, name);
  const EntityRef ref{EntityKind::kUser, to_lower(user.name)};
  if (user.login_profile_ms) throw delete_conflict("Cannot delete entity, must delete login profile first.");
  if (!user.groups.empty()) throw delete_conflict("Cannot delete entity, must remove user from all groups first.");
  if (!engine.store.access_keys_of(call.account, user.name).empty())
    throw delete_conflict("Cannot delete entity, must delete access keys first.");
  if (!engine.store.attached_policies(call.account, ref).empty())
    throw delete_conflict("Cannot delete entity, must detach all policies first.");
  if (!engine.store.inline_policies(call.account, ref).empty())
    throw delete_conflict("Cannot delete entity, must delete policies first.");
  storage::WriteBatch batch;
  engine.store.users.del(batch, call.account, user.name);
  engine.store.write(batch);
  return {};
}

}  // namespace bunker::iam
