#include "apigateway/yaml_json.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <regex>

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

json scalar(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  // A quoted scalar (tag "!") or one with an explicit !!str tag is a string.
  if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") return text;
  static const std::regex int_re("[-+]?(0|[1-9][0-9]*)");
  static const std::regex float_re("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  if (text == "null" || text == "Null" || text == "NULL" || text == "~" || text.empty()) return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (std::regex_match(text, int_re)) {
    try {
      return std::stoll(text);
    } catch (...) {
      return text;
    }
  }
  if (std::regex_match(text, float_re)) {
    try {
      return std::stod(text);
    } catch (...) {
      return text;
    }
  }
  return text;
}

json convert(const YAML::Node& node, int depth) {
  if (depth > 256) throw std::runtime_error("document nested too deeply");
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar(node);
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node) out.push_back(convert(item, depth + 1));
      return out;
    }
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& kv : node) out[kv.first.as<std::string>()] = convert(kv.second, depth + 1);
      return out;
    }
  }
  return nullptr;
}

void emit(YAML::Emitter& out, const json& v) {
  if (v.is_object()) {
    out << YAML::BeginMap;
    for (const auto& [k, x] : v.items()) {
      out << YAML::Key << k << YAML::Value;
      emit(out, x);
    }
    out << YAML::EndMap;
  } else if (v.is_array()) {
    out << YAML::BeginSeq;
    for (const auto& x : v) emit(out, x);
    out << YAML::EndSeq;
  } else if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    // Quote strings YAML would otherwise read as another type.
    json reread = nullptr;
    try {
      reread = scalar(YAML::Load(s));
    } catch (...) {
    }
    if (!reread.is_string() || reread.get<std::string>() != s || s.find('\n') != std::string::npos)
      out << YAML::DoubleQuoted << s;
    else
      out << s;
  } else if (v.is_boolean()) {
    out << (v.get<bool>() ? "true" : "false");
  } else if (v.is_null()) {
    out << YAML::Null;
  } else {
    out << v.dump();
  }
}

}  // namespace

std::optional<json> parse_json_or_yaml(std::string_view text, std::string* error) {
  auto j = json::parse(text, nullptr, false);
  if (!j.is_discarded()) return j;
  try {
    YAML::Node node = YAML::Load(std::string(text));
    return convert(node, 0);
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

std::string to_yaml(const json& value) {
  YAML::Emitter out;
  emit(out, value);
  return std::string(out.c_str()) + "\n";
}

}  // namespace bunker::apigateway
