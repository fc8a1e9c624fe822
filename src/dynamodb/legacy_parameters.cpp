#include "dynamodb/legacy_parameters.h"

#include <iterator>
#include <set>
#include <string_view>

#include <nlohmann/json.hpp>

#include "dynamodb/errors.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

Operand path_operand(const std::string& name) {
  Operand o;
  o.kind = Operand::Kind::kPath;
  o.path.elements.push_back({name, -1});
  return o;
}

Operand value_operand(AttributeValue v) {
  Operand o;
  o.kind = Operand::Kind::kValue;
  o.value = std::move(v);
  return o;
}

Condition leaf(Condition::Kind kind, std::vector<Operand> operands, Condition::Op op = Condition::Op::kEq) {
  Condition c;
  c.kind = kind;
  c.op = op;
  c.operands = std::move(operands);
  return c;
}

Condition combine(Condition::Kind kind, Condition a, Condition b) {
  Condition c;
  c.kind = kind;
  c.children.push_back(std::move(a));
  c.children.push_back(std::move(b));
  return c;
}

std::vector<AttributeValue> value_list(const json& spec) {
  std::vector<AttributeValue> out;
  auto it = spec.find("AttributeValueList");
  if (it == spec.end() || it->is_null()) return out;
  for (const auto& v : *it) out.push_back(AttributeValue::from_json(v));
  return out;
}

bool scalar(const AttributeValue& v) { return v.is(Type::S) || v.is(Type::N) || v.is(Type::B); }

// One ComparisonOperator condition on attribute `name`.
Condition comparison(const std::string& name, const std::string& op, std::vector<AttributeValue> values) {
  auto count = [&](std::size_t n) {
    if (values.size() != n)
      throw invalid_parameter("Invalid number of argument(s) for the " + op + " ComparisonOperator");
  };
  auto only = [&](bool (*ok)(const AttributeValue&)) {
    for (const auto& v : values)
      if (!ok(v))
        throw invalid_parameter("ComparisonOperator " + op + " is not valid for " + std::string(type_name(v.type())) +
                                " AttributeValue type");
  };
  Operand path = path_operand(name);
  auto compare = [&](Condition::Op o) {
    count(1);
    return leaf(Condition::Kind::kCompare, {path, value_operand(values[0])}, o);
  };
  if (op == "EQ") { count(1); return compare(Condition::Op::kEq); }
  if (op == "NE") { count(1); return compare(Condition::Op::kNe); }
  if (op == "LT" || op == "LE" || op == "GT" || op == "GE") {
    count(1);
    only(scalar);
    return compare(op == "LT" ? Condition::Op::kLt
                   : op == "LE" ? Condition::Op::kLe
                   : op == "GT" ? Condition::Op::kGt
                                : Condition::Op::kGe);
  }
  if (op == "NOT_NULL") { count(0); return leaf(Condition::Kind::kExists, {path}); }
  if (op == "NULL") { count(0); return leaf(Condition::Kind::kNotExists, {path}); }
  if (op == "CONTAINS" || op == "NOT_CONTAINS") {
    count(1);
    only(scalar);
    Condition c = leaf(Condition::Kind::kContains, {path, value_operand(values[0])});
    if (op == "CONTAINS") return c;
    Condition n;
    n.kind = Condition::Kind::kNot;
    n.children.push_back(std::move(c));
    return combine(Condition::Kind::kAnd, leaf(Condition::Kind::kExists, {path}), std::move(n));
  }
  if (op == "BEGINS_WITH") {
    count(1);
    only([](const AttributeValue& v) { return v.is(Type::S) || v.is(Type::B); });
    return leaf(Condition::Kind::kBeginsWith, {path, value_operand(values[0])});
  }
  if (op == "IN") {
    if (values.empty()) throw invalid_parameter("Invalid number of argument(s) for the IN ComparisonOperator");
    only(scalar);
    std::vector<Operand> ops{path};
    for (auto& v : values) ops.push_back(value_operand(std::move(v)));
    return leaf(Condition::Kind::kIn, std::move(ops));
  }
  if (op == "BETWEEN") {
    count(2);
    only(scalar);
    if (values[0].type() != values[1].type())
      throw invalid_parameter("AttributeValues inside AttributeValueList must be of same type");
    if (compare_scalars(values[0], values[1]) > 0)
      throw validation_error(
          "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
    return leaf(Condition::Kind::kBetween, {path, value_operand(values[0]), value_operand(values[1])});
  }
  throw validation_error("1 validation error detected: Value '" + op +
                         "' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: "
                         "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
}

std::string string_member(const json& spec, const char* member) {
  auto it = spec.find(member);
  if (it == spec.end() || it->is_null()) return "";
  if (!it->is_string()) throw serialization_error("Unexpected value type in payload");
  return it->get<std::string>();
}

bool and_operator(const json* conditional_operator) {
  if (!conditional_operator || conditional_operator->is_null()) return true;
  std::string op = conditional_operator->is_string() ? conditional_operator->get<std::string>() : "";
  if (op == "AND") return true;
  if (op == "OR") return false;
  throw validation_error("1 validation error detected: Value '" + op +
                         "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: "
                         "[OR, AND]");
}

std::optional<Condition> join(std::vector<Condition> parts, bool use_and) {
  if (parts.empty()) return std::nullopt;
  Condition c = std::move(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i)
    c = combine(use_and ? Condition::Kind::kAnd : Condition::Kind::kOr, std::move(c), std::move(parts[i]));
  return c;
}

}  // namespace

void check_parameter_styles(const json& request) {
  static constexpr std::string_view kLegacy[] = {"AttributesToGet", "QueryFilter", "ScanFilter", "KeyConditions",
                                                 "Expected", "AttributeUpdates", "ConditionalOperator"};
  static constexpr std::string_view kExpression[] = {"ProjectionExpression", "FilterExpression",
                                                     "KeyConditionExpression", "ConditionExpression",
                                                     "UpdateExpression"};
  // One pass over the request's few members (every item request comes here); the
  // message lists the names in the fixed orders above.
  unsigned legacy = 0, expression = 0;
  bool names = false, values = false;
  if (!request.is_object()) return;
  for (auto it = request.begin(); it != request.end(); ++it) {
    if (it->is_null()) continue;
    std::string_view key = it.key();
    for (unsigned i = 0; i < std::size(kLegacy); ++i)
      if (key == kLegacy[i]) legacy |= 1u << i;
    for (unsigned i = 0; i < std::size(kExpression); ++i)
      if (key == kExpression[i]) expression |= 1u << i;
    names = names || key == "ExpressionAttributeNames";
    values = values || key == "ExpressionAttributeValues";
  }
  auto listing = [](const std::string_view* all, std::size_t count, unsigned bits) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i)
      if (bits & (1u << i)) {
        if (!out.empty()) out += ", ";
        out += all[i];
      }
    return out;
  };
  if (legacy && expression)
    throw validation_error(
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {" +
        listing(kLegacy, std::size(kLegacy), legacy) + "} Expression parameters: {" +
        listing(kExpression, std::size(kExpression), expression) + "}");
  if (!expression) {
    if (names) throw validation_error("ExpressionAttributeNames can only be specified when using expressions");
    if (values) throw validation_error("ExpressionAttributeValues can only be specified when using expressions");
  }
}

std::vector<Path> attributes_to_get(const json& list) {
  std::vector<Path> out;
  for (const auto& name : list) {
    if (!name.is_string()) throw serialization_error("Unexpected value type in payload");
    Path p;
    p.elements.push_back({name.get<std::string>(), -1});
    for (const auto& seen : out)
      if (seen == p) throw invalid_parameter("Duplicate value in attribute name: " + name.get<std::string>());
    out.push_back(std::move(p));
  }
  return out;
}

std::optional<Condition> expected_condition(const json& expected, const json* conditional_operator) {
  bool use_and = and_operator(conditional_operator);
  std::vector<Condition> parts;
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const std::string& name = it.key();
    const json& spec = it.value();
    bool has_value = spec.contains("Value") && !spec["Value"].is_null();
    bool has_exists = spec.contains("Exists") && !spec["Exists"].is_null();
    bool has_op = spec.contains("ComparisonOperator") && !spec["ComparisonOperator"].is_null();
    bool has_list = spec.contains("AttributeValueList") && !spec["AttributeValueList"].is_null();
    if (has_op || has_list) {
      if (has_value || has_exists)
        throw invalid_parameter(
            "Value or Exists cannot be used with AttributeValueList or ComparisonOperator for Attribute: " + name);
      if (!has_op)
        throw invalid_parameter("AttributeValueList can only be used with a ComparisonOperator for Attribute: " + name);
      parts.push_back(comparison(name, string_member(spec, "ComparisonOperator"), value_list(spec)));
      continue;
    }
    bool exists = !has_exists || spec["Exists"].get<bool>();
    if (exists) {
      if (!has_value) throw invalid_parameter("Value must be provided when Exists is true for Attribute: " + name);
      parts.push_back(leaf(Condition::Kind::kCompare,
                           {path_operand(name), value_operand(AttributeValue::from_json(spec["Value"]))}));
    } else {
      if (has_value) throw invalid_parameter("Value cannot be used when Exists is false for Attribute: " + name);
      parts.push_back(leaf(Condition::Kind::kNotExists, {path_operand(name)}));
    }
  }
  return join(std::move(parts), use_and);
}

std::optional<Condition> filter_condition(const json& filter, const json* conditional_operator) {
  bool use_and = and_operator(conditional_operator);
  std::vector<Condition> parts;
  for (auto it = filter.begin(); it != filter.end(); ++it)
    parts.push_back(comparison(it.key(), string_member(it.value(), "ComparisonOperator"), value_list(it.value())));
  return join(std::move(parts), use_and);
}

UpdateExpression attribute_updates(const json& updates) {
  UpdateExpression u;
  for (auto it = updates.begin(); it != updates.end(); ++it) {
    const std::string& name = it.key();
    std::string action = string_member(it.value(), "Action");
    if (action.empty()) action = "PUT";
    bool has_value = it.value().contains("Value") && !it.value()["Value"].is_null();
    std::optional<AttributeValue> value;
    if (has_value) value = AttributeValue::from_json(it.value()["Value"]);
    Path path;
    path.elements.push_back({name, -1});
    if (action == "DELETE") {
      if (!value) {
        u.actions.push_back({UpdateAction::Kind::kRemove, path, {}});
        continue;
      }
      if (!value->is_set())
        throw invalid_parameter("DELETE action with value is not supported for the type " +
                                std::string(type_name(value->type())));
      u.actions.push_back({UpdateAction::Kind::kDelete, path, value_operand(*value)});
    } else if (action == "PUT" || action == "ADD") {
      if (!value) throw invalid_parameter("Only DELETE action is allowed when no attribute value is specified");
      if (action == "PUT") {
        u.actions.push_back({UpdateAction::Kind::kSet, path, value_operand(*value)});
      } else if (value->is(Type::L)) {
        // ADD of a list appends to it (or creates it), as the legacy API defines.
        Operand existing;
        existing.kind = Operand::Kind::kIfNotExists;
        existing.args = {path_operand(name), value_operand(AttributeValue::list({}))};
        Operand append;
        append.kind = Operand::Kind::kListAppend;
        append.args = {std::move(existing), value_operand(*value)};
        u.actions.push_back({UpdateAction::Kind::kSet, path, std::move(append)});
      } else if (value->is(Type::N) || value->is_set()) {
        u.actions.push_back({UpdateAction::Kind::kAdd, path, value_operand(*value)});
      } else {
        throw invalid_parameter("ADD action is not supported for the type " + std::string(type_name(value->type())));
      }
    } else {
      throw validation_error("1 validation error detected: Value '" + action +
                             "' at 'attributeUpdates." + name +
                             ".member.action' failed to satisfy constraint: Member must satisfy enum value set: "
                             "[ADD, PUT, DELETE]");
    }
  }
  return u;
}

KeyCondition key_conditions(const json& conditions, const KeySchemaView& schema) {
  std::vector<Condition> parts;
  for (auto it = conditions.begin(); it != conditions.end(); ++it) {
    std::string op = string_member(it.value(), "ComparisonOperator");
    static const std::set<std::string> kIndexable = {"EQ", "LE", "LT", "GE", "GT", "BEGINS_WITH", "BETWEEN"};
    if (!kIndexable.count(op)) throw validation_error("Attempted conditional constraint is not an indexable operation");
    parts.push_back(comparison(it.key(), op, value_list(it.value())));
  }
  if (parts.empty()) throw validation_error("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  // KeyConditions never carries more conditions than there are names in the map, so
  // the expression analysis applies unchanged.
  std::optional<Condition> all = join(std::move(parts), true);
  return analyze_key_condition(*all, schema);
}

}  // namespace bunker::dynamodb
