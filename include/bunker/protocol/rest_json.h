#pragma once
// The REST-JSON protocol (Lambda, API Gateway): operations chosen by method and path,
// JSON bodies, errors named by the x-amzn-ErrorType header.
#include <nlohmann/json.hpp>

#include <string>

#include "bunker/core/aws_error.h"
#include "bunker/http/message.h"

namespace bunker::protocol {

enum class RestJsonStyle {
  kLambda,      // body {"Type": "User"|"Service", "message": "…"}
  kApiGateway,  // body {"message": "…"}
};

http::Response rest_json_response(const http::Request& request, int status, const nlohmann::json& body);
http::Response rest_json_error(const http::Request& request, RestJsonStyle style, const AwsError& error);

}  // namespace bunker::protocol
