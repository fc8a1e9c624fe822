#include "dynamodb/update_applier.h"

#include <algorithm>

#include "dynamodb/condition_evaluator.h"
#include "dynamodb/errors.h"

namespace bunker::dynamodb {
namespace {

[[noreturn]] void wrong_type() { throw validation_error("An operand in the update expression has an incorrect data type"); }
[[noreturn]] void invalid_path() {
  throw validation_error("The document path provided in the update expression is invalid for update");
}

AttributeValue evaluate_set_value(const Operand& o, const Item& original) {
  switch (o.kind) {
    case Operand::Kind::kValue: return o.value;
    case Operand::Kind::kPath: {
      const AttributeValue* v = resolve_path(original, o.path);
      if (!v) throw validation_error("The provided expression refers to an attribute that does not exist in the item");
      return *v;
    }
    case Operand::Kind::kIfNotExists: {
      const AttributeValue* v = resolve_path(original, o.args[0].path);
      return v ? *v : evaluate_set_value(o.args[1], original);
    }
    case Operand::Kind::kListAppend: {
      AttributeValue a = evaluate_set_value(o.args[0], original), b = evaluate_set_value(o.args[1], original);
      if (!a.is(Type::L) || !b.is(Type::L)) wrong_type();
      List out = a.as_list();
      for (const auto& e : b.as_list()) out.push_back(e);
      return AttributeValue::list(std::move(out));
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      AttributeValue a = evaluate_set_value(o.args[0], original), b = evaluate_set_value(o.args[1], original);
      if (!a.is(Type::N) || !b.is(Type::N)) wrong_type();
      return AttributeValue::number(o.kind == Operand::Kind::kPlus ? a.as_number().plus(b.as_number())
                                                                   : a.as_number().minus(b.as_number()));
    }
    case Operand::Kind::kSize: break;
  }
  wrong_type();
}

// The container that holds the last element of path, or nullptr when a step is
// missing or of the wrong type.
AttributeValue* parent_of(Item& item, const Path& path) {
  auto it = item.find(path.elements[0].name);
  if (it == item.end()) return nullptr;
  AttributeValue* cur = &it->second;
  for (std::size_t i = 1; i + 1 < path.elements.size(); ++i) {
    const PathElement& e = path.elements[i];
    if (e.is_index()) {
      if (!cur->is(Type::L) || e.index >= static_cast<long long>(cur->as_list().size())) return nullptr;
      cur = &cur->as_list()[static_cast<std::size_t>(e.index)];
    } else {
      if (!cur->is(Type::M)) return nullptr;
      auto m = cur->as_map().find(e.name);
      if (m == cur->as_map().end()) return nullptr;
      cur = &m->second;
    }
  }
  return cur;
}

void set_at(Item& item, const Path& path, AttributeValue value) {
  if (path.elements.size() == 1) {
    item.insert_or_assign(path.elements[0].name, std::move(value));
    return;
  }
  AttributeValue* parent = parent_of(item, path);
  const PathElement& last = path.elements.back();
  if (!parent) invalid_path();
  if (last.is_index()) {
    if (!parent->is(Type::L)) invalid_path();
    List& l = parent->as_list();
    if (last.index < static_cast<long long>(l.size())) l[static_cast<std::size_t>(last.index)] = std::move(value);
    else l.push_back(std::move(value));  // past the end appends, without padding
  } else {
    if (!parent->is(Type::M)) invalid_path();
    parent->as_map().insert_or_assign(last.name, std::move(value));
  }
}

void remove_at(Item& item, const Path& path) {
  if (path.elements.size() == 1) {
    item.erase(path.elements[0].name);
    return;
  }
  AttributeValue* parent = parent_of(item, path);
  if (!parent) return;
  const PathElement& last = path.elements.back();
  if (last.is_index()) {
    if (!parent->is(Type::L)) invalid_path();
    List& l = parent->as_list();
    if (last.index < static_cast<long long>(l.size())) l.erase(l.begin() + last.index);
  } else {
    if (!parent->is(Type::M)) invalid_path();
    parent->as_map().erase(last.name);
  }
}

AttributeValue add_values(const AttributeValue& current, const AttributeValue& delta) {
  if (current.type() != delta.type()) wrong_type();
  switch (current.type()) {
    case Type::N: return AttributeValue::number(current.as_number().plus(delta.as_number()));
    case Type::SS:
    case Type::BS: {
      auto members = current.as_strings();
      members.insert(members.end(), delta.as_strings().begin(), delta.as_strings().end());
      return current.is(Type::SS) ? AttributeValue::string_set(std::move(members))
                                  : AttributeValue::binary_set(std::move(members));
    }
    case Type::NS: {
      auto members = current.as_numbers();
      members.insert(members.end(), delta.as_numbers().begin(), delta.as_numbers().end());
      return AttributeValue::number_set(std::move(members));
    }
    default: wrong_type();
  }
}

std::optional<AttributeValue> delete_values(const AttributeValue& current, const AttributeValue& delta) {
  if (current.type() != delta.type()) wrong_type();
  if (current.is(Type::NS)) {
    std::vector<Number> keep;
    for (const auto& n : current.as_numbers())
      if (!std::binary_search(delta.as_numbers().begin(), delta.as_numbers().end(), n)) keep.push_back(n);
    if (keep.empty()) return std::nullopt;
    return AttributeValue::number_set(std::move(keep));
  }
  std::vector<std::string> keep;
  for (const auto& s : current.as_strings())
    if (!std::binary_search(delta.as_strings().begin(), delta.as_strings().end(), s)) keep.push_back(s);
  if (keep.empty()) return std::nullopt;
  return current.is(Type::SS) ? AttributeValue::string_set(std::move(keep)) : AttributeValue::binary_set(std::move(keep));
}

bool path_less(const Path& a, const Path& b) {
  std::size_t n = std::min(a.elements.size(), b.elements.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto &x = a.elements[i], &y = b.elements[i];
    if (x == y) continue;
    if (x.is_index() && y.is_index()) return x.index < y.index;
    return x.name < y.name;
  }
  return a.elements.size() < b.elements.size();
}

}  // namespace

void apply_update(const UpdateExpression& update, Item& item) {
  const Item original = item;
  std::vector<std::pair<const Path*, AttributeValue>> sets;
  for (const auto& a : update.actions)
    if (a.kind == UpdateAction::Kind::kSet) sets.emplace_back(&a.path, evaluate_set_value(a.value, original));
  for (auto& [path, value] : sets) set_at(item, *path, std::move(value));

  // Highest indexes first, so each REMOVE sees the original positions.
  std::vector<const Path*> removes;
  for (const auto& a : update.actions)
    if (a.kind == UpdateAction::Kind::kRemove) removes.push_back(&a.path);
  std::sort(removes.begin(), removes.end(), [](const Path* a, const Path* b) { return path_less(*b, *a); });
  for (const Path* p : removes) remove_at(item, *p);

  for (const auto& a : update.actions) {
    if (a.kind == UpdateAction::Kind::kAdd) {
      const AttributeValue* current = resolve_path(item, a.path);
      set_at(item, a.path, current ? add_values(*current, a.value.value) : a.value.value);
    } else if (a.kind == UpdateAction::Kind::kDelete) {
      const AttributeValue* current = resolve_path(item, a.path);
      if (!current) continue;
      auto rest = delete_values(*current, a.value.value);
      if (rest) set_at(item, a.path, std::move(*rest));
      else remove_at(item, a.path);
    }
  }
}

std::vector<Path> updated_paths(const UpdateExpression& update) {
  std::vector<Path> out;
  for (const auto& a : update.actions) out.push_back(a.path);
  return out;
}

}  // namespace bunker::dynamodb
