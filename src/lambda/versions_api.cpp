// PublishVersion and ListVersionsByFunction.
#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/ids.h"
#include "bunker/core/strings.h"
#include "lambda/api.h"
#include "lambda/function_names.h"
#include "lambda/function_records.h"

namespace bunker::lambda {
namespace {

}  // namespace

http::Response publish_version(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const Scope scope = scope_of(call, ref);
  const std::string& region = scope.region;
  std::lock_guard lock(call.lambda.mutex);
  json record = require_function(call, ref.name);
  const json& latest = record["config"];
  if (auto sha = call.body.find("CodeSha256"); sha != call.body.end() && sha->is_string() &&
                                              sha->get<std::string>() != latest.value("CodeSha256", ""))
    throw AwsError(400, "InvalidParameterValueException",
                   "CodeSHA256 (" + sha->get<std::string>() + ") is different from current CodeSHA256 in $LATEST (" +
                       latest.value("CodeSha256", "") + "). Please try again with the CodeSHA256 in $LATEST.");
  check_revision(call.body, latest.value("RevisionId", ""), "GetFunction/GetAlias");

  // Publishing an unchanged $LATEST returns the newest version instead of a new one.
  auto versions = call.lambda.store.versions(scope, ref.name);
  if (!versions.empty() && versions.back().value("source_revision", "") == latest.value("RevisionId", ""))
    return json_reply(call, 201, configuration_json(versions.back()["config"]));

  const uint64_t n = record.value("next_version", uint64_t{1});
  json config = latest;
  config["Version"] = std::to_string(n);
  config["FunctionArn"] = qualified_arn(region, call.account, ref.name, std::to_string(n));
  config["RevisionId"] = uuid4();
  config["LastModified"] = lambda_timestamp(now_millis());
  if (call.body.contains("Description") && call.body["Description"].is_string())
    config["Description"] = call.body["Description"];
  call.lambda.store.put_version(scope, ref.name, n,
                                {{"config", config},
                                 {"code", record["code"]},
                                 {"layers", record.value("layers", json::array())},
                                 {"source_revision", latest.value("RevisionId", "")}});
  record["next_version"] = n + 1;
  call.lambda.store.put_function(scope, ref.name, record);
  return json_reply(call, 201, configuration_json(config));
}

http::Response list_versions_by_function(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 170);
  const Scope scope = scope_of(call, ref);
  json record = require_function(call, ref.name);
  std::vector<json> all{configuration_json(record["config"])};
  for (const auto& v : call.lambda.store.versions(scope, ref.name)) all.push_back(configuration_json(v["config"]));
  int max_items = 50;
  if (auto m = call.query("MaxItems")) {
    max_items = std::atoi(m->c_str());
    if (max_items < 1) throw_validation(*m, "maxItems", "Member must have value greater than or equal to 1");
    if (max_items > 10000) throw_validation(*m, "maxItems", "Member must have value less than or equal to 10000");
  }
  size_t start = 0;
  if (auto marker = call.query("Marker")) {
    auto decoded = base64_decode(*marker);
    long long pos = 0;
    if (!decoded || !parse_int64(*decoded, pos) || pos < 0)
      throw AwsError(400, "InvalidParameterValueException", "Invalid marker");
    start = static_cast<size_t>(pos);
  }
  json out = {{"Versions", json::array()}};
  for (size_t i = start; i < all.size() && out["Versions"].size() < static_cast<size_t>(max_items); ++i)
    out["Versions"].push_back(all[i]);
  const size_t next = start + out["Versions"].size();
  if (next < all.size()) out["NextMarker"] = base64_encode(std::to_string(next));
  return json_reply(call, 200, out);
}

}  // namespace bunker::lambda
