// Inline policies of roles and users: Put/Get/List/Delete{Role,User}Policy.
#include <cctype>

#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "iam/engine.h"
#include "iam/errors.h"
#include "iam/input.h"
#include "iam/lookups.h"
#include "iam/pagination.h"
#include "iam/policy_document.h"
#include "iam/shapes.h"

namespace bunker::iam {
namespace {

struct Kind {
  EntityKind kind;
  std::string_view param;     // RoleName / UserName
  std::string_view noun;      // role / user
  size_t aggregate_limit;     // non-whitespace characters of all inline policies together
};
constexpr Kind kRole{EntityKind::kRole, "RoleName", "role", 10240};
constexpr Kind kUser{EntityKind::kUser, "UserName", "user", 2048};
constexpr Kind kGroup{EntityKind::kGroup, "GroupName", "group", 5120};

size_t size_without_whitespace(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) ++n;
  return n;
}

std::string entity_name(Engine& engine, const Call& call, const Kind& k, const std::string& name) {
  switch (k.kind) {
    case EntityKind::kRole: return require_role(engine, call.account, name).name;
    case EntityKind::kUser: return require_user(engine, call.account, name).name;
    case EntityKind::kGroup: break;
  }
  return require_group(engine, call.account, name).name;
}

const StringRule& rule_of(const Kind& k) { return k.kind == EntityKind::kGroup ? rules::kGroupName : rules::kEntityName; }

AwsError no_such_policy(const Kind& k, std::string_view policy) {
  return no_such_entity("The " + std::string(k.noun) + " policy with name " + std::string(policy) + " cannot be found.");
}

std::string put(Engine& engine, const Call& call, const Kind& k) {
  Input in(call.q);
  const std::string name = in.required(k.param, rule_of(k));
  const std::string policy_name = in.required("PolicyName", rules::kPolicyName);
  const std::string document = in.required("PolicyDocument", rules::kPolicyDocument);
  in.done();
  const std::string entity = entity_name(engine, call, k, name);
  validate_policy_document(document, PolicyKind::kIdentity);
  const EntityRef ref{k.kind, to_lower(entity)};
  size_t total = size_without_whitespace(document);
  for (const auto& p : engine.store.inline_policies(call.account, ref))
    if (p.name != policy_name) total += size_without_whitespace(p.document);
  if (total > k.aggregate_limit)
    throw limit_exceeded("Maximum policy size of " + std::to_string(k.aggregate_limit) + " bytes exceeded for " +
                         std::string(k.noun) + " " + entity);
  storage::WriteBatch batch;
  engine.store.put_inline_policy(batch, call.account, ref, {policy_name, document});
  engine.store.write(batch);
  return {};
}

std::string get(Engine& engine, const Call& call, const Kind& k) {
  Input in(call.q);
  const std::string name = in.required(k.param, rule_of(k));
  const std::string policy_name = in.required("PolicyName", rules::kPolicyName);
  in.done();
  const std::string entity = entity_name(engine, call, k, name);
  auto policy = engine.store.inline_policy(call.account, {k.kind, to_lower(entity)}, policy_name);
  if (!policy) throw no_such_policy(k, policy_name);
  XmlWriter w(false);
  w.element(k.param, entity);
  w.element("PolicyName", policy->name);
  w.element("PolicyDocument", encode_document(policy->document));
  return w.finish();
}

std::string list(Engine& engine, const Call& call, const Kind& k) {
  Input in(call.q);
  const std::string name = in.required(k.param, rule_of(k));
  const PageRequest page = read_page_request(in);
  in.done();
  const std::string entity = entity_name(engine, call, k, name);
  std::vector<std::string> names;
  for (auto& p : engine.store.inline_policies(call.account, {k.kind, to_lower(entity)})) names.push_back(std::move(p.name));
  const PageEnd end = take_page(names, page, [](const std::string& n) { return n; });
  XmlWriter w(false);
  w.open("PolicyNames");
  for (const auto& n : names) w.element("member", n);
  w.close();
  write_page_end(w, end);
  return w.finish();
}

std::string remove(Engine& engine, const Call& call, const Kind& k) {
  Input in(call.q);
  const std::string name = in.required(k.param, rule_of(k));
  const std::string policy_name = in.required("PolicyName", rules::kPolicyName);
  in.done();
  const std::string entity = entity_name(engine, call, k, name);
  const EntityRef ref{k.kind, to_lower(entity)};
  if (!engine.store.inline_policy(call.account, ref, policy_name)) throw no_such_policy(k, policy_name);
  storage::WriteBatch batch;
  engine.store.del_inline_policy(batch, call.account, ref, policy_name);
  engine.store.write(batch);
  return {};
}

}  // namespace

std::string put_role_policy(Engine& e, const Call& c) { return put(e, c, kRole); }
std::string get_role_policy(Engine& e, const Call& c) { return get(e, c, kRole); }
std::string list_role_policies(Engine& e, const Call& c) { return list(e, c, kRole); }
std::string delete_role_policy(Engine& e, const Call& c) { return remove(e, c, kRole); }
std::string put_user_policy(Engine& e, const Call& c) { return put(e, c, kUser); }
std::string get_user_policy(Engine& e, const Call& c) { return get(e, c, kUser); }
std::string list_user_policies(Engine& e, const Call& c) { return list(e, c, kUser); }
std::string delete_user_policy(Engine& e, const Call& c) { return remove(e, c, kUser); }
std::string put_group_policy(Engine& e, const Call& c) { return put(e, c, kGroup); }
std::string get_group_policy(Engine& e, const Call& c) { return get(e, c, kGroup); }
std::string list_group_policies(Engine& e, const Call& c) { return list(e, c, kGroup); }
std::string delete_group_policy(Engine& e, const Call& c) { return remove(e, c, kGroup); }

}  // namespace bunker::iam
