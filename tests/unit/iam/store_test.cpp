// IAM's store on an in-memory RocksDB: case-insensitive names, per-account listings,
// attachments indexed both ways, access keys by owner.
#include <gtest/gtest.h>

#include "bunker/storage/database.h"
#include "iam/store.h"

namespace bunker::iam {
namespace {

std::unique_ptr<storage::Database> memory_db() {
  storage::Options o;
  o.in_memory = true;
  return storage::Database::open(o);
}

TEST(Store, NamesAreCaseInsensitiveAndAccountsSeparate) {
  auto db = memory_db();
  Store store(*db);
  storage::WriteBatch batch;
  Role a;
  a.name = "Zeta";
  Role b;
  b.name = "alpha";
  store.roles.put(batch, "111111111111", a.name, a);
  store.roles.put(batch, "111111111111", b.name, b);
  store.roles.put(batch, "222222222222", a.name, a);
  store.write(batch);
  ASSERT_TRUE(store.roles.get("111111111111", "ZETA"));
  EXPECT_EQ(store.roles.get("111111111111", "zeta")->name, "Zeta");
  auto listed = store.roles.list("111111111111");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "alpha");
  EXPECT_EQ(listed[1].name, "Zeta");
  EXPECT_EQ(store.roles.list("222222222222").size(), 1u);
  EXPECT_TRUE(store.roles.list("333333333333").empty());
}

TEST(Store, AttachmentsAreIndexedBothWays) {
  auto db = memory_db();
  Store store(*db);
  const std::string arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess";
  const EntityRef role{EntityKind::kRole, "r"};
  const EntityRef user{EntityKind::kUser, "r"};
  storage::WriteBatch batch;
  store.set_attachment(batch, "111111111111", role, arn, true);
  store.set_attachment(batch, "111111111111", user, arn, true);
  store.set_attachment(batch, "222222222222", role, arn, true);
  store.write(batch);
  EXPECT_TRUE(store.is_attached("111111111111", role, arn));
  EXPECT_EQ(store.attached_policies("111111111111", role), std::vector<std::string>{arn});
  auto entities = store.entities_for_policy("111111111111", arn);
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].kind, EntityKind::kRole);
  EXPECT_EQ(entities[1].kind, EntityKind::kUser);

  storage::WriteBatch detach;
  store.set_attachment(detach, "111111111111", role, arn, false);
  store.write(detach);
  EXPECT_FALSE(store.is_attached("111111111111", role, arn));
  EXPECT_EQ(store.entities_for_policy("111111111111", arn).size(), 1u);
  EXPECT_EQ(store.entities_for_policy("222222222222", arn).size(), 1u);
}

TEST(Store, AccessKeysByOwnerAndInlinePolicies) {
  auto db = memory_db();
  Store store(*db);
  AccessKey k{"AKIAAAAAAAAAAAAAAAAA", "s", "111111111111", "Bob"};
  AccessKey root{"AKIABBBBBBBBBBBBBBBB", "s", "111111111111", ""};
  storage::WriteBatch batch;
  store.index_access_key(batch, k, true);
  store.index_access_key(batch, root, true);
  store.put_inline_policy(batch, "111111111111", {EntityKind::kRole, "r"}, {"b", "{}"});
  store.put_inline_policy(batch, "111111111111", {EntityKind::kRole, "r"}, {"a", "{}"});
  store.write(batch);
  EXPECT_EQ(store.access_keys_of("111111111111", "bob"), std::vector<std::string>{k.id});
  EXPECT_EQ(store.access_keys_of("111111111111", ""), std::vector<std::string>{root.id});
  auto inline_policies = store.inline_policies("111111111111", {EntityKind::kRole, "r"});
  ASSERT_EQ(inline_policies.size(), 2u);
  EXPECT_EQ(inline_policies[0].name, "a");
  EXPECT_FALSE(store.inline_policy("111111111111", {EntityKind::kUser, "r"}, "a"));

  store.reset();
  EXPECT_TRUE(store.access_keys_of("111111111111", "bob").empty());
  EXPECT_TRUE(store.inline_policies("111111111111", {EntityKind::kRole, "r"}).empty());
}

}  // namespace
}  // namespace bunker::iam
