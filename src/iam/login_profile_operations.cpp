// Console passwords of IAM users: Create/Get/Update/DeleteLoginProfile. Bunker has no
// console, so only the profile's existence and its reset flag are kept.
#include "bunker/core/xml_writer.h"
#include "iam/engine.h"
#include "iam/errors.h"
#include "iam/identifiers.h"
#include "iam/input.h"
#include "iam/lookups.h"
#include "iam/principal.h"

namespace bunker::iam {
namespace {

// UserName, or the signing user when it is left out.
User target_user(Engine& engine, const Call& call, const std::optional<std::string>& name) {
  if (name) return require_user(engine, call.account, *name);
  const Principal p = caller_principal(engine.store, call.caller, call.account);
  if (p.user_name.empty()) throw validation_error("Must specify userName when calling with non-User credentials");
  return require_user(engine, p.account, p.user_name);
}

User with_profile(Engine& engine, const Call& call, const std::optional<std::string>& name) {
  User user = target_user(engine, call, name);
  if (!user.login_profile_ms) throw no_such_entity("Login Profile for User " + user.name + " cannot be found.");
  return user;
}

void save(Engine& engine, const Call& call, const User& user) {
  storage::WriteBatch batch;
  engine.store.users.put(batch, call.account, user.name, user);
  engine.store.write(batch);
}

std::string profile_xml(const User& user) {
  XmlWriter w(false);
  w.open("LoginProfile");
  w.element("UserName", user.name);
  w.element("CreateDate", iam_date(user.login_profile_ms));
  w.element("PasswordResetRequired", user.password_reset_required ? "true" : "false");
  w.close();
  return w.finish();
}

}  // namespace

std::string create_login_profile(Engine& engine, const Call& call) {
  Input in(call.q);
  const auto name = in.string("UserName", rules::kEntityName);
  in.string("Password", rules::kPassword);
  const bool reset = in.boolean("PasswordResetRequired").value_or(false);
  in.done();
  User user = target_user(engine, call, name);
  if (user.login_profile_ms) throw already_exists("Login Profile for user " + user.name + " already exists.");
  user.login_profile_ms = now_ms();
  user.password_reset_required = reset;
  save(engine, call, user);
  return profile_xml(user);
}

std::string get_login_profile(Engine& engine, const Call& call) {
  Input in(call.q);
  const auto name = in.string("UserName", rules::kEntityName);
  in.done();
  return profile_xml(with_profile(engine, call, name));
}

std::string update_login_profile(Engine& engine, const Call& call) {
  Input in(call.q);
  const auto name = in.string("UserName", rules::kEntityName, true);
  in.string("Password", rules::kPassword);
  const auto reset = in.boolean("PasswordResetRequired");
  in.done();
  User user = with_profile(engine, call, name);
  if (reset) user.password_reset_required = *reset;
  save(engine, call, user);
  return {};
}

std::string delete_login_profile(Engine& engine, const Call& call) {
  Input in(call.q);
  const auto name = in.string("UserName", rules::kEntityName);
  in.done();
  User user = with_profile(engine, call, name);
  user.login_profile_ms = 0;
  user.password_reset_required = false;
  save(engine, call, user);
  return {};
}

}  // namespace bunker::iam
