// Long-term access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey,
// DeleteAccessKey, GetAccessKeyLastUsed. A created key signs requests to every Bunker
// service and maps to its account (see credential_directory.cpp).
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "iam/engine.h"
#include "iam/errors.h"
#include "iam/identifiers.h"
#include "iam/input.h"
#include "iam/lookups.h"
#include "iam/pagination.h"
#include "iam/principal.h"

namespace bunker::iam {
namespace {

constexpr size_t kKeysPerUser = 2;

// The user a request's keys belong to: UserName when given, else the caller itself (an
// IAM user, or the account's root user, written as "").
std::string key_owner(Engine& engine, const Call& call, const std::optional<std::string>& user_name) {
  if (user_name) return require_user(engine, call.account, *user_name).name;
  return caller_principal(engine.store, call.caller, call.account).user_name;
}

AccessKey require_key(Engine& engine, const Call& call, const std::string& owner, const std::string& id) {
  auto key = engine.store.access_keys.get("", id);
  if (!key || key->account != call.account || !iequals(key->user, owner))
    throw no_such_entity("The Access Key with id " + id + " cannot be found.");
  return std::move(*key);
}

}  // namespace

std::string create_access_key(Engine& engine, const Call& call) {
  Input in(call.q);
  const auto user_name = in.string("UserName", rules::kExistingUserName);
  in.done();
  const std::string owner = key_owner(engine, call, user_name);
  if (engine.store.access_keys_of(call.account, owner).size() >= kKeysPerUser)
    throw limit_exceeded("Cannot exceed quota for AccessKeysPerUser: " + std::to_string(kKeysPerUser));
  AccessKey key;
  key.id = access_key_id(false);
  key.secret = secret_access_key();
  key.account = call.account;
  key.user = owner;
  key.created_ms = now_ms();
  storage::WriteBatch batch;
  engine.store.access_keys.put(batch, "", key.id, key);
  engine.store.index_access_key(batch, key, true);
  engine.store.write(batch);

  XmlWriter w(false);
  w.open("AccessKey");
  if (!owner.empty()) w.element("UserName", owner);
  w.element("AccessKeyId", key.id);
  w.element("Status", key.status);
  w.element("SecretAccessKey", key.secret);
  w.element("CreateDate", iam_date(key.created_ms));
  w.close();
  return w.finish();
}

std::string list_access_keys(Engine& engine, const Call& call) {
  Input in(call.q);
  const auto user_name = in.string("UserName", rules::kExistingUserName);
  const PageRequest page = read_page_request(in);
  in.done();
  const std::string owner = key_owner(engine, call, user_name);
  std::vector<AccessKey> keys;
  for (const auto& id : engine.store.access_keys_of(call.account, owner))
    if (auto k = engine.store.access_keys.get("", id)) keys.push_back(std::move(*k));
  const PageEnd end = take_page(keys, page, [](const AccessKey& k) { return k.id; });
  XmlWriter w(false);
  w.open("AccessKeyMetadata");
  for (const auto& k : keys) {
    w.open("member");
    if (!k.user.empty()) w.element("UserName", k.user);
    w.element("AccessKeyId", k.id);
    w.element("Status", k.status);
    w.element("CreateDate", iam_date(k.created_ms));
    w.close();
  }
  w.close();
  write_page_end(w, end);
  return w.finish();
}

std::string update_access_key(Engine& engine, const Call& call) {
  Input in(call.q);
  const auto user_name = in.string("UserName", rules::kExistingUserName);
  const std::string id = in.required("AccessKeyId", rules::kAccessKeyId);
  const auto status = in.enumeration("Status", {"Active", "Inactive", "Expired"});
  if (!call.q.get("Status")) in.fail("Value null at 'status' failed to satisfy constraint: Member must not be null");
  in.done();
  const std::string owner = key_owner(engine, call, user_name);
  AccessKey key = require_key(engine, call, owner, id);
  key.status = *status;
  storage::WriteBatch batch;
  engine.store.access_keys.put(batch, "", key.id, key);
  engine.store.write(batch);
  return {};
}

std::string delete_access_key(Engine& engine, const Call& call) {
  Input in(call.q);
  const auto user_name = in.string("UserName", rules::kExistingUserName);
  const std::string id = in.required("AccessKeyId", rules::kAccessKeyId);
  in.done();
  const std::string owner = key_owner(engine, call, user_name);
  const AccessKey key = require_key(engine, call, owner, id);
  storage::WriteBatch batch;
  engine.store.access_keys.del(batch, "", key.id);
  engine.store.index_access_key(batch, key, false);
  engine.store.write(batch);
  return {};
}

std::string get_access_key_last_used(Engine& engine, const Call& call) {
  Input in(call.q);
  const std::string id = in.required("AccessKeyId", rules::kAccessKeyId);
  in.done();
  auto key = engine.store.access_keys.get("", id);
  if (!key || key->account != call.account) throw no_such_entity("The Access Key with id " + id + " cannot be found.");
  XmlWriter w(false);
  if (!key->user.empty()) w.element("UserName", key->user);
  // Bunker does not record key use (it would cost a write per request); IAM answers
  // N/A for a key it has not seen used.
  w.open("AccessKeyLastUsed");
  w.element("ServiceName", "N/A");
  w.element("Region", "N/A");
  w.close();
  return w.finish();
}

}  // namespace bunker::iam
