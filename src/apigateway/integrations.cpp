// PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration and the
// integration responses (Put/Get/Update/DeleteIntegrationResponse).
#include <regex>

#include "apigateway/integration_uri.h"
#include "apigateway/json_fields.h"
#include "apigateway/patch.h"
#include "apigateway/rest_common.h"

namespace bunker::apigateway {
namespace {

bool valid_status(const std::string& code) {
  static const std::regex re("[1-5]\\d\\d");
  return std::regex_match(code, re);
}

std::string status_error(const std::string& code) {
  return "Value '" + code +
         "' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d";
}

// Templates keyed by content type; an empty template is stored as null (recorded).
json template_map(const json& templates) {
  json out = json::object();
  for (const auto& [ct, t] : templates.items()) {
    if (ct.find('/') == std::string::npos)
      throw bad_request("Validation Result: warnings : [], errors : [Invalid content type specified: " + ct + "]");
    out[ct] = (t.is_string() && !t.get<std::string>().empty()) ? t : json(nullptr);
  }
  return out;
}

void validate_passthrough(const std::string& v) {
  if (v != "WHEN_NO_MATCH" && v != "WHEN_NO_TEMPLATES" && v != "NEVER")
    throw bad_request("Invalid passthrough behavior specified: " + v +
                      ", valid values are WHEN_NO_MATCH, WHEN_NO_TEMPLATES, NEVER");
}

void validate_content_handling(const std::string& v) {
  if (v != "CONVERT_TO_BINARY" && v != "CONVERT_TO_TEXT")
    throw bad_request("Invalid contentHandling specified. Valid options are CONVERT_TO_BINARY,CONVERT_TO_TEXT");
}

void validate_integration_parameters(const json& params) {
  static const std::regex key_re(
      "integration\\.request\\.(path|querystring|multivaluequerystring|header|multivalueheader)\\.(.+)");
  for (const auto& [k, v] : params.items()) {
    if (!std::regex_match(k, key_re))
      throw bad_request("Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid "
                        "mapping expression specified: " + k + "]");
  }
}

// The method for the call, with AWS's error texts for the integration family.
json& method_for(Call& call, RestApi& api, bool integration_missing_text = false) {
  json& resource = find_resource(api, call.param("resource_id"));
  auto& methods = resource["resourceMethods"];
  if (!methods.is_object() || !methods.contains(call.param("http_method"))) {
    if (integration_missing_text) throw not_found("Invalid Integration identifier specified");
    throw not_found("Invalid Method identifier specified");
  }
  return methods[call.param("http_method")];
}

}  // namespace

Reply put_integration(Call& call) {
  const json& b = call.body;
  const std::string type = opt_string(b, "type").value_or("");
  if (type != "HTTP" && type != "MOCK" && type != "AWS_PROXY" && type != "HTTP_PROXY" && type != "AWS")
    throw_validation_errors({"Value '" + type +
                             "' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum "
                             "value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]"});
  RestApi& api = find_rest_api(call, Missing::kResource);
  json& method = method_for(call, api);
  const json& resource = find_resource(api, call.param("resource_id"));

  json in = {{"type", type}};
  auto http_method = opt_string(b, "integrationHttpMethod");
  if (!http_method) http_method = opt_string(b, "httpMethod");
  if (type != "MOCK" && (!http_method || http_method->empty()))
    throw bad_request("Enumeration value for HttpMethod must be non-empty");
  if (http_method) in["httpMethod"] = *http_method;
  auto uri = opt_string(b, "uri");
  if (type != "MOCK") {
    validate_integration_uri(type, uri.value_or(""));
    in["uri"] = *uri;
  } else if (uri && !uri->empty()) {
    in["uri"] = *uri;
  }
  if (type == "HTTP" || type == "HTTP_PROXY") in["connectionType"] = opt_string(b, "connectionType").value_or("INTERNET");
  else if (auto ct = opt_string(b, "connectionType")) in["connectionType"] = *ct;
  if (auto v = opt_string(b, "connectionId")) in["connectionId"] = *v;
  if (auto v = opt_string(b, "credentials")) in["credentials"] = *v;
  if (auto p = opt_string_map(b, "requestParameters", false); p && !p->empty()) {
    validate_integration_parameters(*p);
    in["requestParameters"] = *p;
  }
  if (auto t = opt_string_map(b, "requestTemplates"); t && !t->empty()) in["requestTemplates"] = template_map(*t);
  std::string passthrough = opt_string(b, "passthroughBehavior").value_or("WHEN_NO_MATCH");
  validate_passthrough(passthrough);
  in["passthroughBehavior"] = passthrough;
  if (auto v = opt_string(b, "contentHandling")) {
    validate_content_handling(*v);
    in["contentHandling"] = *v;
  }
  in["cacheNamespace"] = opt_string(b, "cacheNamespace").value_or(resource["id"].get<std::string>());
  in["cacheKeyParameters"] = opt_string_list(b, "cacheKeyParameters").value_or(std::vector<std::string>{});
  long long timeout = opt_int(b, "timeoutInMillis").value_or(29000);
  if (timeout < 50) throw bad_request("Timeout should be between 50 ms and 29000 ms");
  in["timeoutInMillis"] = timeout;
  if (b.contains("tlsConfig") && b["tlsConfig"].is_object()) {
    json tls = json::object();
    if (auto v = opt_bool(b["tlsConfig"], "insecureSkipVerification")) tls["insecureSkipVerification"] = *v;
    in["tlsConfig"] = tls;
  }
  // Re-putting an integration keeps the integration responses defined for it.
  if (method.contains("methodIntegration") && method["methodIntegration"].contains("integrationResponses"))
    in["integrationResponses"] = method["methodIntegration"]["integrationResponses"];
  method["methodIntegration"] = in;
  save(call, api);
  return {201, in};
}

Reply get_integration(Call& call) {
  RestApi& api = find_rest_api(call, Missing::kResource);
  return {200, find_integration(method_for(call, api))};
}

Reply update_integration(Call& call) {
  auto ops = parse_patch_operations(call.body, "updateIntegrationInput");
  RestApi& stored = find_rest_api(call, Missing::kResource);
  find_integration(method_for(call, stored));
  RestApi api = stored;
  json& in = find_integration(method_for(call, api));
  for (const auto& op : ops) {
    const auto& s = op.segments;
    const std::string head = s.empty() ? "" : s[0];
    auto map_edit = [&](const char* member, bool templates) {
      if (s.size() < 2) invalid_patch_path(op);
      const std::string key = rest_of_path(op, 1);
      json map = in.value(member, json::object());
      if (op.op == "remove") {
        map.erase(key);
      } else if (op.op == "add" || op.op == "replace") {
        json one = {{key, patch_string(op)}};
        if (templates) one = template_map(one);
        else validate_integration_parameters(one);
        map[key] = one[key];
      } else {
        unsupported_op(op, "add, remove, replace");
      }
      if (map.empty()) in.erase(member);
      else in[member] = map;
    };
    if (head == "requestTemplates") {
      map_edit("requestTemplates", true);
      continue;
    }
    if (head == "requestParameters") {
      map_edit("requestParameters", false);
      continue;
    }
    if (head == "cacheKeyParameters") {
      json list = in.value("cacheKeyParameters", json::array());
      const std::string key = s.size() >= 2 ? rest_of_path(op, 1) : patch_string(op);
      if (op.op == "add") list.push_back(key);
      else if (op.op == "remove") list.erase(std::remove(list.begin(), list.end(), key), list.end());
      else unsupported_op(op, "add, remove");
      in["cacheKeyParameters"] = list;
      continue;
    }
    if (head == "tlsConfig" && s.size() == 2 && s[1] == "insecureSkipVerification") {
      in["tlsConfig"]["insecureSkipVerification"] = patch_bool(op);
      continue;
    }
    if (s.size() != 1) invalid_patch_path(op);
    if (op.op != "replace") unsupported_op(op, "replace");
    const std::string v = patch_string(op);
    if (head == "uri") {
      validate_integration_uri(in.value("type", ""), v);
      in["uri"] = v;
    } else if (head == "httpMethod") {
      if (v.empty()) throw bad_request("Enumeration value for HttpMethod must be non-empty");
      in["httpMethod"] = v;
    } else if (head == "passthroughBehavior") {
      validate_passthrough(v);
      in[head] = v;
    } else if (head == "contentHandling") {
      if (v.empty()) in.erase(head);
      else {
        validate_content_handling(v);
        in[head] = v;
      }
    } else if (head == "timeoutInMillis") {
      long long t = 0;
      try {
        t = std::stoll(v);
      } catch (...) {
        throw bad_request("Invalid timeout specified");
      }
      in[head] = t;
    } else if (head == "credentials" || head == "connectionType" || head == "connectionId" ||
               head == "cacheNamespace") {
      if (v.empty()) in.erase(head);
      else in[head] = v;
    } else {
      invalid_patch_path(op);
    }
  }
  json out = in;
  save(call, api);
  stored = std::move(api);
  return {200, out};
}

Reply delete_integration(Call& call) {
  RestApi& api = find_rest_api(call, Missing::kResource);
  json& method = method_for(call, api);
  find_integration(method);
  method.erase("methodIntegration");
  save(call, api);
  return {204, json()};
}

// ---- Integration responses ----

Reply put_integration_response(Call& call) {
  const std::string code = call.param("status_code");
  if (!valid_status(code)) throw_validation_errors({status_error(code)});
  RestApi& api = find_rest_api(call, Missing::kResource);
  json& in = find_integration(method_for(call, api));
  const json& b = call.body;
  json resp = {{"statusCode", code}};
  if (auto v = opt_string(b, "selectionPattern")) resp["selectionPattern"] = *v;
  if (auto p = opt_string_map(b, "responseParameters", false)) {
    for (const auto& [k, v] : p->items())
      if (!k.starts_with("method.response.header."))
        throw bad_request("Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid "
                          "mapping expression specified: " + k + "]");
    resp["responseParameters"] = *p;
  }
  if (auto t = opt_string_map(b, "responseTemplates")) resp["responseTemplates"] = template_map(*t);
  if (auto v = opt_string(b, "contentHandling")) {
    validate_content_handling(*v);
    resp["contentHandling"] = *v;
  }
  in["integrationResponses"][code] = resp;
  save(call, api);
  return {201, resp};
}

Reply get_integration_response(Call& call) {
  const std::string code = call.param("status_code");
  if (!valid_status(code)) throw_validation_errors({status_error(code)});
  RestApi& api = find_rest_api(call, Missing::kResource);
  json& in = find_integration(method_for(call, api));
  auto it = in.find("integrationResponses");
  if (it == in.end() || !it->contains(code)) throw not_found("Invalid Response status code specified");
  return {200, (*it)[code]};
}

Reply update_integration_response(Call& call) {
  const std::string code = call.param("status_code");
  std::vector<std::string> extra;
  if (!valid_status(code)) extra.push_back(status_error(code));
  auto ops = parse_patch_operations(call.body, "updateIntegrationResponseInput", extra);
  RestApi& stored = find_rest_api(call, Missing::kResource);
  find_integration(method_for(call, stored));
  RestApi api = stored;
  json& in = find_integration(method_for(call, api));
  auto it = in.find("integrationResponses");
  if (it == in.end() || !it->contains(code)) throw not_found("Invalid Response status code specified");
  json& resp = (*it)[code];
  for (const auto& op : ops) {
    const auto& s = op.segments;
    const std::string head = s.empty() ? "" : s[0];
    if ((head == "responseTemplates" || head == "responseParameters") && s.size() >= 2) {
      const std::string key = rest_of_path(op, 1);
      json map = resp.value(head, json::object());
      if (op.op == "remove") map.erase(key);
      else if (op.op == "add" || op.op == "replace")
        map[key] = head == "responseTemplates" ? template_map(json{{key, patch_string(op)}})[key] : json(patch_string(op));
      else unsupported_op(op, "add, remove, replace");
      resp[head] = map;
      continue;
    }
    if (s.size() != 1 || (head != "selectionPattern" && head != "contentHandling")) invalid_patch_path(op);
    if (op.op != "replace" && op.op != "remove") unsupported_op(op, "replace");
    if (op.op == "remove" || !op.value) resp.erase(head);
    else if (head == "contentHandling") {
      validate_content_handling(*op.value);
      resp[head] = *op.value;
    } else resp[head] = *op.value;
  }
  json out = resp;
  save(call, api);
  stored = std::move(api);
  return {200, out};
}

Reply delete_integration_response(Call& call) {
  const std::string code = call.param("status_code");
  RestApi& api = find_rest_api(call, Missing::kResource);
  json& in = find_integration(method_for(call, api, true));
  auto it = in.find("integrationResponses");
  if (it == in.end() || !it->contains(code)) throw not_found("Invalid Response status code specified");
  it->erase(code);
  if (it->empty()) in.erase("integrationResponses");
  save(call, api);
  return {204, json()};
}

}  // namespace bunker::apigateway
