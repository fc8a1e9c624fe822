#include "dynamodb/key_condition.h"

#include <map>

#include "dynamodb/errors.h"

namespace bunker::dynamodb {
namespace {

[[noreturn]] void fail(const std::string& detail) {
  throw validation_error("Invalid KeyConditionExpression: " + detail);
}

void flatten(const Condition& c, std::vector<const Condition*>& out) {
  if (c.kind == Condition::Kind::kAnd) {
    flatten(c.children[0], out);
    flatten(c.children[1], out);
  } else {
    out.push_back(&c);
  }
}

struct Simple {
  std::string name;
  KeyCondition::Range::Op op;
  std::vector<const AttributeValue*> values;
};

KeyCondition::Range::Op flipped(Condition::Op op) {
  using R = KeyCondition::Range::Op;
  switch (op) {
    case Condition::Op::kLt: return R::kGt;
    case Condition::Op::kLe: return R::kGe;
    case Condition::Op::kGt: return R::kLt;
    case Condition::Op::kGe: return R::kLe;
    default: return R::kEq;
  }
}

KeyCondition::Range::Op as_range(Condition::Op op) {
  using R = KeyCondition::Range::Op;
  switch (op) {
    case Condition::Op::kLt: return R::kLt;
    case Condition::Op::kLe: return R::kLe;
    case Condition::Op::kGt: return R::kGt;
    case Condition::Op::kGe: return R::kGe;
    default: return R::kEq;
  }
}

const std::string& key_name(const Operand& o) {
  if (o.path.elements.size() != 1 || o.path.elements[0].is_index())
    fail("Nested attributes are not supported in key conditions; attribute: " + o.path.describe());
  return o.path.elements[0].name;
}

Simple simplify(const Condition& c) {
  Simple s;
  const auto& ops = c.operands;
  auto is_path = [](const Operand& o) { return o.kind == Operand::Kind::kPath; };
  auto is_value = [](const Operand& o) { return o.kind == Operand::Kind::kValue; };
  switch (c.kind) {
    case Condition::Kind::kCompare:
      if (is_path(ops[0]) && is_value(ops[1])) {
        s.name = key_name(ops[0]);
        s.op = as_range(c.op);
        s.values = {&ops[1].value};
      } else if (is_value(ops[0]) && is_path(ops[1])) {
        s.name = key_name(ops[1]);
        s.op = flipped(c.op);
        s.values = {&ops[0].value};
      } else {
        fail("Query key condition not supported");
      }
      return s;
    case Condition::Kind::kBetween:
      if (!is_path(ops[0]) || !is_value(ops[1]) || !is_value(ops[2])) fail("Query key condition not supported");
      s.name = key_name(ops[0]);
      s.op = KeyCondition::Range::Op::kBetween;
      s.values = {&ops[1].value, &ops[2].value};
      return s;
    case Condition::Kind::kBeginsWith:
      if (!is_path(ops[0]) || !is_value(ops[1])) fail("Query key condition not supported");
      s.name = key_name(ops[0]);
      s.op = KeyCondition::Range::Op::kBeginsWith;
      s.values = {&ops[1].value};
      return s;
    default: fail("Query key condition not supported");
  }
}

}  // namespace

KeyCondition analyze_key_condition(const Condition& c, const KeySchemaView& schema) {
  std::vector<const Condition*> parts;
  flatten(c, parts);
  std::vector<Simple> simple;
  std::map<std::string, int> per_name;
  for (const Condition* p : parts) {
    simple.push_back(simplify(*p));
    if (++per_name[simple.back().name] > 1) fail("KeyConditionExpressions must only contain one condition per key");
  }
  std::size_t key_count = schema.range_name ? 2 : 1;
  if (simple.size() > key_count)
    throw validation_error("The number of query conditions (" + std::to_string(simple.size()) +
                           ") exceeds the number of key attributes defined in the schema (" +
                           std::to_string(key_count) + ")");
  const Simple* hash = nullptr;
  const Simple* range = nullptr;
  for (const auto& s : simple) {
    if (s.name == schema.hash_name) hash = &s;
    else if (schema.range_name && s.name == *schema.range_name) range = &s;
  }
  if (!hash) throw validation_error("Query condition missed key schema element: " + schema.hash_name);
  if (simple.size() == 2 && !range) throw validation_error("Query condition missed key schema element: " + *schema.range_name);
  if (hash->op != KeyCondition::Range::Op::kEq) fail("Query key condition not supported");
  auto schema_type = [](const AttributeValue& v, Type t) {
    if (v.type() != t) throw invalid_parameter("Condition parameter type does not match schema type");
  };
  schema_type(*hash->values[0], schema.hash_type);
  KeyCondition out;
  out.hash = *hash->values[0];
  if (range) {
    for (const AttributeValue* v : range->values) schema_type(*v, schema.range_type);
    KeyCondition::Range r{range->op, *range->values[0], range->values.size() > 1 ? *range->values[1] : AttributeValue()};
    if (r.op == KeyCondition::Range::Op::kBeginsWith && schema.range_type == Type::N)
      throw invalid_parameter("Condition parameter type does not match schema type");
    out.range = std::move(r);
  }
  return out;
}

bool KeyCondition::range_matches(const AttributeValue& v) const {
  if (!range) return true;
  using Op = Range::Op;
  if (range->op == Op::kBeginsWith) return v.type() == range->v1.type() && v.as_string().starts_with(range->v1.as_string());
  int c = compare_scalars(v, range->v1);
  switch (range->op) {
    case Op::kEq: return c == 0;
    case Op::kLt: return c < 0;
    case Op::kLe: return c <= 0;
    case Op::kGt: return c > 0;
    case Op::kGe: return c >= 0;
    case Op::kBetween: return c >= 0 && compare_scalars(v, range->v2) <= 0;
    default: return false;
  }
}

}  // namespace bunker::dynamodb
