// Managed policies: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy and their
// versions (CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions,
// DeletePolicyVersion, SetDefaultPolicyVersion) with IAM's default-version rules.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "iam/aws_managed_policies.h"
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

constexpr size_t kMaxVersions = 5;
constexpr size_t kManagedPolicySize = 6144;

// IAM counts a managed policy's size without whitespace.
void check_managed_policy_size(std::string_view document) {
  size_t n = 0;
  for (char c : document)
    if (!std::isspace(static_cast<unsigned char>(c))) ++n;
  if (n > kManagedPolicySize) throw limit_exceeded("Cannot exceed quota for PolicySize: " + std::to_string(kManagedPolicySize));
}

// Bunker does not let an account change AWS's own policies, as AWS does not.
AwsError aws_policy_unmodifiable(std::string_view arn) {
  return AwsError(403, "AccessDenied", "AWS managed policy " + std::string(arn) + " cannot be modified.");
}

ManagedPolicy require_customer_policy(Engine& engine, const Call& call, const std::string& arn) {
  PolicyRef ref = require_policy(engine, call.account, arn, MissingPolicy::kDoesNotExist);
  if (ref.aws_managed) throw aws_policy_unmodifiable(arn);
  return std::move(ref.policy);
}

const PolicyVersion* find_version(const ManagedPolicy& p, std::string_view id) {
  for (const auto& v : p.versions)
    if (v.id == id) return &v;
  return nullptr;
}

AwsError no_such_version(std::string_view arn, std::string_view id) {
  return no_such_entity("Policy " + std::string(arn) + " version " + std::string(id) + " does not exist.");
}

void save(Engine& engine, const Call& call, const ManagedPolicy& p) {
  storage::WriteBatch batch;
  engine.store.policies.put(batch, call.account, p.name, p);
  engine.store.write(batch);
}

size_t attachment_count(Engine& engine, const Call& call, const ManagedPolicy& p) {
  return engine.store.entities_for_policy(call.account, p.arn).size();
}

}  // namespace

std::string create_policy(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string name = in.required("PolicyName", rules::kPolicyName);
  const std::string path = in.string("Path", rules::kPolicyPath).value_or("/");
  const std::string document = in.required("PolicyDocument", rules::kPolicyDocument);
  const auto description = in.string("Description", rules::kPolicyDescription);
  const auto tags = in.tags();
  in.done();
  validate_policy_document(document, PolicyKind::kIdentity);
  check_managed_policy_size(document);
  check_unique_tag_keys(tags);
  if (engine.store.policies.get(call.account, name))
    throw already_exists("A policy called " + name + " already exists. Duplicate names are not allowed.");

  ManagedPolicy p;
  p.name = name;
  p.path = path;
  p.id = unique_id("ANPA");
  p.arn = entity_arn(call.account, "policy", path, name);
  p.description = description.value_or("");
  p.created_ms = p.updated_ms = now_ms();
  p.default_version = "v1";
  p.next_version = 2;
  p.versions.push_back({"v1", document, p.created_ms});
  p.tags = tags;
  save(engine, call, p);
  XmlWriter w(false);
  write_policy(w, "Policy", p, 0, 0, Detail::kCreated);
  return w.finish();
}

std::string get_policy(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string arn = in.required("PolicyArn", rules::kArn);
  in.done();
  const PolicyRef ref = require_policy(engine, call.account, arn, MissingPolicy::kNotFound);
  XmlWriter w(false);
  const auto boundaries = permissions_boundary_usage(engine, call.account);
  const auto used = boundaries.find(ref.policy.arn);
  write_policy(w, "Policy", ref.policy, attachment_count(engine, call, ref.policy),
               used == boundaries.end() ? 0 : used->second, Detail::kFull);
  return w.finish();
}

std::string list_policies(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string scope = in.enumeration("Scope", {"All", "AWS", "Local"}).value_or("All");
  const bool only_attached = in.boolean("OnlyAttached").value_or(false);
  const std::string prefix = in.string("PathPrefix", rules::kPolicyPath).value_or("/");
  const auto usage = in.enumeration("PolicyUsageFilter", {"PermissionsPolicy", "PermissionsBoundary"});
  const PageRequest page = read_page_request(in);
  in.done();

  struct Listed {
    std::string key;
    ManagedPolicy policy;
    size_t attachments;
    size_t boundaries;
  };
  std::vector<Listed> listed;
  const auto boundary_usage = permissions_boundary_usage(engine, call.account);
  auto consider = [&](const ManagedPolicy& p) {
    if (!p.path.starts_with(prefix)) return;
    const size_t count = attachment_count(engine, call, p);
    const auto used = boundary_usage.find(p.arn);
    const size_t boundaries = used == boundary_usage.end() ? 0 : used->second;
    // The usage filter says which use counts; without it, any use does.
    if (usage == "PermissionsPolicy" && count == 0) return;
    if (usage == "PermissionsBoundary" && boundaries == 0) return;
    if (only_attached && count == 0 && boundaries == 0) return;
    listed.push_back({to_lower(p.name) + " " + p.arn, p, count, boundaries});
  };
  if (scope != "Local")
    for (const auto& p : aws_managed_policies()) consider(p);
  if (scope != "AWS")
    for (const auto& p : engine.store.policies.list(call.account)) consider(p);
  std::sort(listed.begin(), listed.end(), [](const Listed& a, const Listed& b) { return a.key < b.key; });
  const PageEnd end = take_page(listed, page, [](const Listed& l) { return l.key; });

  XmlWriter w(false);
  w.open("Policies");
  for (const auto& l : listed) write_policy(w, "member", l.policy, l.attachments, l.boundaries, Detail::kListed);
  w.close();
  write_page_end(w, end);
  return w.finish();
}

std::string delete_policy(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string arn = in.required("PolicyArn", rules::kArn);
  in.done();
  const ManagedPolicy p = require_customer_policy(engine, call, arn);
  if (attachment_count(engine, call, p) > 0 || permissions_boundary_usage(engine, call.account).contains(p.arn))
    throw delete_conflict("Cannot delete a policy attached to entities.");
  if (p.versions.size() > 1)
    throw delete_conflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. "
        "The default version is deleted with the policy.");
  storage::WriteBatch batch;
  engine.store.policies.del(batch, call.account, p.name);
  engine.store.write(batch);
  return {};
}

std::string create_policy_version(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string arn = in.required("PolicyArn", rules::kArn);
  const std::string document = in.required("PolicyDocument", rules::kPolicyDocument);
  const bool set_default = in.boolean("SetAsDefault").value_or(false);
  in.done();
  ManagedPolicy p = require_customer_policy(engine, call, arn);
  validate_policy_document(document, PolicyKind::kIdentity);
  check_managed_policy_size(document);
  if (p.versions.size() >= kMaxVersions)
    throw limit_exceeded("A managed policy can have up to " + std::to_string(kMaxVersions) +
                         " versions. Before you create a new version, you must delete an existing version.");
  PolicyVersion v{"v" + std::to_string(p.next_version++), document, now_ms()};
  p.versions.push_back(v);
  if (set_default) {
    p.default_version = v.id;
    p.updated_ms = v.created_ms;
  }
  save(engine, call, p);
  XmlWriter w(false);
  write_policy_version(w, "PolicyVersion", v, set_default, false);
  return w.finish();
}

std::string get_policy_version(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string arn = in.required("PolicyArn", rules::kArn);
  const std::string id = in.required("VersionId", rules::kVersionId);
  in.done();
  const PolicyRef ref = require_policy(engine, call.account, arn, MissingPolicy::kDoesNotExist);
  const PolicyVersion* v = find_version(ref.policy, id);
  if (!v) throw no_such_version(arn, id);
  XmlWriter w(false);
  write_policy_version(w, "PolicyVersion", *v, v->id == ref.policy.default_version, true);
  return w.finish();
}

std::string list_policy_versions(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string arn = in.required("PolicyArn", rules::kArn);
  const PageRequest page = read_page_request(in);
  in.done();
  const PolicyRef ref = require_policy(engine, call.account, arn, MissingPolicy::kDoesNotExist);
  // Newest first; the sort key counts down with the version number.
  std::vector<std::pair<std::string, PolicyVersion>> versions;
  for (const auto& v : ref.policy.versions) {
    long long number = 0;
    parse_int64(std::string_view(v.id).substr(1), number);
    char key[24];
    std::snprintf(key, sizeof key, "%012lld", 999999999999LL - number);
    versions.emplace_back(key, v);
  }
  std::sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const PageEnd end = take_page(versions, page, [](const auto& p) { return p.first; });
  XmlWriter w(false);
  w.open("Versions");
  for (const auto& [k, v] : versions) write_policy_version(w, "member", v, v.id == ref.policy.default_version, false);
  w.close();
  write_page_end(w, end);
  return w.finish();
}

std::string delete_policy_version(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string arn = in.required("PolicyArn", rules::kArn);
  const std::string id = in.required("VersionId", rules::kVersionId);
  in.done();
  ManagedPolicy p = require_customer_policy(engine, call, arn);
  if (!find_version(p, id)) throw no_such_version(arn, id);
  if (p.default_version == id) throw delete_conflict("Cannot delete the default version of a policy.");
  std::erase_if(p.versions, [&](const PolicyVersion& v) { return v.id == id; });
  save(engine, call, p);
  return {};
}

std::string set_default_policy_version(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string arn = in.required("PolicyArn", rules::kArn);
  const std::string id = in.required("VersionId", rules::kVersionId);
  in.done();
  ManagedPolicy p = require_customer_policy(engine, call, arn);
  if (!find_version(p, id)) throw no_such_version(arn, id);
  p.default_version = id;
  p.updated_ms = now_ms();
  save(engine, call, p);
  return {};
}

}  // namespace bunker::iam
