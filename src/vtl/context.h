#pragma once
// The variables a render sees ($name → Value). #set writes here; macro parameters and
// loop variables shadow entries while they are in scope.
//
// A Context owns a Heap: containers created during its renders (and through make_list /
// make_map / adopt_json below) live until the Context dies, then are emptied. Values
// taken out of a Context should therefore be converted (to_json, to_nlohmann…) before
// the Context is destroyed if they contain lists or maps.
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "vtl/value.h"

namespace bunker::vtl {

class Context {
 public:
  Context() = default;
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  void set(std::string_view name, Value v);
  // Null when the variable is not defined.
  const Value* get(std::string_view name) const;
  void erase(std::string_view name);
  bool contains(std::string_view name) const { return get(name) != nullptr; }

  Value make_list(ListStyle style = ListStyle::Java);
  Value make_map();
  // nlohmann JSON as template values (objects → maps, arrays → JSON lists).
  Value adopt_json(const nlohmann::json& j);

  Heap& heap() noexcept { return heap_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  // Declared first so it is destroyed last: variables drop their references, then the
  // heap empties every container.
  Heap heap_;
  std::unordered_map<std::string, Value, Hash, std::equal_to<>> vars_;
};

}  // namespace bunker::vtl
