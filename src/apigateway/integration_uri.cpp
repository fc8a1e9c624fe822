#include "apigateway/integration_uri.h"

#include "apigateway/errors.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {

std::optional<AwsServiceUri> parse_aws_uri(std::string_view uri) {
  // arn:<partition>:apigateway:<region>:<service>:<kind>/<rest>
  auto parts = split(uri, ':');
  if (parts.size() < 6 || parts[0] != "arn") return std::nullopt;
  AwsServiceUri out;
  out.region = std::string(parts[3]);
  out.service = std::string(parts[4]);
  // The rest may itself contain ':' (a Lambda function ARN).
  size_t offset = 0;
  for (int i = 0; i < 5; ++i) offset = uri.find(':', offset) + 1;
  std::string_view rest = uri.substr(offset);
  if (rest.starts_with("path/")) {
    out.target = std::string(rest.substr(5));
  } else if (rest.starts_with("action/")) {
    out.is_action = true;
    out.target = std::string(rest.substr(7));
  } else {
    return std::nullopt;
  }
  if (parts[2] != "apigateway") return std::nullopt;
  return out;
}

std::optional<std::string> lambda_function_of(std::string_view uri) {
  auto parsed = parse_aws_uri(uri);
  if (!parsed || parsed->service != "lambda" || parsed->is_action) return std::nullopt;
  std::string_view path = parsed->target;
  size_t start = path.find("/functions/");
  if (start == std::string_view::npos) return std::nullopt;
  path = path.substr(start + 11);
  if (!path.ends_with("/invocations")) return std::nullopt;
  path.remove_suffix(12);
  if (path.empty()) return std::nullopt;
  return std::string(path);
}

void validate_integration_uri(std::string_view type, std::string_view uri) {
  if (type == "HTTP" || type == "HTTP_PROXY") {
    std::string_view rest;
    if (uri.starts_with("http://")) rest = uri.substr(7);
    else if (uri.starts_with("https://")) rest = uri.substr(8);
    else throw bad_request("Invalid HTTP endpoint specified for URI");
    if (rest.empty() || rest.front() == '/') throw bad_request("Invalid HTTP endpoint specified for URI");
    return;
  }
  if (type != "AWS" && type != "AWS_PROXY") return;
  auto parts = split(uri, ':');
  if (parts.size() < 6 || parts[0] != "arn") throw bad_request("Invalid ARN specified in the request");
  auto parsed = parse_aws_uri(uri);
  if (!parsed) throw bad_request("AWS ARN for integration must contain path or action");
  if (type == "AWS_PROXY") {
    const bool firehose = parsed->service == "firehose";
    auto fn = lambda_function_of(uri);
    bool lambda_ok = false;
    if (fn) {
      // A function ARN (arn:…:lambda:<region>:<account>:function:<name>[:qualifier]),
      // possibly built from stage variables.
      lambda_ok = fn->starts_with("arn:") ? fn->find(":function:") != std::string::npos
                                          : fn->find("${stageVariables.") != std::string::npos;
    }
    if (!lambda_ok && !firehose)
      throw bad_request(
          "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
  }
}

}  // namespace bunker::apigateway
