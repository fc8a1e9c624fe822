#pragma once
// The AWS JSON 1.0 / 1.1 protocol (DynamoDB, DynamoDB Streams, CloudWatch Logs, …):
// POST / with X-Amz-Target "<Prefix>.<Operation>" and a JSON body; errors as
// {"__type": "<namespace>#<Code>", "message": "…"}.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "bunker/core/aws_error.h"
#include "bunker/http/message.h"

namespace bunker::protocol {

struct JsonRpcStyle {
  std::string target_prefix;    // "DynamoDB_20120810."
  std::string content_type;     // "application/x-amz-json-1.0"
  std::string error_namespace;  // "com.amazonaws.dynamodb.v20120810#"
  bool crc32 = false;           // DynamoDB signs its bodies with x-amz-crc32; boto3 checks it
};

// The operation named by X-Amz-Target. Throws UnknownOperationException for a missing
// or foreign target, as the services do.
std::string operation_of(const http::Request& request, const JsonRpcStyle& style);

// Parses a request body; an empty body is {}. Throws SerializationException for text that
// is not a JSON object.
nlohmann::json parse_json_body(std::string_view body);

http::Response json_response(const http::Request& request, const JsonRpcStyle& style, std::string body);
http::Response json_response(const http::Request& request, const JsonRpcStyle& style, const nlohmann::json& body);
http::Response json_error(const http::Request& request, const JsonRpcStyle& style, const AwsError& error);

// The "__type" of an error: codes containing '#' are taken as they are; Coral's generic
// exceptions get their com.amazon.coral namespaces; the rest the service's namespace.
std::string json_error_type(const JsonRpcStyle& style, std::string_view code);

}  // namespace bunker::protocol
