#include "dynamodb/table_catalog.h"

#include <chrono>

#include "bunker/core/ids.h"
#include "dynamodb/errors.h"

namespace bunker::dynamodb {
namespace {
constexpr const char* kNextIdKey = "~next-table-id";
}

double now_seconds() {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  return static_cast<double>(ms) / 1000.0;
}

TableCatalog::TableCatalog(storage::Database& db, ItemStore& store, StreamStore& streams, double transition_seconds)
    : db_(db), store_(store), streams_(streams), family_(db.family("dynamodb.tables")),
      transition_seconds_(transition_seconds) {
  if (auto v = db_.get(family_, kNextIdKey)) next_id_ = std::stoull(*v);
  auto it = db_.iterator(family_);
  for (it->seek_to_first(); it->valid(); it->next()) {
    if (it->key() == kNextIdKey) continue;
    TableDefinition def = TableDefinition::from_storage(nlohmann::json::parse(it->value()));
    std::string key(it->key());
    if (def.status == "DELETING") {
      // A deletion that a restart interrupted completes now.
      finish_delete(key, def);
      continue;
    }
    auto handle = std::make_shared<TableHandle>(def);
    store_.recount(def, handle->stats);
    tables_.emplace(std::move(key), std::move(handle));
  }
  it->check();
}

std::string TableCatalog::key_of(const std::string& account, const std::string& region, std::string_view name) {
  return account + "/" + region + "/" + std::string(name);
}

void TableCatalog::persist(const TableDefinition& def) {
  db_.put(family_, key_of(def.account, def.region, def.name), def.to_storage().dump());
}

std::shared_ptr<TableHandle> TableCatalog::create(TableDefinition def) {
  std::lock_guard lock(mutex_);
  std::string key = key_of(def.account, def.region, def.name);
  if (tables_.count(key) || deleting_.count(key))
    throw resource_in_use("Table already exists: " + def.name);
  def.id = next_id_++;
  db_.put(family_, kNextIdKey, std::to_string(next_id_));
  def.table_id = uuid4();
  def.creation_time = now_seconds();
  if (transition_seconds_ > 0) {
    def.status = "CREATING";
    def.ready_at = def.creation_time + transition_seconds_;
  }
  persist(def);
  auto handle = std::make_shared<TableHandle>(std::move(def));
  tables_.emplace(key, handle);
  return handle;
}

void TableCatalog::settle(TableHandle& handle) {
  auto def = handle.definition();
  bool pending = def->status != "ACTIVE";
  for (const auto& i : def->indexes) pending = pending || i.status != "ACTIVE";
  if (!pending || now_seconds() < def->ready_at) return;
  TableDefinition next = *def;
  next.status = "ACTIVE";
  for (auto& i : next.indexes) {
    i.status = "ACTIVE";
    i.backfilling = false;
  }
  persist(next);
  handle.replace(std::move(next));
}

std::shared_ptr<TableHandle> TableCatalog::find(const Scope& scope, std::string_view name) {
  std::shared_ptr<TableHandle> handle;
  {
    std::lock_guard lock(mutex_);
    std::string key = key_of(scope.account, scope.region, name);
    auto d = deleting_.find(key);
    if (d != deleting_.end() && now_seconds() >= d->second.second) {
      TableDefinition def = d->second.first;
      deleting_.erase(d);
      finish_delete(key, def);
    }
    auto it = tables_.find(key);
    if (it == tables_.end()) return nullptr;
    handle = it->second;
  }
  settle(*handle);
  return handle;
}

std::shared_ptr<TableHandle> TableCatalog::get(const Scope& scope, std::string_view name, bool describe_message) {
  if (auto h = find(scope, name)) return h;
  {
    // A table being deleted is still visible to DescribeTable, as DELETING.
    std::lock_guard lock(mutex_);
    auto d = deleting_.find(key_of(scope.account, scope.region, name));
    if (d != deleting_.end() && describe_message) return std::make_shared<TableHandle>(d->second.first);
  }
  if (describe_message)
    throw resource_not_found("Requested resource not found: Table: " + std::string(name) + " not found");
  throw resource_not_found();
}

std::vector<std::string> TableCatalog::list(const Scope& scope) {
  std::lock_guard lock(mutex_);
  std::string prefix = key_of(scope.account, scope.region, "");
  std::vector<std::string> out;
  for (auto it = tables_.lower_bound(prefix); it != tables_.end() && it->first.starts_with(prefix); ++it)
    out.push_back(it->first.substr(prefix.size()));
  for (const auto& [k, v] : deleting_)
    if (k.starts_with(prefix)) out.push_back(k.substr(prefix.size()));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::shared_ptr<TableHandle>> TableCatalog::all() {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<TableHandle>> out;
  for (const auto& [k, h] : tables_) out.push_back(h);
  return out;
}

TableDefinition TableCatalog::remove(const Scope& scope, std::string_view name) {
  std::lock_guard lock(mutex_);
  std::string key = key_of(scope.account, scope.region, name);
  auto it = tables_.find(key);
  if (it == tables_.end()) throw resource_not_found("Requested resource not found: Table: " + std::string(name) + " not found");
  TableDefinition def = *it->second->definition();
  if (def.status == "CREATING" || def.status == "UPDATING")
    throw resource_in_use("Attempt to change a resource which is still in use: Table is being " +
                          std::string(def.status == "CREATING" ? "created" : "updated") + ": " + def.name);
  if (def.deletion_protection)
    throw validation_error("Resource cannot be deleted as it is currently protected against deletion. Disable "
                           "deletion protection first.");
  TableDefinition gone = def;
  gone.status = "DELETING";
  tables_.erase(it);
  // The table's stream closes now and stays readable for its retention period.
  if (gone.stream_id) streams_.close(gone.stream_id, now_seconds());
  if (transition_seconds_ > 0) {
    persist(gone);
    deleting_[key] = {gone, now_seconds() + transition_seconds_};
  } else {
    finish_delete(key, gone);
  }
  return gone;
}

void TableCatalog::finish_delete(const std::string& key, const TableDefinition& def) {
  store_.drop_table(def);
  db_.del(family_, key);
}

std::shared_ptr<const TableDefinition> TableCatalog::update(TableHandle& handle,
                                                             const std::function<void(TableDefinition&)>& fn) {
  std::lock_guard lock(mutex_);
  TableDefinition next = *handle.definition();
  fn(next);
  persist(next);
  handle.replace(std::move(next));
  return handle.definition();
}

void TableCatalog::reset() {
  std::lock_guard lock(mutex_);
  tables_.clear();
  deleting_.clear();
  db_.clear(family_);
  store_.clear_all();
  next_id_ = 1;
}

}  // namespace bunker::dynamodb
