#include "dynamodb/item_store.h"

#include <algorithm>
#include <limits>

#include "bunker/core/hash.h"
#include "bunker/storage/key_codec.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/key_codec.h"

namespace bunker::dynamodb {
namespace {

uint16_t bucket_of(std::string_view encoded_hash) { return static_cast<uint16_t>(crc32(encoded_hash) & 0xFFFF); }

void append_u16(std::string& out, uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v & 0xFF);
}

std::string table_prefix(uint64_t table_id) {
  std::string p;
  storage::append_u64(p, table_id);
  return p;
}

std::string index_prefix(uint64_t table_id, uint16_t number) {
  std::string p = table_prefix(table_id);
  append_u16(p, number);
  return p;
}

// The bytes of a value's encoding that every value starting with it shares (the
// encoding without its terminator): begins_with as a key range.
std::string prefix_encoding(const AttributeValue& v) {
  std::string e = encode_key_part(v);
  e.resize(e.size() - 2);
  return e;
}

const AttributeValue* find_attr(const Item& item, const std::string& name) {
  auto it = item.find(name);
  return it == item.end() ? nullptr : &it->second;
}

}  // namespace

ItemStore::ItemStore(storage::Database& db)
    : db_(db),
      items_(db.family("dynamodb.items")),
      indexes_(db.family("dynamodb.indexes", storage::FamilyOptions{false, false})),
      ttl_(db.family("dynamodb.ttl", storage::FamilyOptions{false, false})) {}

std::string ItemStore::partition_prefix(uint64_t table_id, const IndexDefinition* index, const AttributeValue& hash) const {
  std::string p = index ? index_prefix(table_id, index->number) : table_prefix(table_id);
  std::string h = encode_key_part(hash);
  append_u16(p, bucket_of(h));
  p += h;
  return p;
}

std::string ItemStore::item_key(const TableDefinition& t, const Item& key) const {
  std::string k = partition_prefix(t.id, nullptr, key.at(t.hash.name));
  if (t.range) encode_key_part(key.at(t.range->name), k);
  return k;
}

std::optional<std::string> ItemStore::key_in(const TableDefinition& t, const IndexDefinition* index, const Item& item) const {
  if (!index) return item_key(t, item);
  const AttributeValue* h = find_attr(item, index->hash.name);
  if (!h || h->type() != index->hash.type) return std::nullopt;
  std::string k = partition_prefix(t.id, index, *h);
  if (index->range) {
    const AttributeValue* r = find_attr(item, index->range->name);
    if (!r || r->type() != index->range->type) return std::nullopt;
    encode_key_part(*r, k);
  }
  encode_key_part(item.at(t.hash.name), k);
  if (t.range) encode_key_part(item.at(t.range->name), k);
  return k;
}

std::optional<Item> ItemStore::get(const TableDefinition& t, const Item& key, const storage::Snapshot* snapshot) const {
  std::string value;
  if (!db_.get(items_, item_key(t, key), &value, snapshot)) return std::nullopt;
  return decode_item(value);
}

bool ItemStore::get_stored_bytes(const TableDefinition& t, const Item& key, std::string* value) const {
  return db_.get(items_, item_key(t, key), value);
}

std::optional<Item> ItemStore::get_stored(std::string_view store_key) const {
  std::string value;
  if (!db_.get(items_, store_key, &value)) return std::nullopt;
  return decode_item(value);
}

void ItemStore::check_index_keys(const TableDefinition& t, const Item& item) const {
  for (const auto& index : t.indexes) {
    for (const KeyElement* k : {&index.hash, index.range ? &*index.range : nullptr}) {
      if (!k) continue;
      const AttributeValue* v = find_attr(item, k->name);
      if (!v) continue;
      if (v->type() != k->type)
        throw invalid_parameter("Type mismatch for Index Key " + k->name + " Expected: " +
                                std::string(type_name(k->type)) + " Actual: " + std::string(type_name(v->type())) +
                                " IndexName: " + index.name);
      if ((v->is(Type::S) || v->is(Type::B)) && v->as_string().empty())
        throw validation_error(
            "One or more parameter values are not valid. A value specified for a secondary index key is not "
            "supported. The AttributeValue for a key attribute cannot contain an empty " +
            std::string(v->is(Type::S) ? "string" : "binary") + " value. IndexName: " + index.name +
            ", IndexKey: " + k->name);
    }
  }
}

std::optional<uint64_t> ItemStore::ttl_expiry(const TableDefinition& t, const Item& item) {
  if (!t.ttl_enabled) return std::nullopt;
  const AttributeValue* v = find_attr(item, t.ttl_attribute);
  if (!v || !v->is(Type::N)) return std::nullopt;
  const Number& n = v->as_number();
  if (n.negative()) return std::nullopt;
  if (n.is_zero() || n.exponent() <= 0) return 0;
  if (n.exponent() > 19) return std::numeric_limits<uint64_t>::max();
  // The integer part: the first `exponent` digits, zero-padded.
  uint64_t seconds = 0;
  for (int i = 0; i < n.exponent(); ++i) {
    int digit = i < static_cast<int>(n.digits().size()) ? n.digits()[i] - '0' : 0;
    if (seconds > (std::numeric_limits<uint64_t>::max() - digit) / 10) return std::numeric_limits<uint64_t>::max();
    seconds = seconds * 10 + digit;
  }
  return seconds;
}

namespace {

std::optional<std::string> ttl_entry(const TableDefinition& t, const Item& item, const std::string& store_key) {
  auto expiry = ItemStore::ttl_expiry(t, item);
  if (!expiry) return std::nullopt;
  std::string k = table_prefix(t.id);
  storage::append_u64(k, *expiry);
  k += store_key;
  return k;
}

}  // namespace

StatDelta ItemStore::stage(storage::WriteBatch& batch, const TableDefinition& t, const std::optional<Item>& before,
                           const std::optional<Item>& after) const {
  if (after) check_index_keys(t, *after);
  StatDelta delta;
  const Item& any = after ? *after : *before;
  std::string key = item_key(t, any);
  if (after) batch.put(items_, key, encode_item(*after));
  else batch.del(items_, key);
  for (const auto& index : t.indexes) {
    auto old_key = before ? key_in(t, &index, *before) : std::nullopt;
    auto new_key = after ? key_in(t, &index, *after) : std::nullopt;
    if (old_key && old_key != new_key) batch.del(indexes_, *old_key);
    if (new_key) batch.put(indexes_, *new_key, encode_item(project_for_index(t, index, *after)));
    int64_t old_size = old_key ? static_cast<int64_t>(item_size(*before)) : 0;
    int64_t new_size = new_key ? static_cast<int64_t>(item_size(*after)) : 0;
    delta.indexes.push_back({index.number, (new_key ? 1 : 0) - (old_key ? 1 : 0), new_size - old_size});
  }
  if (t.ttl_enabled) {
    auto old_ttl = before ? ttl_entry(t, *before, key) : std::nullopt;
    auto new_ttl = after ? ttl_entry(t, *after, key) : std::nullopt;
    if (old_ttl && old_ttl != new_ttl) batch.del(ttl_, *old_ttl);
    if (new_ttl && new_ttl != old_ttl) batch.put(ttl_, *new_ttl, "");
  }
  delta.items = (after ? 1 : 0) - (before ? 1 : 0);
  delta.bytes = (after ? static_cast<int64_t>(item_size(*after)) : 0) -
                (before ? static_cast<int64_t>(item_size(*before)) : 0);
  return delta;
}

void ItemStore::apply(TableStats& stats, const StatDelta& delta) {
  stats.table.items += delta.items;
  stats.table.bytes += delta.bytes;
  for (const auto& c : delta.indexes) {
    stats.index(c.number).items += c.items;
    stats.index(c.number).bytes += c.bytes;
  }
}

std::vector<ItemStore::TtlEntry> ItemStore::expired_entries(const TableDefinition& t, uint64_t from, uint64_t to,
                                                            std::size_t limit) const {
  std::string lower = table_prefix(t.id), upper = table_prefix(t.id);
  storage::append_u64(lower, from);
  storage::append_u64(upper, to);
  storage::ReadOptions ro;
  ro.lower_bound = lower;
  ro.upper_bound = storage::prefix_successor(upper);
  auto it = db_.iterator(ttl_, ro);
  std::vector<TtlEntry> out;
  for (it->seek_to_first(); it->valid() && out.size() < limit; it->next())
    out.push_back({std::string(it->key()), std::string(it->key().substr(16))});  // after table id and expiry
  it->check();
  return out;
}

void ItemStore::remove_ttl_entry(std::string_view entry_key) { db_.del(ttl_, entry_key); }

void ItemStore::backfill_ttl(const TableDefinition& t) {
  std::string base = table_prefix(t.id);
  auto it = iterate(nullptr, {base, storage::prefix_successor(base)});
  storage::WriteBatch batch;
  for (it->seek_to_first(); it->valid(); it->next()) {
    if (auto k = ttl_entry(t, decode_item(it->value()), std::string(it->key()))) batch.put(ttl_, *k, "");
    if (batch.count() >= 1000) {
      db_.write(batch);
      batch.clear();
    }
  }
  it->check();
  if (batch.count()) db_.write(batch);
}

void ItemStore::drop_ttl(const TableDefinition& t) {
  std::string base = table_prefix(t.id);
  storage::WriteBatch batch;
  batch.del_range(ttl_, base, storage::prefix_successor(base));
  db_.write(batch);
}

KeyRange ItemStore::query_range(const TableDefinition& t, const IndexDefinition* index, const KeyCondition& kc) const {
  std::string p = partition_prefix(t.id, index, kc.hash);
  KeyRange r{p, storage::prefix_successor(p)};
  if (!kc.range) return r;
  using Op = KeyCondition::Range::Op;
  std::string v1 = p + encode_key_part(kc.range->v1);
  switch (kc.range->op) {
    case Op::kEq: r = {v1, storage::prefix_successor(v1)}; break;
    case Op::kGe: r.lower = v1; break;
    case Op::kGt: r.lower = storage::prefix_successor(v1); break;
    case Op::kLt: r.upper = v1; break;
    case Op::kLe: r.upper = storage::prefix_successor(v1); break;
    case Op::kBetween:
      r.lower = v1;
      r.upper = storage::prefix_successor(p + encode_key_part(kc.range->v2));
      break;
    case Op::kBeginsWith: {
      std::string pre = p + prefix_encoding(kc.range->v1);
      r = {pre, storage::prefix_successor(pre)};
      break;
    }
  }
  return r;
}

KeyRange ItemStore::scan_range(const TableDefinition& t, const IndexDefinition* index, int segment, int total) const {
  std::string base = index ? index_prefix(t.id, index->number) : table_prefix(t.id);
  auto bucket_start = [&](long long s) { return (s * 65536 + total - 1) / total; };  // ceil(s*65536/total)
  long long lo = bucket_start(segment), hi = bucket_start(segment + 1);
  KeyRange r;
  r.lower = base;
  if (lo > 0) append_u16(r.lower, static_cast<uint16_t>(lo));
  if (hi >= 65536) {
    r.upper = storage::prefix_successor(base);
  } else {
    r.upper = base;
    append_u16(r.upper, static_cast<uint16_t>(hi));
  }
  return r;
}

std::unique_ptr<storage::Iterator> ItemStore::iterate(const IndexDefinition* index, const KeyRange& range) const {
  storage::ReadOptions ro;
  ro.lower_bound = range.lower;
  if (!range.upper.empty()) ro.upper_bound = range.upper;
  return db_.iterator(index ? indexes_ : items_, ro);
}

void ItemStore::backfill(const TableDefinition& t, TableStats& stats, const IndexDefinition& index) {
  std::string base = table_prefix(t.id);
  auto it = iterate(nullptr, {base, storage::prefix_successor(base)});
  storage::WriteBatch batch;
  for (it->seek_to_first(); it->valid(); it->next()) {
    Item item = decode_item(it->value());
    auto k = key_in(t, &index, item);
    if (!k) continue;
    batch.put(indexes_, *k, encode_item(project_for_index(t, index, item)));
    stats.index(index.number).items += 1;
    stats.index(index.number).bytes += static_cast<int64_t>(item_size(item));
    if (batch.count() >= 1000) {
      db_.write(batch);
      batch.clear();
    }
  }
  it->check();
  if (batch.count()) db_.write(batch);
}

void ItemStore::drop_table(const TableDefinition& t) {
  std::string base = table_prefix(t.id);
  storage::WriteBatch batch;
  batch.del_range(items_, base, storage::prefix_successor(base));
  batch.del_range(indexes_, base, storage::prefix_successor(base));
  batch.del_range(ttl_, base, storage::prefix_successor(base));
  db_.write(batch);
}

void ItemStore::drop_index(const TableDefinition& t, const IndexDefinition& index) {
  std::string base = index_prefix(t.id, index.number);
  storage::WriteBatch batch;
  batch.del_range(indexes_, base, storage::prefix_successor(base));
  db_.write(batch);
}

void ItemStore::recount(const TableDefinition& t, TableStats& stats) const {
  stats.table.reset();
  for (const auto& index : t.indexes) stats.index(index.number).reset();
  std::string base = table_prefix(t.id);
  auto it = iterate(nullptr, {base, storage::prefix_successor(base)});
  for (it->seek_to_first(); it->valid(); it->next()) {
    Item item = decode_item(it->value());
    auto size = static_cast<int64_t>(item_size(item));
    stats.table.items += 1;
    stats.table.bytes += size;
    for (const auto& index : t.indexes) {
      if (!key_in(t, &index, item)) continue;
      stats.index(index.number).items += 1;
      stats.index(index.number).bytes += size;
    }
  }
  it->check();
}

void ItemStore::clear_all() {
  db_.clear(items_);
  db_.clear(indexes_);
  db_.clear(ttl_);
}

std::size_t ItemLocks::stripe_of(std::string_view item_key) const {
  return std::hash<std::string_view>{}(item_key) % kStripes;
}

MultiItemLock::MultiItemLock(ItemLocks& locks, const std::vector<std::string>& item_keys) : locks_(locks) {
  for (const auto& k : item_keys) held_.push_back(locks.stripe_of(k));
  std::sort(held_.begin(), held_.end());
  held_.erase(std::unique(held_.begin(), held_.end()), held_.end());
  for (std::size_t i : held_) locks_.stripe(i).lock();
}

MultiItemLock::~MultiItemLock() {
  for (auto it = held_.rbegin(); it != held_.rend(); ++it) locks_.stripe(*it).unlock();
}

}  // namespace bunker::dynamodb
