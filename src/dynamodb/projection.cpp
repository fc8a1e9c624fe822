#include "dynamodb/projection.h"

#include "dynamodb/condition_evaluator.h"

namespace bunker::dynamodb {
namespace {

struct Node {
  const AttributeValue* leaf = nullptr;
  bool is_list = false;
  std::map<std::string, Node, std::less<>> fields;
  std::map<long long, Node> items;

  AttributeValue build() const {
    if (leaf) return *leaf;
    if (is_list) {
      List l;
      for (const auto& [i, n] : items) l.push_back(n.build());
      return AttributeValue::list(std::move(l));
    }
    Map m;
    for (const auto& [k, n] : fields) m.emplace(k, n.build());
    return AttributeValue::map(std::move(m));
  }
};

}  // namespace

Item project(const Item& item, const std::vector<Path>& paths) {
  std::map<std::string, Node, std::less<>> roots;
  for (const Path& p : paths) {
    const AttributeValue* v = resolve_path(item, p);
    if (!v) continue;
    Node* node = &roots[p.elements[0].name];
    for (std::size_t i = 1; i < p.elements.size(); ++i) {
      const PathElement& e = p.elements[i];
      node->is_list = e.is_index();
      node = e.is_index() ? &node->items[e.index] : &node->fields[e.name];
    }
    node->leaf = v;
  }
  Item out;
  for (const auto& [k, n] : roots) out.emplace(k, n.build());
  return out;
}

}  // namespace bunker::dynamodb
