#pragma once
// Small helpers shared by the VTL unit tests.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "vtl/template.h"

namespace vtl_test {

// Renders `text` with the variables of `vars` (a JSON object, adopted as template values).
inline std::string render(std::string_view text, const nlohmann::json& vars = nlohmann::json::object(),
                          const bunker::vtl::Limits& limits = {}) {
  bunker::vtl::Context ctx;
  for (auto it = vars.begin(); it != vars.end(); ++it) ctx.set(it.key(), ctx.adopt_json(it.value()));
  return bunker::vtl::Template::parse(text).render(ctx, limits);
}

}  // namespace vtl_test
