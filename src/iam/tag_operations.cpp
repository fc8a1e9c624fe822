// Tag*/Untag*/List*Tags for roles, users, managed policies and instance profiles, and
// the tag rules they share.
#include <cstdio>

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

constexpr size_t kMaxTags = 50;

void check_unique_tag_keys(const std::vector<Tag>& tags) {
  for (size_t i = 0; i < tags.size(); ++i)
    for (size_t j = i + 1; j < tags.size(); ++j)
      if (iequals(tags[i].key, tags[j].key))
        throw invalid_input("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
}

void merge_tags(std::vector<Tag>& current, const std::vector<Tag>& added) {
  check_unique_tag_keys(added);
  std::vector<Tag> merged = current;
  for (const auto& t : added) {
    bool replaced = false;
    for (auto& c : merged) {
      if (iequals(c.key, t.key)) {
        c = t;
        replaced = true;
      }
    }
    if (!replaced) merged.push_back(t);
  }
  if (merged.size() > kMaxTags)
    throw limit_exceeded("Cannot exceed quota for TagsPerEntity: " + std::to_string(kMaxTags));
  current = std::move(merged);
}

void remove_tags(std::vector<Tag>& current, const std::vector<std::string>& keys) {
  std::erase_if(current, [&](const Tag& t) {
    for (const auto& k : keys)
      if (iequals(k, t.key)) return true;
    return false;
  });
}

namespace {

// How each taggable entity is named in a request and found in the store.
struct RoleTarget {
  static constexpr std::string_view kParam = "RoleName";
  static const StringRule& rule() { return rules::kEntityName; }
  static Role find(Engine& e, const Call& c, const std::string& name) { return require_role(e, c.account, name); }
  static void save(Engine& e, const Call& c, const Role& r, storage::WriteBatch& b) {
    e.store.roles.put(b, c.account, r.name, r);
  }
};
struct UserTarget {
  static constexpr std::string_view kParam = "UserName";
  static const StringRule& rule() { return rules::kExistingUserName; }
  static User find(Engine& e, const Call& c, const std::string& name) { return require_user(e, c.account, name); }
  static void save(Engine& e, const Call& c, const User& u, storage::WriteBatch& b) {
    e.store.users.put(b, c.account, u.name, u);
  }
};
struct InstanceProfileTarget {
  static constexpr std::string_view kParam = "InstanceProfileName";
  static const StringRule& rule() { return rules::kInstanceProfileName; }
  static InstanceProfile find(Engine& e, const Call& c, const std::string& name) {
    return require_instance_profile(e, c.account, name);
  }
  static void save(Engine& e, const Call& c, const InstanceProfile& p, storage::WriteBatch& b) {
    e.store.instance_profiles.put(b, c.account, p.name, p);
  }
};
struct PolicyTarget {
  static constexpr std::string_view kParam = "PolicyArn";
  static const StringRule& rule() { return rules::kArn; }
  static ManagedPolicy find(Engine& e, const Call& c, const std::string& arn) {
    PolicyRef ref = require_policy(e, c.account, arn, MissingPolicy::kDoesNotExist);
    if (ref.aws_managed) throw invalid_input("ARN " + arn + " is not valid.");
    return std::move(ref.policy);
  }
  static void save(Engine& e, const Call& c, const ManagedPolicy& p, storage::WriteBatch& b) {
    e.store.policies.put(b, c.account, p.name, p);
  }
};

template <class Target>
std::string tag(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required(Target::kParam, Target::rule());
  const auto tags = in.tags();
  if (!call.q.has_list("Tags")) in.fail("Value null at 'tags' failed to satisfy constraint: Member must not be null");
  in.done();
  auto entity = Target::find(engine, call, name);
  merge_tags(entity.tags, tags);
  storage::WriteBatch batch;
  Target::save(engine, call, entity, batch);
  engine.store.write(batch);
  return {};
}

template <class Target>
std::string untag(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required(Target::kParam, Target::rule());
  const auto keys = in.strings("TagKeys", rules::kTagKey, kMaxTags, true);
  in.done();
  auto entity = Target::find(engine, call, name);
  remove_tags(entity.tags, keys);
  storage::WriteBatch batch;
  Target::save(engine, call, entity, batch);
  engine.store.write(batch);
  return {};
}

template <class Target>
std::string list_tags(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required(Target::kParam, Target::rule());
  const PageRequest page = read_page_request(in);
  in.done();
  auto entity = Target::find(engine, call, name);
  // Tags page in the order they were added; the position is the sort key.
  std::vector<std::pair<std::string, Tag>> positioned;
  for (size_t i = 0; i < entity.tags.size(); ++i) {
    char key[24];
    std::snprintf(key, sizeof key, "%06zu", i);
    positioned.emplace_back(key, entity.tags[i]);
  }
  const PageEnd end = take_page(positioned, page, [](const auto& p) { return p.first; });
  std::vector<Tag> tags;
  for (auto& [k, t] : positioned) tags.push_back(std::move(t));
  XmlWriter w(false);
  write_tags(w, tags, true);
  write_page_end(w, end);
  return w.finish();
}

}  // namespace

std::string tag_role(Engine& e, const Call& c) { return tag<RoleTarget>(e, c); }
std::string untag_role(Engine& e, const Call& c) { return untag<RoleTarget>(e, c); }
std::string list_role_tags(Engine& e, const Call& c) { return list_tags<RoleTarget>(e, c); }
std::string tag_user(Engine& e, const Call& c) { return tag<UserTarget>(e, c); }
std::string untag_user(Engine& e, const Call& c) { return untag<UserTarget>(e, c); }
std::string list_user_tags(Engine& e, const Call& c) { return list_tags<UserTarget>(e, c); }
std::string tag_policy(Engine& e, const Call& c) { return tag<PolicyTarget>(e, c); }
std::string untag_policy(Engine& e, const Call& c) { return untag<PolicyTarget>(e, c); }
std::string list_policy_tags(Engine& e, const Call& c) { return list_tags<PolicyTarget>(e, c); }
std::string tag_instance_profile(Engine& e, const Call& c) { return tag<InstanceProfileTarget>(e, c); }
std::string untag_instance_profile(Engine& e, const Call& c) { return untag<InstanceProfileTarget>(e, c); }
std::string list_instance_profile_tags(Engine& e, const Call& c) { return list_tags<InstanceProfileTarget>(e, c); }

}  // namespace bunker::iam
