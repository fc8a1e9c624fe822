#include "apigateway/invoke/gateway_response.h"

#include "apigateway/invoke/mapping.h"
#include "apigateway/json_fields.h"
#include "apigateway/invoke/rest_snapshot.h"
#include "bunker/core/strings.h"
#include "vtl/error.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

const json* find_custom(const json* custom, const GatewayError& error) {
  if (!custom || !custom->is_object()) return nullptr;
  if (auto it = custom->find(error.type); it != custom->end()) return &*it;
  const char* family = error.status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX";
  if (auto it = custom->find(family); it != custom->end()) return &*it;
  return nullptr;
}

std::string default_body(const GatewayError& error) {
  if (!error.body.empty()) return error.body;
  // Integration failures carry a fixed body with a space after the colon (recorded,
  // 36 bytes); the template-made bodies of other gateway responses have none.
  if (error.message == "Internal server error") return "{\"message\": \"Internal server error\"}";
  return "{\"message\":" + json(error.message).dump() + "}";
}

}  // namespace

void add_invoke_headers(http::Response& r, const Invocation& inv) {
  r.headers.set("x-amzn-RequestId", inv.request_id);
  r.headers.set("x-amz-apigw-id", inv.extended_request_id);
}

http::Response gateway_error_response(const Invocation& inv, const json* custom, const GatewayError& error) {
  http::Response r;
  r.status = error.status;
  r.headers.add("Content-Type", "application/json");
  r.body = default_body(error);
  if (const json* g = find_custom(custom, error)) {
    if (g->contains("statusCode") && (*g)["statusCode"].is_string()) {
      long long code = 0;
      if (parse_int64((*g)["statusCode"].get<std::string>(), code)) r.status = static_cast<int>(code);
    }
    for (const auto& [k, v] : object_member(*g, "responseParameters").items()) {
      if (!k.starts_with("gatewayresponse.header.") || !v.is_string()) continue;
      if (auto value = request_source(inv, v.get<std::string>())) r.headers.set(k.substr(23), *value);
    }
    const json templates = g->value("responseTemplates", json::object());
    if (auto t = templates.find("application/json"); t != templates.end() && t->is_string()) {
      try {
        auto tpl = compile_template("application/json", *t);
        if (!tpl->passthrough) {
          vtl::MappingInput in = mapping_input(inv, "");
          in.context["error"] = {{"message", error.message},
                                 {"messageString", json(error.message).dump()},
                                 {"responseType", error.type},
                                 {"validationErrorString", ""}};
          vtl::MappingState state;
          r.body = render(*tpl, in, state).text;
        }
      } catch (const vtl::TemplateError&) {
        // A broken gateway-response template leaves the default body.
      }
    }
  }
  r.headers.add("x-amzn-ErrorType", error.error_type);
  add_invoke_headers(r, inv);
  return r;
}

}  // namespace bunker::apigateway
