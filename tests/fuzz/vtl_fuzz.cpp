// libFuzzer target for the VTL engine: the input is a template, optionally followed by
// a NUL byte and a request body. Parsing and rendering may fail, but only with
// TemplateError; anything else (a crash, a sanitizer report, another exception, a hang
// past libFuzzer's timeout) is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vtl/mapping.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t split = input.find('\0');
  std::string_view tpl = input.substr(0, split);
  bunker::vtl::MappingInput in;
  if (split != std::string_view::npos) in.body = std::string(input.substr(split + 1));
  in.path_params = {{"id", "42"}};
  in.query_params = {{"q", "a"}, {"q", "b"}};
  in.headers = {{"Content-Type", "application/json"}};
  in.context = {{"requestId", "r"}, {"identity", {{"sourceIp", "127.0.0.1"}}}};
  in.stage_variables = {{"env", "fuzz"}};

  bunker::vtl::Limits limits;  // small budgets keep each run fast
  limits.max_steps = 200'000;
  limits.max_output_bytes = 1 << 20;
  limits.max_string_bytes = 1 << 18;
  limits.max_collection_size = 100'000;
  try {
    bunker::vtl::MappingState state;
    auto out = bunker::vtl::render_mapping_template(tpl, in, state, limits);
    // Render twice through the carried state, as a request/response pair does.
    bunker::vtl::render_mapping_template(tpl, in, state, limits);
    (void)out;
  } catch (const bunker::vtl::TemplateError&) {
  }
  return 0;
}
