#pragma once
// IAM's persistence: one RocksDB column family per concern, JSON records under
// order-preserving keys (account, lower-cased name), so listings come out in name
// order and IAM's case-insensitive names collide as they do on AWS. Attachments are
// indexed both ways (entity -> policies, policy -> entities) in one family; every
// multi-record change goes through one WriteBatch.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bunker/storage/database.h"
#include "iam/records.h"

namespace bunker::iam {

// Who a managed policy is attached to, or who holds an inline policy.
enum class EntityKind : char { kRole = 'R', kUser = 'U', kGroup = 'G' };

struct EntityRef {
  EntityKind kind;
  std::string name_key;  // lower-cased name
};

// Records of one type keyed by (account, lower-cased name); account may be empty for
// records keyed by id alone (access keys, sessions).
template <class T>
class RecordFamily {
 public:
  RecordFamily(storage::Database& db, std::string_view family) : db_(db), cf_(db.family(family)) {}

  std::optional<T> get(std::string_view account, std::string_view name) const {
    auto text = db_.get(cf_, key(account, name));
    if (!text) return std::nullopt;
    return nlohmann::json::parse(*text).get<T>();
  }
  void put(storage::WriteBatch& batch, std::string_view account, std::string_view name, const T& record) const {
    batch.put(cf_, key(account, name), nlohmann::json(record).dump());
  }
  void del(storage::WriteBatch& batch, std::string_view account, std::string_view name) const {
    batch.del(cf_, key(account, name));
  }
  // Every record of the account, in name order.
  std::vector<T> list(std::string_view account) const;
  void clear() const { db_.clear(cf_); }

 private:
  static std::string key(std::string_view account, std::string_view name);
  storage::Database& db_;
  storage::ColumnFamily* cf_;
};

class Store {
 public:
  explicit Store(storage::Database& db);

  RecordFamily<Role> roles;
  RecordFamily<User> users;
  RecordFamily<Group> groups;
  RecordFamily<ManagedPolicy> policies;  // customer managed only; AWS's are built in
  RecordFamily<InstanceProfile> instance_profiles;
  RecordFamily<AccessKey> access_keys;   // account "" + key id
  RecordFamily<Session> sessions;        // account "" + key id

  // Access keys of a user (user "" = the account's root), oldest first by id order.
  std::vector<std::string> access_keys_of(std::string_view account, std::string_view user) const;
  void index_access_key(storage::WriteBatch& batch, const AccessKey& key, bool present) const;

  // Managed-policy attachments.
  std::vector<std::string> attached_policies(std::string_view account, const EntityRef& entity) const;
  bool is_attached(std::string_view account, const EntityRef& entity, std::string_view policy_arn) const;
  std::vector<EntityRef> entities_for_policy(std::string_view account, std::string_view policy_arn) const;
  void set_attachment(storage::WriteBatch& batch, std::string_view account, const EntityRef& entity,
                      std::string_view policy_arn, bool attached) const;

  // Inline policies, in name order.
  std::optional<InlinePolicy> inline_policy(std::string_view account, const EntityRef& entity,
                                            std::string_view name) const;
  std::vector<InlinePolicy> inline_policies(std::string_view account, const EntityRef& entity) const;
  void put_inline_policy(storage::WriteBatch& batch, std::string_view account, const EntityRef& entity,
                         const InlinePolicy& policy) const;
  void del_inline_policy(storage::WriteBatch& batch, std::string_view account, const EntityRef& entity,
                         std::string_view name) const;

  void write(storage::WriteBatch& batch) { db_.write(batch); }
  void reset();

 private:
  storage::Database& db_;
  storage::ColumnFamily* attachments_;
  storage::ColumnFamily* inline_;
  storage::ColumnFamily* key_owners_;
};

}  // namespace bunker::iam
