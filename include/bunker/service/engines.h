#pragma once
// The in-process directory of services' public engine interfaces. A service that others
// may call (Lambda's invoker, S3's object reader, …) provides its interface here at
// construction; a caller looks it up when it needs it. Services never include each
// other's internals, only the interface headers under include/bunker/<service>/.
#include <mutex>
#include <typeindex>
#include <unordered_map>

namespace bunker {

class Engines {
 public:
  template <class T>
  void provide(T* engine) {
    std::lock_guard lock(mutex_);
    map_[std::type_index(typeid(T))] = engine;
  }
  // The engine, or nullptr when no service provides it.
  template <class T>
  T* find() const {
    std::lock_guard lock(mutex_);
    auto it = map_.find(std::type_index(typeid(T)));
    return it == map_.end() ? nullptr : static_cast<T*>(it->second);
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::type_index, void*> map_;
};

}  // namespace bunker
