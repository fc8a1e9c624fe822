#pragma once
// Typed reads of request-body members. API Gateway's front end is a Java (Coral)
// deserializer: a member of the wrong JSON type is a SerializationException naming the
// Java classes involved, before any semantic validation runs.
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bunker::apigateway {

using json = nlohmann::json;

// The member as a string; nullopt when absent or null. Throws SerializationException
// when it is another type.
std::optional<std::string> opt_string(const json& body, std::string_view name);
std::optional<bool> opt_bool(const json& body, std::string_view name);
std::optional<long long> opt_int(const json& body, std::string_view name);
std::optional<double> opt_double(const json& body, std::string_view name);
// A list of strings; nullopt when absent.
std::optional<std::vector<std::string>> opt_string_list(const json& body, std::string_view name);
// A map of string to string (null values kept as null): requestTemplates,
// responseParameters, tags, variables.
std::optional<json> opt_string_map(const json& body, std::string_view name, bool allow_null_values = true);
// A map of string to boolean: requestParameters of methods and method responses.
std::optional<json> opt_bool_map(const json& body, std::string_view name);

// The member if it is an object, else a shared empty object. Use this (not
// value(name, json::object())) when iterating, so the range does not dangle.
const json& object_member(const json& obj, std::string_view name);
// The body's "tags" map ({} when absent).
json tags_or_empty(const json& body);

// The Java class AWS names for a JSON value in serialization errors.
std::string java_class_of(const json& v);

// Current time as API Gateway v1 renders timestamps (epoch seconds).
long long epoch_seconds();

// Lowercase letters and digits, as API Gateway's ids are.
std::string new_id(size_t length);

}  // namespace bunker::apigateway
