#pragma once
// The DynamoDB AttributeValue: S, N, B, BOOL, NULL, M, L, SS, NS, BS. Values are
// validated on the way in (from DynamoDB JSON) with DynamoDB's messages, so that
// everything past the wire holds only well-formed values: numbers exact and
// canonical, sets non-empty, duplicate-free and kept in a canonical order (strings and
// binaries by unsigned bytes, numbers numerically) so that set equality does not depend
// on the order a client sent the members in.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "dynamodb/number.h"

namespace bunker::dynamodb {

enum class Type : uint8_t { S, N, B, BOOL, NUL, M, L, SS, NS, BS };

// "S", "N", …, "NULL" as DynamoDB spells the type descriptors.
std::string_view type_name(Type t);

class AttributeValue;
using Map = std::map<std::string, AttributeValue, std::less<>>;
using List = std::vector<AttributeValue>;
using Item = Map;  // an item is a map of top-level attribute names to values

class AttributeValue {
 public:
  AttributeValue() : type_(Type::NUL), value_(true) {}

  static AttributeValue string(std::string s);
  static AttributeValue number(Number n);
  static AttributeValue binary(std::string bytes);
  static AttributeValue boolean(bool b);
  static AttributeValue null();
  static AttributeValue map(Map m);
  static AttributeValue list(List l);
  // Sets are sorted and de-duplicated here; callers that must reject duplicates
  // (values from the wire) check before constructing.
  static AttributeValue string_set(std::vector<std::string> members);
  static AttributeValue binary_set(std::vector<std::string> members);
  static AttributeValue number_set(std::vector<Number> members);

  Type type() const { return type_; }
  bool is(Type t) const { return type_ == t; }
  bool is_set() const { return type_ == Type::SS || type_ == Type::NS || type_ == Type::BS; }

  // Accessors; calling the one that does not match type() is a programming error.
  const std::string& as_string() const { return std::get<std::string>(value_); }  // S and B
  const Number& as_number() const { return std::get<Number>(value_); }
  bool as_bool() const { return std::get<bool>(value_); }
  const Map& as_map() const { return std::get<Map>(value_); }
  Map& as_map() { return std::get<Map>(value_); }
  const List& as_list() const { return std::get<List>(value_); }
  List& as_list() { return std::get<List>(value_); }
  const std::vector<std::string>& as_strings() const { return std::get<std::vector<std::string>>(value_); }  // SS, BS
  const std::vector<Number>& as_numbers() const { return std::get<std::vector<Number>>(value_); }

  // Deep equality as DynamoDB compares values: same type and same contents; sets
  // compare as sets, numbers numerically.
  bool operator==(const AttributeValue& other) const;

  // The value's contribution to the item size, not counting its attribute name.
  std::size_t size_bytes() const;

  // DynamoDB JSON ({"S":"x"}, {"N":"1"}, {"M":{…}}, …). from_json throws AwsError with
  // DynamoDB's validation messages.
  static AttributeValue from_json(const nlohmann::json& j);
  nlohmann::json to_json() const;
  // A compact one-line rendering used inside error messages ("{N:5}" style is
  // DynamoDB's; see expression errors).
  std::string describe() const;

 private:
  using Storage = std::variant<std::string, Number, bool, Map, List, std::vector<std::string>, std::vector<Number>>;
  AttributeValue(Type t, Storage v) : type_(t), value_(std::move(v)) {}
  Type type_;
  Storage value_;
};

// Item <-> DynamoDB JSON object of attribute values.
Item item_from_json(const nlohmann::json& j);
nlohmann::json item_to_json(const Item& item);
// Sum over attributes of name bytes + value bytes (DynamoDB's documented rules).
std::size_t item_size(const Item& item);

constexpr std::size_t kMaxItemBytes = 400 * 1024;
constexpr int kMaxNestingDepth = 32;

// Order of two scalar key values of the same type (S, N or B): strings and binaries by
// unsigned bytes, numbers numerically. Undefined for other type pairs.
int compare_scalars(const AttributeValue& a, const AttributeValue& b);

}  // namespace bunker::dynamodb
