#include "dynamodb/request_validation.h"

#include <algorithm>

#include "dynamodb/errors.h"

namespace bunker::dynamodb {

using json = nlohmann::json;

const json* member(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return nullptr;
  return &*it;
}

void missing_member(const std::string& field) {
  throw validation_error("1 validation error detected: Value null at '" + field +
                         "' failed to satisfy constraint: Member must not be null");
}

void constraint_failed(const std::string& value, const std::string& field, const std::string& constraint) {
  throw validation_error("1 validation error detected: Value '" + value + "' at '" + field +
                         "' failed to satisfy constraint: " + constraint);
}

std::string string_member(const json& body, const char* name) {
  const json* m = member(body, name);
  if (!m) return "";
  if (!m->is_string()) throw serialization_error("NUMBER_VALUE cannot be converted to String");
  return m->get<std::string>();
}

std::optional<bool> bool_member(const json& body, const char* name) {
  const json* m = member(body, name);
  if (!m) return std::nullopt;
  if (!m->is_boolean()) throw serialization_error("Unexpected value type in payload");
  return m->get<bool>();
}

std::optional<long long> int_member(const json& body, const char* name) {
  const json* m = member(body, name);
  if (!m) return std::nullopt;
  if (!m->is_number_integer()) throw serialization_error("Unexpected value type in payload");
  return m->get<long long>();
}

std::optional<std::string> enum_member(const json& body, const char* name, const char* field,
                                       const std::vector<std::string>& allowed) {
  const json* m = member(body, name);
  if (!m) return std::nullopt;
  std::string v = string_member(body, name);
  if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
    std::string set;
    for (const auto& a : allowed) set += (set.empty() ? "" : ", ") + a;
    constraint_failed(v, field, "Member must satisfy enum value set: [" + set + "]");
  }
  return v;
}

std::string name_from_arn(const std::string& s) {
  if (!s.starts_with("arn:")) return s;
  auto slash = s.find(":table/");
  if (slash == std::string::npos) return s;
  std::string rest = s.substr(slash + 7);
  return rest.substr(0, rest.find('/'));
}

namespace {

bool valid_name_chars(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
}

}  // namespace

std::string table_name(const json& body, const char* member_name, const char* field) {
  const json* m = member(body, member_name);
  if (!m) missing_member(field);
  std::string name = string_member(body, member_name);
  if (name.empty()) constraint_failed(name, field, "Member must have length greater than or equal to 1");
  if (name.starts_with("arn:")) {
    if (name.size() > 1024) constraint_failed(name, field, "Member must have length less than or equal to 1024");
    return name_from_arn(name);
  }
  if (name.size() > 255) constraint_failed(name, field, "Member must have length less than or equal to 255");
  if (!valid_name_chars(name))
    constraint_failed(name, field, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  if (name.size() < 3) constraint_failed(name, field, "Member must have length greater than or equal to 3");
  return name;
}

std::string new_table_name(const json& body) {
  const json* m = member(body, "TableName");
  if (!m) missing_member("tableName");
  std::string name = string_member(body, "TableName");
  if (name.size() < 3) constraint_failed(name, "tableName", "Member must have length greater than or equal to 3");
  if (name.size() > 255) constraint_failed(name, "tableName", "Member must have length less than or equal to 255");
  if (!valid_name_chars(name))
    constraint_failed(name, "tableName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  return name;
}

namespace {

void check_key_value(const KeyElement& k, const AttributeValue& v, bool in_item) {
  if (v.type() != k.type) {
    if (in_item)
      throw invalid_parameter("Type mismatch for key " + k.name + " expected: " + std::string(type_name(k.type)) +
                              " actual: " + std::string(type_name(v.type())));
    throw validation_error("The provided key element does not match the schema");
  }
  if ((v.is(Type::S) || v.is(Type::B)) && v.as_string().empty())
    throw validation_error("One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
                           "contain an empty " +
                           std::string(v.is(Type::S) ? "string" : "binary") + " value. Key: " + k.name);
}

void check_key_sizes(const TableDefinition& t, const Item& item) {
  auto size = [](const AttributeValue& v) { return v.size_bytes(); };
  if (size(item.at(t.hash.name)) > 2048)
    throw invalid_parameter("Size of hashkey has exceeded the maximum size limit of2048 bytes");
  if (t.range && size(item.at(t.range->name)) > 1024)
    throw invalid_parameter("Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
}

}  // namespace

Item parse_key(const TableDefinition& t, const json* key_json, const char* field) {
  if (!key_json) missing_member(field);
  Item key = item_from_json(*key_json);
  std::size_t expected = t.range ? 2 : 1;
  if (key.size() != expected || !key.count(t.hash.name) || (t.range && !key.count(t.range->name)))
    throw validation_error("The provided key element does not match the schema");
  check_key_value(t.hash, key.at(t.hash.name), false);
  if (t.range) check_key_value(*t.range, key.at(t.range->name), false);
  check_key_sizes(t, key);
  return key;
}

void validate_item_key(const TableDefinition& t, const Item& item) {
  for (const KeyElement* k : {&t.hash, t.range ? &*t.range : nullptr}) {
    if (!k) continue;
    auto it = item.find(k->name);
    if (it == item.end()) throw invalid_parameter("Missing the key " + k->name + " in the item");
    check_key_value(*k, it->second, true);
  }
  check_key_sizes(t, item);
}

void validate_item_size(const Item& item, bool update) {
  if (item_size(item) > kMaxItemBytes)
    throw validation_error(update ? "Item size to update has exceeded the maximum allowed size"
                                  : "Item size has exceeded the maximum allowed size");
}

Item key_of(const TableDefinition& t, const Item& item) {
  Item key;
  key.emplace(t.hash.name, item.at(t.hash.name));
  if (t.range) key.emplace(t.range->name, item.at(t.range->name));
  return key;
}

}  // namespace bunker::dynamodb
