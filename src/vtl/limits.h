#pragma once
// Bounds that keep a hostile or buggy template from hanging or exhausting the server.
// Exceeding any of them throws TemplateError(Kind::Limit).
#include <cstddef>
#include <cstdint>

namespace bunker::vtl {

struct Limits {
  // API Gateway's quota: "Number of iterations in a #foreach ... #end loop in mapping
  // templates: 1000". Applies to each loop separately.
  std::uint32_t max_foreach_iterations = 1000;
  // Velocity's own directive.foreach.maxloops stops a loop silently; AWS does not say
  // which it does, so the default is to fail loudly (set true to truncate instead).
  bool truncate_foreach = false;
  // API Gateway's payload limit is 10 MB; the rendered text may not exceed it.
  std::size_t max_output_bytes = 10 * 1024 * 1024;
  // Any single string built while rendering (concatenation, replace, interpolation).
  std::size_t max_string_bytes = 10 * 1024 * 1024;
  // Elements in one list or map, and the size of a range literal.
  std::size_t max_collection_size = 1'000'000;
  // Nesting of macro calls, #evaluate and #define blocks.
  std::uint32_t max_depth = 64;
  // Nesting when printing containers (deep JSON payloads print; cycles stop here).
  std::uint32_t max_print_depth = 600;
  // Total work units (statements, expression nodes, loop iterations, elements copied).
  std::uint64_t max_steps = 20'000'000;
};

// Parse-time bounds (templates themselves are user input too).
struct ParseOptions {
  std::uint32_t max_nesting = 200;          // nested blocks / parentheses / string interpolation
  std::size_t max_template_bytes = 1 << 20;  // larger templates are refused
};

}  // namespace bunker::vtl
