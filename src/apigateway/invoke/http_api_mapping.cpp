#include "apigateway/invoke/http_api_mapping.h"

#include "apigateway/invoke/mapping.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

void remove_all(ParamPairs& list, std::string_view name) {
  std::erase_if(list, [&](const auto& p) { return p.first == name; });
}

// One variable ("$request.header.x" …) without the leading '$'.
std::optional<std::string> variable(const Invocation& inv, const http::Response* response, std::string_view v) {
  if (v.starts_with("request.header.")) return inv.header(v.substr(15));
  if (v.starts_with("request.querystring.")) return inv.query_value(v.substr(20));
  if (v == "request.path") return inv.path;
  if (v.starts_with("request.path.")) return inv.path_param(v.substr(13));
  if (v.starts_with("request.body")) {
    std::string_view rest = v.substr(12);
    return json_path_text(inv.body, rest.empty() ? "$" : "$" + std::string(rest));
  }
  if (v.starts_with("context.")) return request_source(inv, "context." + std::string(v.substr(8)));
  if (v.starts_with("stageVariables.")) return inv.stage_variable(v.substr(15));
  if (response && v.starts_with("response.header.")) {
    if (auto h = response->headers.get(v.substr(16))) return std::string(*h);
    return std::nullopt;
  }
  if (response && v.starts_with("response.body")) {
    std::string_view rest = v.substr(13);
    return json_path_text(response->body, rest.empty() ? "$" : "$" + std::string(rest));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> http_mapping_value(const Invocation& inv, const http::Response* response,
                                              std::string_view value) {
  auto is_token = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'; };
  // A lone variable keeps "missing" distinct from empty; otherwise variables are
  // substituted into the text ("$request.path.id" or "${request.path.id}").
  if (value.starts_with("$") && value.size() > 1 && value[1] != '{') {
    size_t end = 1;
    while (end < value.size() && is_token(value[end])) ++end;
    if (end == value.size()) return variable(inv, response, value.substr(1));
  }
  std::string out;
  for (size_t i = 0; i < value.size();) {
    if (value[i] != '$' || i + 1 >= value.size()) {
      out.push_back(value[i++]);
      continue;
    }
    size_t start = i + 1, end;
    if (value[start] == '{') {
      end = value.find('}', start);
      if (end == std::string_view::npos) {
        out.append(value.substr(i));
        break;
      }
      out += variable(inv, response, value.substr(start + 1, end - start - 1)).value_or("");
      i = end + 1;
      continue;
    }
    end = start;
    while (end < value.size() && is_token(value[end])) ++end;
    // A trailing '.' ends a sentence, not a variable.
    while (end > start && value[end - 1] == '.') --end;
    out += variable(inv, response, value.substr(start, end - start)).value_or("");
    i = end;
  }
  return out;
}

void apply_http_request_mapping(const Invocation& inv, const json& params, HttpMappedRequest& out) {
  if (!params.is_object()) return;
  for (const auto& [key, raw] : params.items()) {
    if (!raw.is_string()) continue;
    auto colon = key.find(':');
    if (colon == std::string::npos) continue;
    const std::string op = key.substr(0, colon);
    const std::string target = key.substr(colon + 1);
    const auto value = op == "remove" ? std::optional<std::string>("") : http_mapping_value(inv, nullptr, raw.get<std::string>());
    if (!value) continue;
    if (target == "path") {
      if (op == "overwrite") out.path = *value;
    } else if (target.starts_with("header.")) {
      const std::string name = target.substr(7);
      if (op == "remove") out.headers.remove(name);
      else if (op == "overwrite") out.headers.set(name, *value);
      else if (op == "append") {
        auto existing = out.headers.get(name);
        if (existing) out.headers.set(name, std::string(*existing) + "," + *value);
        else out.headers.add(name, *value);
      }
    } else if (target.starts_with("querystring.")) {
      const std::string name = target.substr(12);
      out.query_changed = true;
      if (op == "remove") remove_all(out.query, name);
      else if (op == "overwrite") {
        remove_all(out.query, name);
        out.query.emplace_back(name, *value);
      } else if (op == "append") {
        out.query.emplace_back(name, *value);
      }
    }
  }
}

void apply_http_response_mapping(const Invocation& inv, const json& params, http::Response& r) {
  if (!params.is_object()) return;
  auto it = params.find(std::to_string(r.status));
  if (it == params.end() || !it->is_object()) return;
  for (const auto& [key, raw] : it->items()) {
    if (!raw.is_string()) continue;
    auto colon = key.find(':');
    if (colon == std::string::npos) continue;
    const std::string op = key.substr(0, colon);
    const std::string target = key.substr(colon + 1);
    const auto value = op == "remove" ? std::optional<std::string>("") : http_mapping_value(inv, &r, raw.get<std::string>());
    if (!value) continue;
    if (target == "statuscode" && op == "overwrite") {
      long long code = 0;
      if (parse_int64(*value, code) && code >= 100 && code <= 599) r.status = static_cast<int>(code);
    } else if (target.starts_with("header.")) {
      const std::string name = target.substr(7);
      if (op == "remove") r.headers.remove(name);
      else if (op == "overwrite") r.headers.set(name, *value);
      else if (op == "append") r.headers.add(name, *value);
    }
  }
}

}  // namespace bunker::apigateway
