#include "server/unrouted_service.h"

#include "bunker/protocol/json_rpc.h"
#include "bunker/protocol/query.h"
#include "bunker/protocol/rest_json.h"
#include "bunker/protocol/rest_xml.h"

namespace bunker::server {
namespace {

bool is_query_service(std::string_view s) { return s == "iam" || s == "sts"; }
bool is_json_service(std::string_view s) { return s == "dynamodb" || s == "dynamodbstreams" || s == "logs" || s == "events"; }

std::string_view xmlns_of(std::string_view s) {
  return s == "iam" ? "https://iam.amazonaws.com/doc/2010-05-08/" : "https://sts.amazonaws.com/doc/2011-06-15/";
}

}  // namespace

boost::asio::awaitable<http::Response> UnroutedService::handle(http::Request& request) {
  const std::string& s = request.service;
  if (is_query_service(s)) {
    std::string action(http::query_param(request.params, "Action").value_or(""));
    throw AwsError(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
  }
  if (is_json_service(s)) throw AwsError(400, "UnknownOperationException", "");
  if (s == "s3" || s == "s3-website")
    throw AwsError(501, "NotImplemented", "A header you provided implies functionality that is not implemented");
  throw AwsError(404, "UnknownOperationException", "Bunker does not serve '" + s + "' requests");
  co_return http::Response{};
}

http::Response UnroutedService::render_error(const http::Request& request, const AwsError& error) const {
  const std::string& s = request.service;
  if (is_query_service(s)) return protocol::query_error(request, xmlns_of(s), error);
  if (is_json_service(s)) {
    protocol::JsonRpcStyle style{"", "application/x-amz-json-1.0", "com.amazonaws." + s + "#", false};
    return protocol::json_error(request, style, error);
  }
  if (s == "s3" || s == "s3-website") return protocol::s3_error(request, error);
  return protocol::rest_json_error(request, protocol::RestJsonStyle::kLambda, error);
}

}  // namespace bunker::server
