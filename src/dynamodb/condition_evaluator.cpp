#include "dynamodb/condition_evaluator.h"

#include <algorithm>

namespace bunker::dynamodb {

const AttributeValue* resolve_path(const Item& item, const Path& path) {
  auto it = item.find(path.elements.front().name);
  if (it == item.end()) return nullptr;
  const AttributeValue* cur = &it->second;
  for (std::size_t i = 1; i < path.elements.size(); ++i) {
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

std::optional<long long> value_size(const AttributeValue& v) {
  switch (v.type()) {
    case Type::S:
    case Type::B: return static_cast<long long>(v.as_string().size());
    case Type::SS:
    case Type::BS: return static_cast<long long>(v.as_strings().size());
    case Type::NS: return static_cast<long long>(v.as_numbers().size());
    case Type::M: return static_cast<long long>(v.as_map().size());
    case Type::L: return static_cast<long long>(v.as_list().size());
    default: return std::nullopt;
  }
}

OperandValue evaluate_operand(const Operand& o, const Item& item) {
  OperandValue out;
  switch (o.kind) {
    case Operand::Kind::kPath: out.ptr = resolve_path(item, o.path); break;
    case Operand::Kind::kValue: out.ptr = &o.value; break;
    case Operand::Kind::kSize: {
      const AttributeValue* v = resolve_path(item, o.path);
      if (v)
        if (auto n = value_size(*v)) out.owned = AttributeValue::number(Number::parse(std::to_string(*n)));
      break;
    }
    default: break;  // update-only operands never reach conditions
  }
  return out;
}

namespace {

bool comparable(const AttributeValue* a, const AttributeValue* b) {
  return a && b && a->type() == b->type() && (a->is(Type::S) || a->is(Type::N) || a->is(Type::B));
}

bool compare(Condition::Op op, const AttributeValue* a, const AttributeValue* b) {
  switch (op) {
    case Condition::Op::kEq: return a && b && *a == *b;
    case Condition::Op::kNe: return !(a && b && *a == *b);
    default: break;
  }
  if (!comparable(a, b)) return false;
  int c = compare_scalars(*a, *b);
  switch (op) {
    case Condition::Op::kLt: return c < 0;
    case Condition::Op::kLe: return c <= 0;
    case Condition::Op::kGt: return c > 0;
    default: return c >= 0;
  }
}

bool contains(const AttributeValue& haystack, const AttributeValue& needle) {
  switch (haystack.type()) {
    case Type::S:
      return needle.is(Type::S) && haystack.as_string().find(needle.as_string()) != std::string::npos;
    case Type::B:
      return needle.is(Type::B) && haystack.as_string().find(needle.as_string()) != std::string::npos;
    case Type::SS:
    case Type::BS: {
      if (!needle.is(haystack.is(Type::SS) ? Type::S : Type::B)) return false;
      const auto& m = haystack.as_strings();
      return std::binary_search(m.begin(), m.end(), needle.as_string());
    }
    case Type::NS: {
      if (!needle.is(Type::N)) return false;
      const auto& m = haystack.as_numbers();
      return std::binary_search(m.begin(), m.end(), needle.as_number());
    }
    case Type::L:
      for (const auto& e : haystack.as_list())
        if (e == needle) return true;
      return false;
    default: return false;
  }
}

}  // namespace

bool evaluate_condition(const Condition& c, const Item& item) {
  using Kind = Condition::Kind;
  switch (c.kind) {
    case Kind::kAnd: return evaluate_condition(c.children[0], item) && evaluate_condition(c.children[1], item);
    case Kind::kOr: return evaluate_condition(c.children[0], item) || evaluate_condition(c.children[1], item);
    case Kind::kNot: return !evaluate_condition(c.children[0], item);
    case Kind::kExists: return resolve_path(item, c.operands[0].path) != nullptr;
    case Kind::kNotExists: return resolve_path(item, c.operands[0].path) == nullptr;
    case Kind::kCompare: {
      auto a = evaluate_operand(c.operands[0], item), b = evaluate_operand(c.operands[1], item);
      return compare(c.op, a.get(), b.get());
    }
    case Kind::kBetween: {
      auto x = evaluate_operand(c.operands[0], item), lo = evaluate_operand(c.operands[1], item),
           hi = evaluate_operand(c.operands[2], item);
      if (!comparable(x.get(), lo.get()) || !comparable(x.get(), hi.get())) return false;
      return compare_scalars(*x.get(), *lo.get()) >= 0 && compare_scalars(*x.get(), *hi.get()) <= 0;
    }
    case Kind::kIn: {
      auto x = evaluate_operand(c.operands[0], item);
      if (!x.get()) return false;
      for (std::size_t i = 1; i < c.operands.size(); ++i) {
        auto y = evaluate_operand(c.operands[i], item);
        if (y.get() && *y.get() == *x.get()) return true;
      }
      return false;
    }
    case Kind::kAttributeType: {
      const AttributeValue* v = resolve_path(item, c.operands[0].path);
      auto t = evaluate_operand(c.operands[1], item);
      return v && t.get() && t.get()->is(Type::S) && type_name(v->type()) == t.get()->as_string();
    }
    case Kind::kBeginsWith: {
      auto a = evaluate_operand(c.operands[0], item), b = evaluate_operand(c.operands[1], item);
      if (!a.get() || !b.get() || a.get()->type() != b.get()->type()) return false;
      if (!a.get()->is(Type::S) && !a.get()->is(Type::B)) return false;
      return a.get()->as_string().starts_with(b.get()->as_string());
    }
    case Kind::kContains: {
      auto a = evaluate_operand(c.operands[0], item), b = evaluate_operand(c.operands[1], item);
      return a.get() && b.get() && contains(*a.get(), *b.get());
    }
  }
  return false;
}

}  // namespace bunker::dynamodb
