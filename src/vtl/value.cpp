#include "vtl/value.h"

#include <string>

namespace bunker::vtl {

namespace {
thread_local Heap* g_current_heap = nullptr;
constexpr std::size_t kNpos = static_cast<std::size_t>(-1);

// Java equals for map keys: same kind and same content; Integer 1 and Long 1 differ.
bool same_key(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::Null: return true;
    case ValueKind::Bool: return a.as_bool() == b.as_bool();
    case ValueKind::Int:
    case ValueKind::Long: return a.as_int64() == b.as_int64();
    case ValueKind::Double: return a.as_double() == b.as_double();
    case ValueKind::String: return a.as_string() == b.as_string();
    default: return a.identity() == b.identity();
  }
}
}  // namespace

std::int64_t Value::as_int64() const {
  if (kind() == ValueKind::Int) return std::get<std::int32_t>(v_);
  return std::get<std::int64_t>(v_);
}

double Value::as_double() const {
  switch (kind()) {
    case ValueKind::Int: return std::get<std::int32_t>(v_);
    case ValueKind::Long: return static_cast<double>(std::get<std::int64_t>(v_));
    default: return std::get<double>(v_);
  }
}

const void* Value::identity() const noexcept {
  switch (kind()) {
    case ValueKind::String: return std::get<5>(v_).get();
    case ValueKind::List: return std::get<6>(v_).get();
    case ValueKind::Map: return std::get<7>(v_).get();
    case ValueKind::Object: return std::get<8>(v_).get();
    default: return nullptr;
  }
}

Value Value::new_list(ListStyle style) {
  auto l = std::make_shared<List>(style);
  if (Heap* h = Heap::current()) h->adopt(l);
  return list(std::move(l));
}

Value Value::new_map() {
  auto m = std::make_shared<Map>();
  if (Heap* h = Heap::current()) h->adopt(m);
  return map(std::move(m));
}

// ---- Map ----

std::size_t Map::index_of_string(std::string_view key) const {
  if (indexed_) {
    auto it = string_index_.find(key);
    return it == string_index_.end() ? kNpos : it->second;
  }
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Value& k = entries_[i].first;
    if (k.is_string() && k.as_string() == key) return i;
  }
  return kNpos;
}

std::size_t Map::index_of(const Value& key) const {
  if (key.is_string()) return index_of_string(key.as_string());
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (same_key(entries_[i].first, key)) return i;
  }
  return kNpos;
}

const Value* Map::find(std::string_view key) const {
  std::size_t i = index_of_string(key);
  return i == kNpos ? nullptr : &entries_[i].second;
}

const Value* Map::find(const Value& key) const {
  std::size_t i = index_of(key);
  return i == kNpos ? nullptr : &entries_[i].second;
}

Value* Map::find(const Value& key) {
  std::size_t i = index_of(key);
  return i == kNpos ? nullptr : &entries_[i].second;
}

Value Map::put(Value key, Value value) {
  std::size_t i = index_of(key);
  if (i != kNpos) {
    std::swap(entries_[i].second, value);
    return value;
  }
  if (indexed_ && key.is_string()) string_index_.emplace(key.as_string(), entries_.size());
  entries_.emplace_back(std::move(key), std::move(value));
  if (!indexed_ && entries_.size() > kIndexFrom) reindex();
  return Value();
}

Value Map::remove(const Value& key) {
  std::size_t i = index_of(key);
  if (i == kNpos) return Value();
  Value old = std::move(entries_[i].second);
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
  if (indexed_) reindex();
  return old;
}

void Map::clear() {
  entries_.clear();
  string_index_.clear();
  indexed_ = false;
}

void Map::reindex() {
  string_index_.clear();
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].first.is_string()) string_index_.emplace(entries_[i].first.as_string(), i);
  }
  indexed_ = true;
}

// ---- HostObject defaults ----

Value HostObject::property(std::string_view, Runtime&) { return Value(); }

std::optional<Value> HostObject::call(std::string_view, std::span<const Value>, Runtime&) {
  return std::nullopt;
}

std::string HostObject::to_string(Runtime*) const { return std::string(type_name()); }

// ---- Heap ----

Heap::~Heap() {
  // Every container stays alive through lists_/maps_ while the others are emptied, so
  // no destructor below recurses into a deep or cyclic structure.
  for (auto& l : lists_) l->items.clear();
  for (auto& m : maps_) m->clear();
}

Heap* Heap::current() noexcept { return g_current_heap; }

Heap::Scope::Scope(Heap& heap) : previous_(g_current_heap) { g_current_heap = &heap; }
Heap::Scope::~Scope() { g_current_heap = previous_; }

}  // namespace bunker::vtl
