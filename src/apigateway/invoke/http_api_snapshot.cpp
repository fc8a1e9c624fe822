#include "apigateway/json_fields.h"
#include "apigateway/invoke/http_api_snapshot.h"
#include "apigateway/integration_uri.h"

#include <algorithm>

#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

bool is_var(std::string_view s) { return s.size() >= 2 && s.front() == '{' && s.back() == '}'; }
bool is_greedy(std::string_view s) { return is_var(s) && s.size() >= 3 && s[s.size() - 2] == '+'; }

// Orders routes most specific first: at the first differing segment a static part beats
// a variable, which beats a greedy one; then longer paths; then exact methods over ANY.
bool more_specific(const HttpRoute& a, const HttpRoute& b) {
  if (a.method.empty() != b.method.empty()) return b.method.empty();  // $default last
  auto rank = [](std::string_view s) { return is_greedy(s) ? 0 : is_var(s) ? 1 : 2; };
  const size_t n = std::min(a.segments.size(), b.segments.size());
  for (size_t i = 0; i < n; ++i) {
    int ra = rank(a.segments[i]), rb = rank(b.segments[i]);
    if (ra != rb) return ra > rb;
  }
  if (a.segments.size() != b.segments.size()) return a.segments.size() > b.segments.size();
  return (a.method != "ANY") && (b.method == "ANY");
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  for (auto s : split(path, '/'))
    if (!s.empty()) out.emplace_back(s);
  return out;
}

}  // namespace

std::shared_ptr<const HttpApiSnapshot> compile_http_snapshot(const json& snapshot, std::string deployment_id) {
  auto out = std::make_shared<HttpApiSnapshot>();
  const json& api = snapshot.value("api", json::object());
  out->api_id = api.value("apiId", "");
  out->deployment_id = std::move(deployment_id);
  out->cors = api.contains("corsConfiguration") ? api["corsConfiguration"] : json();
  out->disable_execute_api_endpoint = api.value("disableExecuteApiEndpoint", false);
  const json integrations = snapshot.value("integrations", json::object());
  const json authorizers = snapshot.value("authorizers", json::object());
  for (const auto& [id, r] : object_member(snapshot, "routes").items()) {
    HttpRoute route;
    route.route_key = r.value("routeKey", "");
    if (route.route_key != "$default") {
      auto sp = route.route_key.find(' ');
      if (sp == std::string::npos) continue;
      route.method = route.route_key.substr(0, sp);
      route.segments = split_path(route.route_key.substr(sp + 1));
    }
    const std::string target = r.value("target", "");
    if (target.starts_with("integrations/") && integrations.contains(target.substr(13)))
      route.integration = integrations[target.substr(13)];
    if (route.integration.is_object()) {
      route.lambda_function = route.integration.value("integrationUri", "");
      if (auto fn = lambda_function_of(route.lambda_function)) route.lambda_function = *fn;
    }
    route.authorization_type = r.value("authorizationType", "NONE");
    if (r.contains("authorizerId") && authorizers.contains(r["authorizerId"].get<std::string>()))
      route.authorizer = authorizers[r["authorizerId"].get<std::string>()];
    route.api_key_required = r.value("apiKeyRequired", false);
    out->routes.push_back(std::move(route));
  }
  std::stable_sort(out->routes.begin(), out->routes.end(), more_specific);
  return out;
}

HttpRouteMatch HttpApiSnapshot::match(std::string_view method, std::string_view path) const {
  const auto segs = split_path(path);
  const HttpRoute* fallback = nullptr;
  for (const auto& r : routes) {
    if (r.method.empty()) {
      fallback = fallback ? fallback : &r;
      continue;
    }
    if (r.method != "ANY" && r.method != method) continue;
    ParamPairs params;
    bool ok = true;
    bool consumed_all = false;
    for (size_t i = 0; i < r.segments.size(); ++i) {
      const std::string& part = r.segments[i];
      if (i >= segs.size()) {
        ok = false;
        break;
      }
      if (is_greedy(part)) {
        std::string rest;
        for (size_t j = i; j < segs.size(); ++j) rest += (j > i ? "/" : "") + uri_decode(segs[j]);
        params.emplace_back(part.substr(1, part.size() - 3), rest);
        consumed_all = true;
        break;
      }
      if (is_var(part)) {
        params.emplace_back(part.substr(1, part.size() - 2), uri_decode(segs[i]));
      } else if (part != segs[i]) {
        ok = false;
        break;
      }
    }
    if (ok && !consumed_all && segs.size() != r.segments.size()) ok = false;
    if (ok) return {&r, std::move(params)};
  }
  return {fallback, {}};
}

}  // namespace bunker::apigateway
