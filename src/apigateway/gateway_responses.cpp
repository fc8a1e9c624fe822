// PutGatewayResponse, GetGatewayResponse(s), UpdateGatewayResponse,
// DeleteGatewayResponse, and the default responses every API starts with.
#include "apigateway/gateway_responses.h"

#include <array>
#include <utility>

#include "apigateway/json_fields.h"
#include "apigateway/patch.h"
#include "apigateway/rest_common.h"

namespace bunker::apigateway {
namespace {

// Types and their default statuses (recorded); DEFAULT_4XX / DEFAULT_5XX have none.
constexpr std::array<std::pair<std::string_view, std::string_view>, 21> kTypes = {{
    {"ACCESS_DENIED", "403"},
    {"API_CONFIGURATION_ERROR", "500"},
    {"AUTHORIZER_CONFIGURATION_ERROR", "500"},
    {"AUTHORIZER_FAILURE", "500"},
    {"BAD_REQUEST_BODY", "400"},
    {"BAD_REQUEST_PARAMETERS", "400"},
    {"DEFAULT_4XX", ""},
    {"DEFAULT_5XX", ""},
    {"EXPIRED_TOKEN", "403"},
    {"INTEGRATION_FAILURE", "504"},
    {"INTEGRATION_TIMEOUT", "504"},
    {"INVALID_API_KEY", "403"},
    {"INVALID_SIGNATURE", "403"},
    {"MISSING_AUTHENTICATION_TOKEN", "403"},
    {"QUOTA_EXCEEDED", "429"},
    {"REQUEST_TOO_LARGE", "413"},
    {"RESOURCE_NOT_FOUND", "404"},
    {"THROTTLED", "429"},
    {"UNAUTHORIZED", "401"},
    {"UNSUPPORTED_MEDIA_TYPE", "415"},
    {"WAF_FILTERED", "403"},
}};

void check_type(const std::string& type) {
  if (!default_gateway_response(type))
    throw_validation_errors({"Value '" + type +
                             "' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: "
                             "[REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, "
                             "MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, "
                             "BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, "
                             "ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, "
                             "API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN]"});
}

json current(const RestApi& api, const std::string& type) {
  auto it = api.gateway_responses.find(type);
  if (it != api.gateway_responses.end()) return *it;
  return *default_gateway_response(type);
}

}  // namespace

const std::vector<std::string_view>& gateway_response_types() {
  static const std::vector<std::string_view> types = [] {
    std::vector<std::string_view> v;
    for (const auto& [t, s] : kTypes) v.push_back(t);
    return v;
  }();
  return types;
}

std::optional<json> default_gateway_response(std::string_view type) {
  for (const auto& [t, status] : kTypes) {
    if (t != type) continue;
    json r = {{"responseType", t},
              {"defaultResponse", true},
              {"responseParameters", json::object()},
              {"responseTemplates", {{"application/json", "{\"message\":$context.error.messageString}"}}}};
    if (!status.empty()) r["statusCode"] = status;
    return r;
  }
  return std::nullopt;
}

std::string_view default_family(int status) { return status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX"; }

Reply put_gateway_response(Call& call) {
  const std::string type = call.param("response_type");
  check_type(type);
  RestApi& api = find_rest_api(call);
  json r = {{"responseType", type}, {"defaultResponse", false}};
  if (auto s = opt_string(call.body, "statusCode")) r["statusCode"] = *s;
  r["responseParameters"] = opt_string_map(call.body, "responseParameters", false).value_or(json::object());
  r["responseTemplates"] = opt_string_map(call.body, "responseTemplates", false).value_or(json::object());
  api.gateway_responses[type] = r;
  save(call, api);
  return {201, r};
}

Reply get_gateway_response(Call& call) {
  const std::string type = call.param("response_type");
  check_type(type);
  RestApi& api = find_rest_api(call);
  return {200, current(api, type)};
}

Reply get_gateway_responses(Call& call) {
  RestApi& api = find_rest_api(call);
  json items = json::array();
  for (auto t : gateway_response_types()) items.push_back(current(api, std::string(t)));
  return {200, paginate(call, std::move(items))};
}

Reply update_gateway_response(Call& call) {
  const std::string type = call.param("response_type");
  check_type(type);
  auto ops = parse_patch_operations(call.body, "updateGatewayResponseInput");
  RestApi& api = find_rest_api(call);
  json r = current(api, type);
  r["defaultResponse"] = false;
  for (const auto& op : ops) {
    const auto& s = op.segments;
    const std::string head = s.empty() ? "" : s[0];
    if ((head == "responseParameters" || head == "responseTemplates") && s.size() >= 2) {
      const std::string key = rest_of_path(op, 1);
      if (op.op == "remove") r[head].erase(key);
      else if (op.op == "add" || op.op == "replace") r[head][key] = patch_string(op);
      else unsupported_op(op, "add, remove, replace");
      continue;
    }
    if (op.path == "/statusCode") {
      if (op.op != "replace") unsupported_op(op, "replace");
      r["statusCode"] = patch_string(op);
      continue;
    }
    invalid_patch_path(op);
  }
  api.gateway_responses[type] = r;
  save(call, api);
  return {200, r};
}

Reply delete_gateway_response(Call& call) {
  const std::string type = call.param("response_type");
  check_type(type);
  RestApi& api = find_rest_api(call);
  if (!api.gateway_responses.contains(type)) throw not_found("Gateway response type not defined on api");
  api.gateway_responses.erase(type);
  save(call, api);
  return {202, json()};
}

}  // namespace bunker::apigateway
