#pragma once
// The values a template computes with, modelled on the Java objects Velocity sees on
// API Gateway: null, Boolean, Integer, Long, Double, String, lists, LinkedHashMaps and
// host objects ($input, $util, $foreach…).
//
// Lists and maps have reference semantics like Java objects: copying a Value shares the
// container, so `#set($a = $m)$a.put('k', 1)` changes $m too. Strings are immutable and
// shared. Containers created while a Heap is active are owned by that Heap as well, and
// emptied when it dies: that is what frees reference cycles a template can build
// (`$m.put('self', $m)`) and keeps destruction of deep structures non-recursive.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace bunker::vtl {

class List;
class Map;
class HostObject;
class Runtime;

enum class ValueKind : std::uint8_t { Null, Bool, Int, Long, Double, String, List, Map, Object };

// How a list prints. Lists parsed from JSON (json-smart's JSONArray on AWS) print as
// compact JSON: [{"foo":"bar"}]. Lists a template builds (ArrayList) print as Java does:
// [a, b].
enum class ListStyle : std::uint8_t { Java, Json };

class Value {
 public:
  Value() = default;

  static Value boolean(bool b) { return Value(Storage(b)); }
  static Value int32(std::int32_t v) { return Value(Storage(v)); }
  static Value int64(std::int64_t v) { return Value(Storage(v)); }
  // Integer when it fits in 32 bits, Long otherwise (Velocity's literal and JSON rule).
  static Value integral(std::int64_t v) {
    if (v >= INT32_MIN && v <= INT32_MAX) return int32(static_cast<std::int32_t>(v));
    return int64(v);
  }
  static Value number(double v) { return Value(Storage(v)); }
  static Value string(std::string s) {
    return Value(Storage(std::make_shared<const std::string>(std::move(s))));
  }
  static Value list(std::shared_ptr<List> l) { return Value(Storage(std::move(l))); }
  static Value map(std::shared_ptr<Map> m) { return Value(Storage(std::move(m))); }
  static Value object(std::shared_ptr<HostObject> o) { return Value(Storage(std::move(o))); }
  // New empty containers, adopted by the active Heap (if any).
  static Value new_list(ListStyle style = ListStyle::Java);
  static Value new_map();

  ValueKind kind() const noexcept { return static_cast<ValueKind>(v_.index()); }
  bool is_null() const noexcept { return kind() == ValueKind::Null; }
  bool is_bool() const noexcept { return kind() == ValueKind::Bool; }
  bool is_integral() const noexcept { return kind() == ValueKind::Int || kind() == ValueKind::Long; }
  bool is_number() const noexcept { return is_integral() || kind() == ValueKind::Double; }
  bool is_string() const noexcept { return kind() == ValueKind::String; }
  bool is_list() const noexcept { return kind() == ValueKind::List; }
  bool is_map() const noexcept { return kind() == ValueKind::Map; }
  bool is_object() const noexcept { return kind() == ValueKind::Object; }

  bool as_bool() const { return std::get<bool>(v_); }
  std::int64_t as_int64() const;  // Int or Long
  double as_double() const;       // any number
  const std::string& as_string() const { return *std::get<5>(v_); }
  List& as_list() const { return *std::get<6>(v_); }
  Map& as_map() const { return *std::get<7>(v_); }
  HostObject& as_object() const { return *std::get<8>(v_); }
  const std::shared_ptr<List>& list_ptr() const { return std::get<6>(v_); }
  const std::shared_ptr<Map>& map_ptr() const { return std::get<7>(v_); }
  const std::shared_ptr<HostObject>& object_ptr() const { return std::get<8>(v_); }

  // Same container / same string object (Java's ==), used to spot self references.
  const void* identity() const noexcept;

 private:
  using Storage = std::variant<std::monostate, bool, std::int32_t, std::int64_t, double,
                               std::shared_ptr<const std::string>, std::shared_ptr<List>,
                               std::shared_ptr<Map>, std::shared_ptr<HostObject>>;
  explicit Value(Storage s) : v_(std::move(s)) {}
  Storage v_;
};

class List {
 public:
  explicit List(ListStyle style = ListStyle::Java) : style(style) {}
  std::vector<Value> items;
  ListStyle style;
};

// An insertion-ordered map (Java's LinkedHashMap): putting an existing key keeps its
// position. Keys are Values compared with Java equals: the string "1" and the Integer 1
// are different keys.
class Map {
 public:
  const Value* find(std::string_view key) const;
  const Value* find(const Value& key) const;
  Value* find(const Value& key);
  // Both return the previous value, null when there was none (java.util.Map.put).
  Value put(Value key, Value value);
  Value put(std::string_view key, Value value) { return put(Value::string(std::string(key)), std::move(value)); }
  Value remove(const Value& key);
  bool contains(const Value& key) const { return find(key) != nullptr; }
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  void clear();
  const std::vector<std::pair<Value, Value>>& entries() const noexcept { return entries_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::size_t index_of(const Value& key) const;  // npos when absent
  std::size_t index_of_string(std::string_view key) const;
  void reindex();

  // Small maps (most: $context, JSON objects of a request) are searched in order; the
  // hash index over string keys is built once a map grows past this size.
  static constexpr std::size_t kIndexFrom = 16;

  std::vector<std::pair<Value, Value>> entries_;
  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> string_index_;
  bool indexed_ = false;
};

// Objects implemented in C++ that templates call into ($input, $util, $foreach, …).
class HostObject {
 public:
  virtual ~HostObject() = default;
  virtual std::string_view type_name() const = 0;
  // $obj.name; null when there is no such property.
  virtual Value property(std::string_view name, Runtime& rt);
  // $obj.name(args); nullopt when there is no such method (the reference is then null).
  virtual std::optional<Value> call(std::string_view name, std::span<const Value> args, Runtime& rt);
  // What the object prints as. rt is null when printed outside a render.
  virtual std::string to_string(Runtime* rt) const;
  // #foreach over the object; nullopt when it is not iterable.
  virtual std::optional<std::vector<Value>> iterate(Runtime&) { return std::nullopt; }
};

// Owner of the containers created while it is active (see the file comment).
class Heap {
 public:
  Heap() = default;
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;
  ~Heap();

  void adopt(const std::shared_ptr<List>& l) { lists_.push_back(l); }
  void adopt(const std::shared_ptr<Map>& m) { maps_.push_back(m); }
  std::size_t size() const noexcept { return lists_.size() + maps_.size(); }

  static Heap* current() noexcept;

  // Makes a heap the active one for this thread for the scope's lifetime.
  class Scope {
   public:
    explicit Scope(Heap& heap);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Heap* previous_;
  };

 private:
  std::vector<std::shared_ptr<List>> lists_;
  std::vector<std::shared_ptr<Map>> maps_;
};

}  // namespace bunker::vtl
