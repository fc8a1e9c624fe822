#pragma once
// Integration URIs: validation at PutIntegration time (AWS's texts), and their parts at
// invoke time. AWS-type URIs are
//   arn:aws:apigateway:<region>:<service>:path/<path>        (e.g. lambda:path/2015-03-31/functions/<fn>/invocations)
//   arn:aws:apigateway:<region>:<service>:action/<Action>    (e.g. dynamodb:action/PutItem)
#include <optional>
#include <string>
#include <string_view>

namespace bunker::apigateway {

// Throws BadRequestException as AWS does for a URI the integration type cannot use.
void validate_integration_uri(std::string_view type, std::string_view uri);

struct AwsServiceUri {
  std::string region;
  std::string service;   // lambda, dynamodb, s3, …
  bool is_action = false;
  std::string target;    // the path (without "path/") or the action name
};
std::optional<AwsServiceUri> parse_aws_uri(std::string_view uri);

// For lambda:path/2015-03-31/functions/<function>/invocations, the <function> part (an
// ARN, possibly with a qualifier or ${stageVariables.x} still in it).
std::optional<std::string> lambda_function_of(std::string_view uri);

// Replaces ${stageVariables.name} with the stage's values (missing ones become "").
template <class Lookup>
std::string substitute_stage_variables(std::string_view text, const Lookup& lookup) {
  if (text.find("${stageVariables.") == std::string_view::npos) return std::string(text);  // nearly always
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text.substr(i).starts_with("${stageVariables.")) {
      size_t end = text.find('}', i);
      if (end != std::string_view::npos) {
        std::string name(text.substr(i + 17, end - i - 17));
        out += lookup(name);
        i = end + 1;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

}  // namespace bunker::apigateway
