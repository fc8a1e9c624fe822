#include "dynamodb/attribute_value.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "bunker/core/encoding.h"
#include "dynamodb/errors.h"

namespace bunker::dynamodb {
namespace {

using json = nlohmann::json;

constexpr const char* kEmpty = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
constexpr const char* kTooMany =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
constexpr const char* kTooDeep =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

int compare_bytes(std::string_view a, std::string_view b) {
  // std::string_view::compare uses char_traits<char>, which compares as unsigned char.
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

const std::string& member_string(const json& v, const char* type) {
  if (!v.is_string()) {
    if (v.is_number()) throw serialization_error("NUMBER_VALUE cannot be converted to String");
    throw serialization_error(std::string("Unexpected value type in payload for ") + type);
  }
  return v.get_ref<const std::string&>();
}

std::string decode_binary(const json& v) {
  const std::string& text = member_string(v, "B");
  auto bytes = base64_decode(text);
  if (!bytes) {
    // DynamoDB (Java) reports a base64 payload whose length is not a multiple of 4 in
    // these words; other damage is a generic deserialization failure.
    if (text.size() % 4 != 0)
      throw serialization_error("Base64 encoded length is expected a multiple of 4 bytes but found: " +
                                std::to_string(text.size()));
    throw serialization_error("Invalid Base64 character found in the binary value");
  }
  return std::move(*bytes);
}

const json& member_array(const json& v, const char* type) {
  if (!v.is_array()) throw serialization_error(std::string("Unexpected value type in payload for ") + type);
  return v;
}

// DynamoDB reports a duplicate set member by listing what it had read so far in
// order, then the repeat, then the rest as sent.
std::string duplicate_listing(const std::vector<std::string>& shown, std::size_t repeat, const char* sep) {
  std::set<std::string> seen;
  std::string out = "[";
  std::vector<std::string> ordered;
  for (std::size_t i = 0; i < repeat; ++i) seen.insert(shown[i]);
  ordered.assign(seen.begin(), seen.end());
  for (std::size_t i = repeat; i < shown.size(); ++i) ordered.push_back(shown[i]);
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    if (i) out += sep;
    out += '"' + ordered[i] + '"';
  }
  return out + "]";
}

std::size_t map_or_list_overhead(std::size_t elements) { return 3 + elements; }

}  // namespace

std::string_view type_name(Type t) {
  switch (t) {
    case Type::S: return "S";
    case Type::N: return "N";
    case Type::B: return "B";
    case Type::BOOL: return "BOOL";
    case Type::NUL: return "NULL";
    case Type::M: return "M";
    case Type::L: return "L";
    case Type::SS: return "SS";
    case Type::NS: return "NS";
    case Type::BS: return "BS";
  }
  return "?";
}

AttributeValue AttributeValue::string(std::string s) { return {Type::S, std::move(s)}; }
AttributeValue AttributeValue::number(Number n) { return {Type::N, std::move(n)}; }
AttributeValue AttributeValue::binary(std::string bytes) { return {Type::B, std::move(bytes)}; }
AttributeValue AttributeValue::boolean(bool b) { return {Type::BOOL, b}; }
AttributeValue AttributeValue::null() { return {Type::NUL, true}; }
AttributeValue AttributeValue::map(Map m) { return {Type::M, std::move(m)}; }
AttributeValue AttributeValue::list(List l) { return {Type::L, std::move(l)}; }

AttributeValue AttributeValue::string_set(std::vector<std::string> members) {
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  return {Type::SS, std::move(members)};
}
AttributeValue AttributeValue::binary_set(std::vector<std::string> members) {
  AttributeValue v = string_set(std::move(members));
  v.type_ = Type::BS;
  return v;
}
AttributeValue AttributeValue::number_set(std::vector<Number> members) {
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  return {Type::NS, std::move(members)};
}

bool AttributeValue::operator==(const AttributeValue& other) const {
  return type_ == other.type_ && value_ == other.value_;
}

std::size_t AttributeValue::size_bytes() const {
  switch (type_) {
    case Type::S:
    case Type::B: return as_string().size();
    case Type::N: return as_number().size_bytes();
    case Type::BOOL:
    case Type::NUL: return 1;
    case Type::SS:
    case Type::BS: {
      std::size_t n = 0;
      for (const auto& m : as_strings()) n += m.size();
      return n;
    }
    case Type::NS: {
      std::size_t n = 0;
      for (const auto& m : as_numbers()) n += m.size_bytes();
      return n;
    }
    case Type::M: {
      std::size_t n = map_or_list_overhead(as_map().size());
      for (const auto& [k, v] : as_map()) n += k.size() + v.size_bytes();
      return n;
    }
    case Type::L: {
      std::size_t n = map_or_list_overhead(as_list().size());
      for (const auto& v : as_list()) n += v.size_bytes();
      return n;
    }
  }
  return 0;
}

namespace {

AttributeValue parse_value(const json& j, int depth) {
  if (!j.is_object()) throw serialization_error("Unexpected value type in payload");
  const json* member = nullptr;
  std::string_view name;
  int count = 0;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.value().is_null()) continue;  // an explicit null is an absent member
    ++count;
    member = &it.value();
    name = it.key();
  }
  if (count == 0) throw validation_error(kEmpty);
  if (count > 1) throw validation_error(kTooMany);
  const json& v = *member;
  if (name == "S") return AttributeValue::string(member_string(v, "S"));
  if (name == "N") return AttributeValue::number(Number::parse(member_string(v, "N")));
  if (name == "B") return AttributeValue::binary(decode_binary(v));
  if (name == "BOOL") {
    if (!v.is_boolean()) throw serialization_error("Unexpected value type in payload for BOOL");
    return AttributeValue::boolean(v.get<bool>());
  }
  if (name == "NULL") {
    if (!v.is_boolean()) throw serialization_error("Unexpected value type in payload for NULL");
    if (!v.get<bool>()) throw invalid_parameter("Null attribute value types must have the value of true");
    return AttributeValue::null();
  }
  if (name == "M" || name == "L") {
    if (depth >= kMaxNestingDepth) throw validation_error(kTooDeep);
    if (name == "M") {
      if (!v.is_object()) throw serialization_error("Unexpected value type in payload for M");
      Map m;
      for (auto it = v.begin(); it != v.end(); ++it) m.emplace(it.key(), parse_value(it.value(), depth + 1));
      return AttributeValue::map(std::move(m));
    }
    List l;
    for (const auto& e : member_array(v, "L")) l.push_back(parse_value(e, depth + 1));
    return AttributeValue::list(std::move(l));
  }
  if (name == "SS" || name == "BS") {
    bool binary = name == "BS";
    const json& arr = member_array(v, binary ? "BS" : "SS");
    if (arr.empty())
      throw invalid_parameter(binary ? "Binary sets should not be empty" : "An string set  may not be empty");
    std::vector<std::string> members, shown;
    std::set<std::string> seen;
    for (const auto& e : arr) {
      std::string m = binary ? decode_binary(e) : member_string(e, "SS");
      shown.push_back(binary ? e.get<std::string>() : m);
      if (!seen.insert(m).second) {
        // Binary members are shown as sent (base64) in wire order up to the repeat.
        for (const auto& rest : std::vector<json>(arr.begin() + static_cast<long>(shown.size()), arr.end()))
          shown.push_back(rest.is_string() ? rest.get<std::string>() : rest.dump());
        if (binary) {
          // Order what was read before the repeat by its bytes, as DynamoDB does.
          std::vector<std::pair<std::string, std::string>> before;
          std::size_t repeat = seen.size();
          for (std::size_t i = 0; i < repeat; ++i) before.emplace_back(*base64_decode(shown[i]), shown[i]);
          std::sort(before.begin(), before.end());
          std::string out = "[";
          bool first = true;
          auto add = [&](const std::string& s) { out += (first ? "\"" : ",\"") + s + "\""; first = false; };
          for (auto& [bytes, text] : before) add(text);
          for (std::size_t i = repeat; i < shown.size(); ++i) add(shown[i]);
          throw invalid_parameter("Input collection " + out + "]of type BS contains duplicates.");
        }
        throw invalid_parameter("Input collection " + duplicate_listing(shown, seen.size(), ", ") +
                                " contains duplicates.");
      }
      members.push_back(std::move(m));
    }
    return binary ? AttributeValue::binary_set(std::move(members)) : AttributeValue::string_set(std::move(members));
  }
  if (name == "NS") {
    const json& arr = member_array(v, "NS");
    if (arr.empty()) throw invalid_parameter("An number set  may not be empty");
    std::vector<Number> members;
    for (const auto& e : arr) members.push_back(Number::parse(member_string(e, "NS")));
    std::size_t n = members.size();
    AttributeValue set = AttributeValue::number_set(std::move(members));
    if (set.as_numbers().size() != n) throw invalid_parameter("Input collection contains duplicates.");
    return set;
  }
  // An unknown member alongside none known: DynamoDB's deserializer ignores unknown
  // members, which leaves the value empty.
  throw validation_error(kEmpty);
}

}  // namespace

AttributeValue AttributeValue::from_json(const json& j) { return parse_value(j, 1); }

json AttributeValue::to_json() const {
  switch (type_) {
    case Type::S: return json{{"S", as_string()}};
    case Type::N: return json{{"N", as_number().to_string()}};
    case Type::B: return json{{"B", base64_encode(as_string())}};
    case Type::BOOL: return json{{"BOOL", as_bool()}};
    case Type::NUL: return json{{"NULL", true}};
    case Type::M: {
      json m = json::object();
      for (const auto& [k, v] : as_map()) m[k] = v.to_json();
      return json{{"M", std::move(m)}};
    }
    case Type::L: {
      json l = json::array();
      for (const auto& v : as_list()) l.push_back(v.to_json());
      return json{{"L", std::move(l)}};
    }
    case Type::SS: return json{{"SS", as_strings()}};
    case Type::BS: {
      json l = json::array();
      for (const auto& m : as_strings()) l.push_back(base64_encode(m));
      return json{{"BS", std::move(l)}};
    }
    case Type::NS: {
      json l = json::array();
      for (const auto& m : as_numbers()) l.push_back(m.to_string());
      return json{{"NS", std::move(l)}};
    }
  }
  return json();
}

std::string AttributeValue::describe() const {
  // DynamoDB prints values in errors as "{S:abc}", "{N:5}", "{BOOL:true}"…
  std::string body;
  switch (type_) {
    case Type::S: body = as_string(); break;
    case Type::N: body = as_number().to_string(); break;
    case Type::B: body = base64_encode(as_string()); break;
    case Type::BOOL: body = as_bool() ? "true" : "false"; break;
    case Type::NUL: body = "true"; break;
    default: body = to_json().begin().value().dump(); break;
  }
  return "{" + std::string(type_name(type_)) + ":" + body + "}";
}

Item item_from_json(const json& j) {
  if (!j.is_object()) throw serialization_error("Unexpected value type in payload");
  Item item;
  for (auto it = j.begin(); it != j.end(); ++it) item.emplace(it.key(), AttributeValue::from_json(it.value()));
  return item;
}

json item_to_json(const Item& item) {
  json out = json::object();
  for (const auto& [k, v] : item) out[k] = v.to_json();
  return out;
}

std::size_t item_size(const Item& item) {
  std::size_t n = 0;
  for (const auto& [k, v] : item) n += k.size() + v.size_bytes();
  return n;
}

int compare_scalars(const AttributeValue& a, const AttributeValue& b) {
  if (a.is(Type::N)) {
    auto c = a.as_number() <=> b.as_number();
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return compare_bytes(a.as_string(), b.as_string());
}

}  // namespace bunker::dynamodb
