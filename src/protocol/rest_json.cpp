#include "bunker/protocol/rest_json.h"


namespace bunker::protocol {

http::Response rest_json_response(const http::Request& request, int status, const nlohmann::json& body) {
  http::Response r;
  r.status = status;
  r.headers.add("Content-Type", "application/json");
  r.headers.add("x-amzn-RequestId", request.request_id);
  if (!body.is_null()) r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

http::Response rest_json_error(const http::Request& request, RestJsonStyle style, const AwsError& error) {
  nlohmann::json body = nlohmann::json::object();
  if (style == RestJsonStyle::kLambda) body["Type"] = error.sender_fault() ? "User" : "Service";
  body["message"] = error.message();
  for (const auto& [k, v] : error.fields()) body[k] = v;
  if (!error.json_members().empty()) {
    auto extra = nlohmann::json::parse(error.json_members(), nullptr, false);
    if (extra.is_object())
      for (auto& [k, v] : extra.items()) body[k] = v;
  }
  http::Response r = rest_json_response(request, error.status(), body);
  r.headers.add("x-amzn-ErrorType", error.code());
  for (const auto& [k, v] : error.headers()) r.headers.add(k, v);
  return r;
}

}  // namespace bunker::protocol
