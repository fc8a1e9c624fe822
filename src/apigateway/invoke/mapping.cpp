#include "apigateway/invoke/mapping.h"

#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"
#include "vtl/json_value.h"
#include "vtl/jsonpath.h"
#include "vtl/value.h"

namespace bunker::apigateway {
namespace {

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ",";
    out += values[i];
  }
  return out;
}

// context.a.b over the $context object.
std::optional<std::string> context_value(const Invocation& inv, std::string_view dotted) {
  nlohmann::json cur = inv.context_variables();
  for (auto part : split(dotted, '.')) {
    if (!cur.is_object()) return std::nullopt;
    auto it = cur.find(part);
    if (it == cur.end()) return std::nullopt;
    nlohmann::json next = *it;
    cur = std::move(next);
  }
  if (cur.is_null()) return std::nullopt;
  if (cur.is_string()) return cur.get<std::string>();
  return cur.dump();
}

std::optional<std::string> common_source(const Invocation& inv, std::string_view expr) {
  if (expr.size() >= 2 && expr.front() == '\'' && expr.back() == '\'')
    return std::string(expr.substr(1, expr.size() - 2));
  if (expr.starts_with("context.")) return context_value(inv, expr.substr(8));
  if (expr.starts_with("stageVariables.")) return inv.stage_variable(expr.substr(15));
  if (expr.starts_with("method.request.")) {
    std::string_view rest = expr.substr(15);
    if (rest.starts_with("path.")) {
      auto v = inv.path_param(rest.substr(5));
      if (!v) return std::nullopt;
      return uri_decode(*v);
    }
    if (rest.starts_with("querystring.")) return inv.query_value(rest.substr(12));
    if (rest.starts_with("multivaluequerystring.")) {
      auto v = inv.query_values(rest.substr(22));
      if (v.empty()) return std::nullopt;
      return join(v);
    }
    if (rest.starts_with("header.")) return inv.header(rest.substr(7));
    if (rest.starts_with("multivalueheader.")) {
      auto v = inv.header_values(rest.substr(17));
      if (v.empty()) return std::nullopt;
      return join(v);
    }
    if (rest == "body") return inv.body;
    if (rest.starts_with("body.")) return json_path_text(inv.body, "$." + std::string(rest.substr(5)));
  }
  return std::nullopt;
}

}  // namespace

vtl::MappingInput mapping_input(const Invocation& inv, std::string body, bool with_context) {
  vtl::MappingInput in;
  in.body = std::move(body);
  in.path_params = inv.decoded_path_params();
  in.query_params = inv.query;
  in.headers = inv.headers();
  if (with_context) in.context = inv.context_variables();
  in.stage_variables = inv.stage_variables;
  return in;
}

std::optional<std::string> request_source(const Invocation& inv, std::string_view expr) {
  return common_source(inv, trim(expr));
}

std::optional<std::string> response_source(const Invocation& inv, const IntegrationResult& result,
                                           std::string_view expr) {
  expr = trim(expr);
  if (expr.starts_with("integration.response.")) {
    std::string_view rest = expr.substr(21);
    if (rest.starts_with("header.")) {
      if (auto v = result.headers.get(rest.substr(7))) return std::string(*v);
      return std::nullopt;
    }
    if (rest.starts_with("multivalueheader.")) {
      std::vector<std::string> values;
      for (auto v : result.headers.get_all(rest.substr(17))) values.emplace_back(v);
      if (values.empty()) return std::nullopt;
      return join(values);
    }
    if (rest == "body") return result.body;
    if (rest.starts_with("body.")) return json_path_text(result.body, "$." + std::string(rest.substr(5)));
    return std::nullopt;
  }
  return common_source(inv, expr);
}

vtl::MappingOutput render(const MappingTemplate& t, const vtl::MappingInput& in, vtl::MappingState& state) {
  if (!t.error.empty()) throw vtl::TemplateError(vtl::TemplateError::Kind::Parse, t.error);
  return vtl::render_mapping_template(*t.tpl, in, state);
}

const MappingTemplate* select_response_template(const std::vector<std::shared_ptr<MappingTemplate>>& templates,
                                                std::string_view accept) {
  if (templates.empty()) return nullptr;
  for (auto part : split(accept, ',')) {
    const std::string ct = base_media_type(part);
    for (const auto& t : templates)
      if (t->content_type == ct) return t.get();
  }
  for (const auto& t : templates)
    if (t->content_type == "application/json") return t.get();
  return templates.front().get();
}

std::optional<std::string> json_path_text(std::string_view json_text, std::string_view path) {
  try {
    vtl::Heap heap;
    vtl::Heap::Scope scope(heap);
    auto root = vtl::parse_json(json_text);
    if (!root) return std::nullopt;
    vtl::Value v = vtl::JsonPath::get(path)->evaluate(*root);
    if (v.is_null()) return std::nullopt;
    if (v.is_string()) return v.as_string();
    return vtl::to_json(v);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace bunker::apigateway
