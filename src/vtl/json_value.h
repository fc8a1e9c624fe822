#pragma once
// JSON text ↔ Value, and Value → text the way the Java objects behind API Gateway's
// templates print themselves.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "vtl/value.h"

namespace bunker::vtl {

struct JsonParseOptions {
  std::size_t max_depth = 512;
  // json-smart's permissive mode, which JsonPath uses on AWS: unquoted object keys and
  // single-quoted strings are accepted.
  bool permissive = true;
};

// Objects become insertion-ordered maps, arrays JSON-style lists, integers Integer or
// Long, other numbers Double. nullopt when the text is not JSON (or is nested deeper
// than max_depth).
std::optional<Value> parse_json(std::string_view text, const JsonParseOptions& options = {});

// Bounds for printing nested values (cycles, sizes).
struct PrintBudget {
  Runtime* runtime = nullptr;  // for host objects that render template blocks
  unsigned max_depth = 64;
  std::size_t max_bytes = 10 * 1024 * 1024;
};

// Compact JSON, as json-smart's toJSONString writes it: maps as objects, lists as arrays,
// host objects as their string form. Throws TemplateError beyond the budget.
void append_json(std::string& out, const Value& v, const PrintBudget& budget = {});
std::string to_json(const Value& v, const PrintBudget& budget = {});

// Java's toString(): Map → {k=v, k2=v2}, template-made list → [a, b], JSON list → compact
// JSON, null → "null" (inside containers; a null reference in a template renders empty,
// which the renderer handles before calling this).
void append_java_text(std::string& out, const Value& v, const PrintBudget& budget = {});
std::string to_java_text(const Value& v, const PrintBudget& budget = {});

// nlohmann interop for callers ($context from a json object, overrides back out).
Value from_nlohmann(const nlohmann::json& j);
Value from_nlohmann(const nlohmann::ordered_json& j);
nlohmann::ordered_json to_nlohmann(const Value& v, unsigned max_depth = 64);

}  // namespace bunker::vtl
