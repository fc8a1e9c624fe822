// Managed-policy attachments: Attach/Detach/ListAttached for roles and users, and
// ListEntitiesForPolicy.
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "iam/engine.h"
#include "iam/errors.h"
#include "iam/identifiers.h"
#include "iam/input.h"
#include "iam/lookups.h"
#include "iam/pagination.h"

namespace bunker::iam {
namespace {

constexpr size_t kPoliciesPerEntity = 10;

struct Entity {
  EntityRef ref;
  std::string name;  // as created
};

Entity require_entity(Engine& engine, const Call& call, EntityKind kind, const std::string& name) {
  switch (kind) {
    case EntityKind::kRole: return {{kind, to_lower(name)}, require_role(engine, call.account, name).name};
    case EntityKind::kUser: return {{kind, to_lower(name)}, require_user(engine, call.account, name).name};
    case EntityKind::kGroup: break;
  }
  return {{kind, to_lower(name)}, require_group(engine, call.account, name).name};
}

std::string_view param_of(EntityKind kind) {
  switch (kind) {
    case EntityKind::kRole: return "RoleName";
    case EntityKind::kUser: return "UserName";
    case EntityKind::kGroup: break;
  }
  return "GroupName";
}

const StringRule& rule_of(EntityKind kind) { return kind == EntityKind::kGroup ? rules::kGroupName : rules::kEntityName; }

std::string_view quota_of(EntityKind kind) {
  switch (kind) {
    case EntityKind::kRole: return "PoliciesPerRole";
    case EntityKind::kUser: return "PoliciesPerUser";
    case EntityKind::kGroup: break;
  }
  return "PoliciesPerGroup";
}

std::string attach(Engine& engine, const Call& call, EntityKind kind) {
  Input in(call.q);
  const std::string name = in.required(param_of(kind), rule_of(kind));
  const std::string arn = in.required("PolicyArn", rules::kArn);
  in.done();
  const Entity entity = require_entity(engine, call, kind, name);
  require_policy(engine, call.account, arn, MissingPolicy::kNotAttachable);
  if (engine.store.is_attached(call.account, entity.ref, arn)) return {};
  if (engine.store.attached_policies(call.account, entity.ref).size() >= kPoliciesPerEntity)
    throw limit_exceeded("Cannot exceed quota for " + std::string(quota_of(kind)) + ": " +
                         std::to_string(kPoliciesPerEntity));
  storage::WriteBatch batch;
  engine.store.set_attachment(batch, call.account, entity.ref, arn, true);
  engine.store.write(batch);
  return {};
}

std::string detach(Engine& engine, const Call& call, EntityKind kind) {
  Input in(call.q);
  const std::string name = in.required(param_of(kind), rule_of(kind));
  const std::string arn = in.required("PolicyArn", rules::kArn);
  in.done();
  const Entity entity = require_entity(engine, call, kind, name);
  if (!parse_entity_arn(arn, "policy")) throw invalid_input("ARN " + arn + " is not valid.");
  if (!engine.store.is_attached(call.account, entity.ref, arn)) throw no_such_entity("Policy " + arn + " was not found.");
  storage::WriteBatch batch;
  engine.store.set_attachment(batch, call.account, entity.ref, arn, false);
  engine.store.write(batch);
  return {};
}

std::string list_attached(Engine& engine, const Call& call, EntityKind kind) {
  Input in(call.q);
  const std::string name = in.required(param_of(kind), rule_of(kind));
  const std::string prefix = in.string("PathPrefix", rules::kPolicyPath).value_or("/");
  const PageRequest page = read_page_request(in);
  in.done();
  const Entity entity = require_entity(engine, call, kind, name);
  std::vector<std::pair<std::string, EntityArn>> attached;
  for (auto& arn : engine.store.attached_policies(call.account, entity.ref)) {
    auto parts = parse_entity_arn(arn, "policy");
    if (parts && parts->path.starts_with(prefix)) attached.emplace_back(std::move(arn), std::move(*parts));
  }
  const PageEnd end = take_page(attached, page, [](const auto& a) { return a.first; });
  XmlWriter w(false);
  w.open("AttachedPolicies");
  for (const auto& [arn, parts] : attached) {
    w.open("member");
    w.element("PolicyName", parts.name);
    w.element("PolicyArn", arn);
    w.close();
  }
  w.close();
  write_page_end(w, end);
  return w.finish();
}

}  // namespace

std::string attach_role_policy(Engine& e, const Call& c) { return attach(e, c, EntityKind::kRole); }
std::string detach_role_policy(Engine& e, const Call& c) { return detach(e, c, EntityKind::kRole); }
std::string list_attached_role_policies(Engine& e, const Call& c) { return list_attached(e, c, EntityKind::kRole); }
std::string attach_user_policy(Engine& e, const Call& c) { return attach(e, c, EntityKind::kUser); }
std::string detach_user_policy(Engine& e, const Call& c) { return detach(e, c, EntityKind::kUser); }
std::string list_attached_user_policies(Engine& e, const Call& c) { return list_attached(e, c, EntityKind::kUser); }

std::string attach_group_policy(Engine& e, const Call& c) { return attach(e, c, EntityKind::kGroup); }
std::string detach_group_policy(Engine& e, const Call& c) { return detach(e, c, EntityKind::kGroup); }
std::string list_attached_group_policies(Engine& e, const Call& c) { return list_attached(e, c, EntityKind::kGroup); }

std::string list_entities_for_policy(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string arn = in.required("PolicyArn", rules::kArn);
  const auto filter = in.enumeration("EntityFilter", {"User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"});
  const std::string prefix = in.string("PathPrefix", rules::kPath).value_or("/");
  const auto usage = in.enumeration("PolicyUsageFilter", {"PermissionsPolicy", "PermissionsBoundary"});
  const PageRequest page = read_page_request(in);
  in.done();
  require_policy(engine, call.account, arn, MissingPolicy::kDoesNotExist);

  struct Listed {
    std::string key;
    EntityKind kind;
    std::string name, id;
  };
  std::vector<Listed> listed;
  if (usage != "PermissionsBoundary") {
    for (const auto& ref : engine.store.entities_for_policy(call.account, arn)) {
      if (ref.kind == EntityKind::kRole && (!filter || filter == "Role")) {
        if (auto r = engine.store.roles.get(call.account, ref.name_key); r && r->path.starts_with(prefix))
          listed.push_back({"R" + ref.name_key, ref.kind, r->name, r->id});
      } else if (ref.kind == EntityKind::kUser && (!filter || filter == "User")) {
        if (auto u = engine.store.users.get(call.account, ref.name_key); u && u->path.starts_with(prefix))
          listed.push_back({"U" + ref.name_key, ref.kind, u->name, u->id});
      } else if (ref.kind == EntityKind::kGroup && (!filter || filter == "Group")) {
        if (auto g = engine.store.groups.get(call.account, ref.name_key); g && g->path.starts_with(prefix))
          listed.push_back({"G" + ref.name_key, ref.kind, g->name, g->id});
      }
    }
  }
  const PageEnd end = take_page(listed, page, [](const Listed& l) { return l.key; });
  XmlWriter w(false);
  w.open("PolicyGroups");
  for (const auto& l : listed) {
    if (l.kind != EntityKind::kGroup) continue;
    w.open("member");
    w.element("GroupName", l.name);
    w.element("GroupId", l.id);
    w.close();
  }
  w.close();
  w.open("PolicyUsers");
  for (const auto& l : listed) {
    if (l.kind != EntityKind::kUser) continue;
    w.open("member");
    w.element("UserName", l.name);
    w.element("UserId", l.id);
    w.close();
  }
  w.close();
  w.open("PolicyRoles");
  for (const auto& l : listed) {
    if (l.kind != EntityKind::kRole) continue;
    w.open("member");
    w.element("RoleName", l.name);
    w.element("RoleId", l.id);
    w.close();
  }
  w.close();
  write_page_end(w, end);
  return w.finish();
}

}  // namespace bunker::iam
