#include "bunker/protocol/json_rpc.h"

#include <array>

#include "bunker/core/hash.h"
#include "protocol/json_body_parser.h"

namespace bunker::protocol {
namespace {

constexpr std::array<std::string_view, 11> kCoralServiceErrors = {
    "SerializationException",      "UnknownOperationException",          "UnrecognizedClientException",
    "InvalidSignatureException",   "MissingAuthenticationTokenException", "IncompleteSignatureException",
    "AccessDeniedException",       "InternalFailure",                    "RequestExpired",
    "InvalidClientTokenId",        "RequestEntityTooLarge"};

}  // namespace

std::string operation_of(const http::Request& request, const JsonRpcStyle& style) {
  auto target = request.headers.get("x-amz-target");
  if (!target || !target->starts_with(style.target_prefix) || target->size() == style.target_prefix.size())
    throw AwsError(400, "UnknownOperationException", "");
  return std::string(target->substr(style.target_prefix.size()));
}

nlohmann::json parse_json_body(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return nlohmann::json::object();
  nlohmann::json j;
  if (!parse_simple_json(body, j)) j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) throw AwsError(400, "SerializationException", "Unexpected character found in request body");
  if (!j.is_object()) throw AwsError(400, "SerializationException", "Start of structure or map found where not expected.");
  return j;
}

std::string json_error_type(const JsonRpcStyle& style, std::string_view code) {
  if (code.find('#') != std::string_view::npos) return std::string(code);
  if (code == "ValidationException") return "com.amazon.coral.validate#ValidationException";
  for (auto c : kCoralServiceErrors)
    if (c == code) return "com.amazon.coral.service#" + std::string(code);
  return style.error_namespace + std::string(code);
}

http::Response json_response(const http::Request& request, const JsonRpcStyle& style, std::string body) {
  http::Response r;
  r.status = 200;
  r.headers.add("Content-Type", style.content_type);
  r.headers.add("x-amzn-RequestId", request.request_id);
  if (style.crc32) r.headers.add("x-amz-crc32", std::to_string(crc32(body)));
  r.body = std::move(body);
  return r;
}

http::Response json_response(const http::Request& request, const JsonRpcStyle& style, const nlohmann::json& body) {
  return json_response(request, style, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

http::Response json_error(const http::Request& request, const JsonRpcStyle& style, const AwsError& error) {
  nlohmann::json body = nlohmann::json::object();
  body["__type"] = json_error_type(style, error.code());
  if (!error.message().empty()) body["message"] = error.message();
  for (const auto& [k, v] : error.fields()) body[k] = v;
  if (!error.json_members().empty()) {
    auto extra = nlohmann::json::parse(error.json_members(), nullptr, false);
    if (extra.is_object())
      for (auto& [k, v] : extra.items()) body[k] = v;
  }
  http::Response r = json_response(request, style, body);
  r.status = error.status();
  for (const auto& [k, v] : error.headers()) r.headers.add(k, v);
  return r;
}

}  // namespace bunker::protocol
