#include "apigateway/json_fields.h"
#include "apigateway/invoke/rest_snapshot.h"
#include "apigateway/integration_uri.h"

#include <algorithm>
#include <functional>

#include "bunker/core/strings.h"
#include "vtl/error.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

struct Segment {
  size_t start;
  size_t length;
};

std::vector<Segment> segments_of(std::string_view path) {
  std::vector<Segment> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t start = i;
    while (i < path.size() && path[i] != '/') ++i;
    if (i > start) out.push_back({start, i - start});
  }
  return out;
}

ParamPairs pairs_of(const json& obj) {
  ParamPairs out;
  if (!obj.is_object()) return out;
  for (const auto& [k, v] : obj.items())
    if (v.is_string()) out.emplace_back(k, v.get<std::string>());
  return out;
}

std::vector<std::shared_ptr<MappingTemplate>> templates_of(const json& obj) {
  std::vector<std::shared_ptr<MappingTemplate>> out;
  if (!obj.is_object()) return out;
  for (const auto& [ct, text] : obj.items()) out.push_back(compile_template(ct, text));
  return out;
}

Integration compile_integration(const json& in) {
  Integration out;
  out.type = in.value("type", "MOCK");
  out.http_method = in.value("httpMethod", "");
  out.uri = in.value("uri", "");
  out.lambda_function = lambda_function_of(out.uri);
  out.credentials = in.value("credentials", "");
  out.passthrough_behavior = in.value("passthroughBehavior", "WHEN_NO_MATCH");
  out.content_handling = in.value("contentHandling", "");
  out.timeout_ms = static_cast<int>(in.value("timeoutInMillis", 29000LL));
  out.request_parameters = pairs_of(in.value("requestParameters", json::object()));
  out.request_templates = templates_of(in.value("requestTemplates", json::object()));
  for (const auto& [code, r] : object_member(in, "integrationResponses").items()) {
    IntegrationResponse ir;
    ir.status_code = code;
    if (r.contains("selectionPattern") && r["selectionPattern"].is_string())
      ir.selection_pattern = r["selectionPattern"].get<std::string>();
    ir.response_parameters = pairs_of(r.value("responseParameters", json::object()));
    ir.templates = templates_of(r.value("responseTemplates", json::object()));
    ir.content_handling = r.value("contentHandling", "");
    out.responses.push_back(std::move(ir));
  }
  return out;
}

Method compile_method(const json& m, const std::string& resource_id, const std::string& resource_path) {
  Method out;
  out.http_method = m.value("httpMethod", "");
  out.authorization_type = to_upper(m.value("authorizationType", "NONE"));
  out.authorizer_id = m.value("authorizerId", "");
  out.api_key_required = m.value("apiKeyRequired", false);
  out.request_validator_id = m.value("requestValidatorId", "");
  out.request_parameters = m.value("requestParameters", json::object());
  out.request_models = m.value("requestModels", json::object());
  for (const auto& [code, r] : object_member(m, "methodResponses").items())
    out.method_responses[code] = {code, r.value("responseParameters", json::object())};
  if (m.contains("methodIntegration") && m["methodIntegration"].is_object())
    out.integration = compile_integration(m["methodIntegration"]);
  out.resource_id = resource_id;
  out.resource_path = resource_path;
  return out;
}

bool is_greedy(std::string_view part) {
  return part.size() >= 3 && part.front() == '{' && part.back() == '}' && part[part.size() - 2] == '+';
}
bool is_variable(std::string_view part) { return part.size() >= 2 && part.front() == '{' && part.back() == '}'; }

}  // namespace

std::shared_ptr<MappingTemplate> compile_template(std::string content_type, const json& text) {
  auto t = std::make_shared<MappingTemplate>();
  t->content_type = to_lower(content_type);
  if (!text.is_string() || text.get<std::string>().empty()) {
    t->passthrough = true;
    return t;
  }
  t->uses_context = text.get<std::string>().find("context") != std::string::npos;
  try {
    t->tpl = std::make_shared<const vtl::Template>(vtl::Template::parse(text.get<std::string>()));
  } catch (const vtl::TemplateError& e) {
    t->error = e.what();
  }
  return t;
}

const MappingTemplate* Integration::request_template(std::string_view content_type) const {
  const std::string ct = to_lower(content_type);
  for (const auto& t : request_templates)
    if (t->content_type == ct) return t.get();
  return nullptr;
}

const IntegrationResponse* Integration::default_response() const {
  for (const auto& r : responses)
    if (!r.selection_pattern || r.selection_pattern->empty()) return &r;
  return nullptr;
}

std::shared_ptr<const RestSnapshot> compile_rest_snapshot(const json& snapshot, std::string deployment_id) {
  auto out = std::make_shared<RestSnapshot>();
  const json& api = snapshot.value("api", json::object());
  out->api_id = api.value("id", "");
  out->deployment_id = std::move(deployment_id);
  for (const auto& t : api.value("binaryMediaTypes", json::array())) out->binary_media_types.push_back(t);
  out->api_key_source = api.value("apiKeySource", "HEADER");
  out->authorizers = snapshot.value("authorizers", json::object());
  out->validators = snapshot.value("validators", json::object());
  out->models = snapshot.value("models", json::object());
  out->gateway_responses = snapshot.value("gatewayResponses", json::object());

  const json& resources = snapshot.value("resources", json::object());
  const std::string root = api.value("rootResourceId", "");
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& [id, r] : resources.items())
    if (r.contains("parentId")) children[r["parentId"].get<std::string>()].push_back(id);

  // Breadth-first from the root; each node knows its children by index.
  out->nodes.push_back({});
  std::vector<std::pair<std::string, size_t>> queue{{root, 0}};
  out->nodes[0].id = root;
  out->nodes[0].path = "/";
  for (size_t qi = 0; qi < queue.size(); ++qi) {
    const auto [id, index] = queue[qi];
    if (resources.contains(id)) {
      const json& r = resources[id];
      for (const auto& [name, m] : object_member(r, "resourceMethods").items())
        out->nodes[index].methods[name] = compile_method(m, id, out->nodes[index].path);
    }
    for (const auto& kid : children[id]) {
      const std::string part = resources[kid].value("pathPart", "");
      const size_t k = out->nodes.size();
      out->nodes.push_back({});
      ResourceNode& node = out->nodes[k];
      node.id = kid;
      node.path = (out->nodes[index].path == "/" ? "" : out->nodes[index].path) + "/" + part;
      ResourceNode& parent = out->nodes[index];
      if (is_greedy(part)) {
        parent.greedy = k;
        parent.greedy_name = part.substr(1, part.size() - 3);
      } else if (is_variable(part)) {
        parent.variable = k;
        parent.variable_name = part.substr(1, part.size() - 2);
      } else {
        parent.statics[part] = k;
      }
      queue.emplace_back(kid, k);
    }
  }
  return out;
}

RouteMatch RestSnapshot::route(std::string_view path, std::string_view http_method) const {
  const auto segs = segments_of(path);
  RouteMatch first_path_match;
  bool have_path_match = false;
  RouteMatch result;
  ParamPairs params;

  auto method_of = [&](const ResourceNode& n) -> const Method* {
    auto it = n.methods.find(http_method);
    if (it != n.methods.end()) return &it->second;
    it = n.methods.find("ANY");
    return it != n.methods.end() ? &it->second : nullptr;
  };
  auto accept = [&](const ResourceNode& n) {
    const Method* m = method_of(n);
    if (!m) {
      if (!have_path_match) {
        have_path_match = true;
        first_path_match = {&n, nullptr, params};
      }
      return false;
    }
    result = {&n, m, params};
    return true;
  };

  std::function<bool(size_t, size_t)> walk = [&](size_t node, size_t i) -> bool {
    const ResourceNode& n = nodes[node];
    if (i == segs.size()) return accept(n);
    const std::string_view seg = path.substr(segs[i].start, segs[i].length);
    if (auto it = n.statics.find(seg); it != n.statics.end())
      if (walk(it->second, i + 1)) return true;
    if (n.variable) {
      params.emplace_back(n.variable_name, std::string(seg));
      if (walk(*n.variable, i + 1)) return true;
      params.pop_back();
    }
    if (n.greedy) {
      std::string_view rest = path.substr(segs[i].start);
      while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
      params.emplace_back(n.greedy_name, std::string(rest));
      if (accept(nodes[*n.greedy])) return true;
      params.pop_back();
    }
    return false;
  };
  if (!nodes.empty() && walk(0, 0)) return result;
  return have_path_match ? first_path_match : RouteMatch{};
}

std::string base_media_type(std::string_view content_type) {
  auto semi = content_type.find(';');
  return to_lower(trim(content_type.substr(0, semi)));
}

bool media_type_matches(std::string_view pattern, std::string_view content_type) {
  const std::string p = base_media_type(pattern);
  const std::string c = base_media_type(content_type);
  if (p == "*/*") return true;
  if (p == c) return true;
  if (p.ends_with("/*")) return c.starts_with(p.substr(0, p.size() - 1));
  return false;
}

bool RestSnapshot::is_binary(std::string_view content_type) const {
  if (content_type.empty()) return false;
  for (const auto& t : binary_media_types)
    if (media_type_matches(t, content_type)) return true;
  return false;
}

}  // namespace bunker::apigateway
