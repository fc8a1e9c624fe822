#include "dynamodb/partiql_execution.h"

#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "dynamodb/condition_evaluator.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/item_writer.h"
#include "dynamodb/projection.h"
#include "dynamodb/request_validation.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

constexpr std::size_t kPageBytes = 1024 * 1024;

void conjuncts(const Condition& c, std::vector<const Condition*>& out) {
  if (c.kind == Condition::Kind::kAnd) {
    conjuncts(c.children[0], out);
    conjuncts(c.children[1], out);
  } else {
    out.push_back(&c);
  }
}

bool is_attribute(const Operand& o, const std::string& name) {
  return o.kind == Operand::Kind::kPath && o.path.elements.size() == 1 && !o.path.elements[0].is_index() &&
         o.path.elements[0].name == name;
}

// The value a top-level "name = value" conjunct gives the attribute.
const AttributeValue* equality(const std::vector<const Condition*>& cs, const std::string& name) {
  for (const Condition* c : cs) {
    if (c->kind != Condition::Kind::kCompare || c->op != Condition::Op::kEq) continue;
    if (is_attribute(c->operands[0], name) && c->operands[1].kind == Operand::Kind::kValue) return &c->operands[1].value;
    if (is_attribute(c->operands[1], name) && c->operands[0].kind == Operand::Kind::kValue) return &c->operands[0].value;
  }
  return nullptr;
}

// Partition key values of a top-level "name IN (…)" conjunct.
std::optional<std::vector<AttributeValue>> in_list(const std::vector<const Condition*>& cs, const std::string& name) {
  for (const Condition* c : cs) {
    if (c->kind != Condition::Kind::kIn || !is_attribute(c->operands[0], name)) continue;
    std::vector<AttributeValue> values;
    for (std::size_t i = 1; i < c->operands.size(); ++i) {
      if (c->operands[i].kind != Operand::Kind::kValue) return std::nullopt;
      values.push_back(c->operands[i].value);
    }
    return values;
  }
  return std::nullopt;
}

// A sort-key condition that narrows the key range (the full WHERE still filters).
std::optional<KeyCondition::Range> range_of(const std::vector<const Condition*>& cs, const std::string& name, Type type) {
  using Op = KeyCondition::Range::Op;
  auto typed = [&](const Operand& o) { return o.kind == Operand::Kind::kValue && o.value.type() == type; };
  for (const Condition* c : cs) {
    if (c->kind == Condition::Kind::kCompare && c->op != Condition::Op::kNe && is_attribute(c->operands[0], name) &&
        typed(c->operands[1])) {
      Op op = c->op == Condition::Op::kEq ? Op::kEq
              : c->op == Condition::Op::kLt ? Op::kLt
              : c->op == Condition::Op::kLe ? Op::kLe
              : c->op == Condition::Op::kGt ? Op::kGt
                                            : Op::kGe;
      return KeyCondition::Range{op, c->operands[1].value, {}};
    }
    if (c->kind == Condition::Kind::kBetween && is_attribute(c->operands[0], name) && typed(c->operands[1]) &&
        typed(c->operands[2]) && compare_scalars(c->operands[1].value, c->operands[2].value) <= 0)
      return KeyCondition::Range{Op::kBetween, c->operands[1].value, c->operands[2].value};
    if (c->kind == Condition::Kind::kBeginsWith && is_attribute(c->operands[0], name) && typed(c->operands[1]) &&
        type != Type::N)
      return KeyCondition::Range{Op::kBeginsWith, c->operands[1].value, {}};
  }
  return std::nullopt;
}

std::string statement_hash(const std::string& text) { return hex_encode(sha256(text)).substr(0, 16); }

struct Token {
  std::size_t partition = 0;
  std::string after;  // raw store key of the last item evaluated
};

std::string encode_token(const PreparedStatement& p, const Token& t) {
  return base64_encode(json{{"s", statement_hash(p.text)}, {"p", t.partition}, {"k", base64_encode(t.after)}}.dump());
}

Token decode_token(const PreparedStatement& p, const std::string& text) {
  auto raw = base64_decode(text);
  json j = raw ? json::parse(*raw, nullptr, false) : json();
  if (!j.is_object() || j.value("s", "") != statement_hash(p.text) || !j.contains("p") || !j.contains("k"))
    throw validation_error("Invalid NextToken");  // assumed wording
  auto after = base64_decode(j["k"].get<std::string>());
  if (!after) throw validation_error("Invalid NextToken");
  return {j["p"].get<std::size_t>(), *after};
}

}  // namespace

PreparedStatement prepare_statement(Engine& engine, const Call& call, const json& spec) {
  if (!member(spec, "Statement")) missing_member("statement");
  std::string text = string_member(spec, "Statement");
  if (text.empty()) constraint_failed(text, "statement", "Member must have length greater than or equal to 1");
  if (text.size() > 8192) constraint_failed(text, "statement", "Member must have length less than or equal to 8192");
  std::vector<AttributeValue> params;
  if (const json* ps = member(spec, "Parameters")) {
    if (!ps->is_array()) throw serialization_error("Unexpected value type in payload");
    if (ps->empty()) constraint_failed("[]", "parameters", "Member must have length greater than or equal to 1");
    for (const auto& p : *ps) params.push_back(AttributeValue::from_json(p));
  }
  PreparedStatement p;
  p.text = text;
  p.st = parse_partiql(text, params);
  p.table = engine.catalog.get(call.scope, p.st.table);
  p.def = p.table->definition();
  if (!p.st.index.empty()) {
    p.index = p.def->find_index(p.st.index);
    if (!p.index) throw validation_error("The table does not have the specified index: " + p.st.index);
  }
  if (p.st.kind == PartiqlStatement::Kind::kInsert) {
    validate_item_key(*p.def, p.st.item);
    validate_item_size(p.st.item);
  }
  if (p.st.kind == PartiqlStatement::Kind::kUpdate) {
    for (const auto& a : p.st.update.actions) {
      const std::string& top = a.path.top();
      if (top == p.def->hash.name || (p.def->range && top == p.def->range->name))
        throw invalid_parameter("Cannot update attribute " + top + ". This attribute is part of the key");
    }
  }
  return p;
}

std::optional<Item> key_from_where(const TableDefinition& def, const std::optional<Condition>& where) {
  if (!where) return std::nullopt;
  std::vector<const Condition*> cs;
  conjuncts(*where, cs);
  Item key;
  for (const KeyElement* k : {&def.hash, def.range ? &*def.range : nullptr}) {
    if (!k) continue;
    const AttributeValue* v = equality(cs, k->name);
    if (!v || v->type() != k->type) return std::nullopt;
    key.insert_or_assign(k->name, *v);
  }
  return key;
}

Item require_key(const TableDefinition& def, const std::optional<Condition>& where) {
  auto key = key_from_where(def, where);
  if (!key) throw validation_error("Where clause does not contain a mandatory equality on all key attributes");
  json j = item_to_json(*key);
  return parse_key(def, &j);
}

SelectPage run_select(Engine& engine, const PreparedStatement& p, std::optional<long long> limit, bool consistent,
                      const std::optional<std::string>& next_token) {
  const TableDefinition& def = *p.def;
  KeySchemaView schema = p.index ? p.index->key_view() : def.key_view();
  std::vector<const Condition*> cs;
  if (p.st.where) conjuncts(*p.st.where, cs);
  std::vector<AttributeValue> partitions;
  if (const AttributeValue* h = equality(cs, schema.hash_name); h && h->type() == schema.hash_type) {
    partitions.push_back(*h);
  } else if (auto values = in_list(cs, schema.hash_name)) {
    for (const auto& v : *values)
      if (v.type() == schema.hash_type) partitions.push_back(v);
    if (partitions.empty()) return {};
  }
  bool query = !partitions.empty();
  if (p.st.order_by) {
    if (!p.st.where) throw validation_error("Must have WHERE clause in the statement when using ORDER BY clause.");
    if (!query || !schema.range_name || !(p.st.order_by->elements.size() == 1 && p.st.order_by->top() == *schema.range_name))
      throw validation_error("ORDER BY is supported only on the sort key, with the partition key given in the WHERE "
                             "clause");  // assumed wording
  }
  if (p.index && p.index->global && consistent)
    throw validation_error("Consistent reads are not supported on global secondary indexes");
  std::optional<KeyCondition::Range> range;
  if (query && schema.range_name) range = range_of(cs, *schema.range_name, schema.range_type);
  bool forward = !p.st.descending;

  Token token;
  if (next_token) token = decode_token(p, *next_token);
  SelectPage page;
  long long evaluated = 0;
  std::size_t bytes = 0;
  std::size_t total_partitions = query ? partitions.size() : 1;
  for (std::size_t part = token.partition; part < total_partitions; ++part) {
    KeyRange kr;
    if (query) {
      KeyCondition kc;
      kc.hash = partitions[part];
      kc.range = range;
      kr = engine.store.query_range(def, p.index, kc);
    } else {
      kr = engine.store.scan_range(def, p.index, 0, 1);
    }
    auto it = engine.store.iterate(p.index, kr);
    bool resume = part == token.partition && !token.after.empty();
    if (forward) {
      if (resume) {
        it->seek(token.after);
        if (it->valid() && it->key() == token.after) it->next();
      } else {
        it->seek_to_first();
      }
    } else if (resume) {
      it->seek_for_prev(token.after);
      if (it->valid() && it->key() == token.after) it->prev();
    } else {
      it->seek_to_last();
    }
    for (; it->valid(); forward ? it->next() : it->prev()) {
      if ((limit && evaluated >= *limit) || bytes >= kPageBytes) {
        page.next_token = encode_token(p, token);
        break;
      }
      Item item = decode_item(it->value());
      ++evaluated;
      bytes += item_size(item);
      token = {part, std::string(it->key())};
      Item lek = key_of(def, item);
      if (p.index) {
        lek.insert_or_assign(p.index->hash.name, item.at(p.index->hash.name));
        if (p.index->range) lek.insert_or_assign(p.index->range->name, item.at(p.index->range->name));
      }
      page.last_evaluated_key = std::move(lek);
      if (p.st.where && !evaluate_condition(*p.st.where, item)) continue;
      page.items.push_back(item_to_json(p.st.projection ? project(item, *p.st.projection) : item));
    }
    it->check();
    if (page.next_token) break;
  }
  if (!page.next_token) page.last_evaluated_key.reset();
  page.consumed = read_consumed(def, p.index, bytes, consistent);
  return page;
}

}  // namespace bunker::dynamodb
