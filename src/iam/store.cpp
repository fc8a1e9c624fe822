#include "iam/store.h"

#include "bunker/core/strings.h"
#include "bunker/storage/key_codec.h"

namespace bunker::iam {
namespace {

using storage::append_string;

std::string entity_prefix(char tag, std::string_view account, const EntityRef& entity) {
  std::string k(1, tag);
  append_string(k, account);
  k.push_back(static_cast<char>(entity.kind));
  append_string(k, entity.name_key);
  return k;
}

// Collects the decoded last string part of every key under prefix.
std::vector<std::string> last_parts(storage::Database& db, storage::ColumnFamily* cf, const std::string& prefix) {
  std::vector<std::string> out;
  auto ro = storage::ReadOptions::prefixed(prefix);
  auto it = db.iterator(cf, ro);
  for (it->seek(prefix); it->valid(); it->next()) {
    std::string_view rest = it->key().substr(prefix.size());
    if (auto part = storage::read_string(rest)) out.push_back(std::move(*part));
  }
  it->check();
  return out;
}

}  // namespace

template <class T>
std::string RecordFamily<T>::key(std::string_view account, std::string_view name) {
  std::string k;
  append_string(k, account);
  append_string(k, to_lower(name));
  return k;
}

template <class T>
std::vector<T> RecordFamily<T>::list(std::string_view account) const {
  std::string prefix;
  append_string(prefix, account);
  auto ro = storage::ReadOptions::prefixed(prefix);
  std::vector<T> out;
  auto it = db_.iterator(cf_, ro);
  for (it->seek(prefix); it->valid(); it->next()) out.push_back(nlohmann::json::parse(it->value()).template get<T>());
  it->check();
  return out;
}

template class RecordFamily<Role>;
template class RecordFamily<User>;
template class RecordFamily<Group>;
template class RecordFamily<ManagedPolicy>;
template class RecordFamily<InstanceProfile>;
template class RecordFamily<AccessKey>;
template class RecordFamily<Session>;

Store::Store(storage::Database& db)
    : roles(db, "iam.roles"),
      users(db, "iam.users"),
      groups(db, "iam.groups"),
      policies(db, "iam.policies"),
      instance_profiles(db, "iam.instance_profiles"),
      access_keys(db, "iam.access_keys"),
      sessions(db, "iam.sessions"),
      db_(db),
      attachments_(db.family("iam.attachments")),
      inline_(db.family("iam.inline_policies")),
      key_owners_(db.family("iam.access_key_owners")) {}

std::vector<std::string> Store::access_keys_of(std::string_view account, std::string_view user) const {
  std::string prefix;
  append_string(prefix, account);
  append_string(prefix, to_lower(user));
  return last_parts(db_, key_owners_, prefix);
}

void Store::index_access_key(storage::WriteBatch& batch, const AccessKey& key, bool present) const {
  std::string k;
  append_string(k, key.account);
  append_string(k, to_lower(key.user));
  append_string(k, key.id);
  if (present) {
    batch.put(key_owners_, k, "");
  } else {
    batch.del(key_owners_, k);
  }
}

std::vector<std::string> Store::attached_policies(std::string_view account, const EntityRef& entity) const {
  return last_parts(db_, attachments_, entity_prefix('E', account, entity));
}

bool Store::is_attached(std::string_view account, const EntityRef& entity, std::string_view policy_arn) const {
  std::string k = entity_prefix('E', account, entity);
  append_string(k, policy_arn);
  std::string value;
  return db_.get(attachments_, k, &value);
}

std::vector<EntityRef> Store::entities_for_policy(std::string_view account, std::string_view policy_arn) const {
  std::string prefix(1, 'P');
  append_string(prefix, account);
  append_string(prefix, policy_arn);
  std::vector<EntityRef> out;
  auto ro = storage::ReadOptions::prefixed(prefix);
  auto it = db_.iterator(attachments_, ro);
  for (it->seek(prefix); it->valid(); it->next()) {
    std::string_view rest = it->key().substr(prefix.size());
    if (rest.empty()) continue;
    const auto kind = static_cast<EntityKind>(rest[0]);
    rest.remove_prefix(1);
    if (auto name = storage::read_string(rest)) out.push_back({kind, std::move(*name)});
  }
  it->check();
  return out;
}

void Store::set_attachment(storage::WriteBatch& batch, std::string_view account, const EntityRef& entity,
                           std::string_view policy_arn, bool attached) const {
  std::string by_entity = entity_prefix('E', account, entity);
  append_string(by_entity, policy_arn);
  std::string by_policy(1, 'P');
  append_string(by_policy, account);
  append_string(by_policy, policy_arn);
  by_policy.push_back(static_cast<char>(entity.kind));
  append_string(by_policy, entity.name_key);
  if (attached) {
    batch.put(attachments_, by_entity, "");
    batch.put(attachments_, by_policy, "");
  } else {
    batch.del(attachments_, by_entity);
    batch.del(attachments_, by_policy);
  }
}

std::optional<InlinePolicy> Store::inline_policy(std::string_view account, const EntityRef& entity,
                                                 std::string_view name) const {
  std::string k = entity_prefix('I', account, entity);
  append_string(k, name);
  auto text = db_.get(inline_, k);
  if (!text) return std::nullopt;
  return nlohmann::json::parse(*text).get<InlinePolicy>();
}

std::vector<InlinePolicy> Store::inline_policies(std::string_view account, const EntityRef& entity) const {
  const std::string prefix = entity_prefix('I', account, entity);
  auto ro = storage::ReadOptions::prefixed(prefix);
  std::vector<InlinePolicy> out;
  auto it = db_.iterator(inline_, ro);
  for (it->seek(prefix); it->valid(); it->next()) out.push_back(nlohmann::json::parse(it->value()).get<InlinePolicy>());
  it->check();
  return out;
}

void Store::put_inline_policy(storage::WriteBatch& batch, std::string_view account, const EntityRef& entity,
                              const InlinePolicy& policy) const {
  std::string k = entity_prefix('I', account, entity);
  append_string(k, policy.name);
  batch.put(inline_, k, nlohmann::json(policy).dump());
}

void Store::del_inline_policy(storage::WriteBatch& batch, std::string_view account, const EntityRef& entity,
                              std::string_view name) const {
  std::string k = entity_prefix('I', account, entity);
  append_string(k, name);
  batch.del(inline_, k);
}

void Store::reset() {
  roles.clear();
  users.clear();
  groups.clear();
  policies.clear();
  instance_profiles.clear();
  access_keys.clear();
  sessions.clear();
  db_.clear(attachments_);
  db_.clear(inline_);
  db_.clear(key_owners_);
}

}  // namespace bunker::iam
