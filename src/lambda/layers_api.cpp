// PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn, ListLayerVersions,
// ListLayers, DeleteLayerVersion. Layer content is unpacked like function code and put
// on the runtime's search paths (runtime/worker_launch.cpp).
#include <algorithm>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/core/strings.h"
#include "lambda/api.h"
#include "lambda/function_records.h"
#include "lambda/function_names.h"
#include "runtime/runtime_catalog.h"

namespace bunker::lambda {
namespace {

json public_view(const Call& call, json record) {
  if (record.contains("Content")) {
    std::string host(call.request.headers.get_or("Host", "127.0.0.1"));
    record["Content"]["Location"] = "http://" + host + "/2015-03-31/functions/_code/" + record.value("sha", "") + ".zip";
  }
  record.erase("sha");
  return record;
}

void validate_layer_name(const std::string& name) {
  if (name.empty() || name.size() > 140 ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != std::string::npos)
    throw_validation(name, "layerName",
                     "Member must satisfy regular expression pattern: "
                     "(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+");
}

void validate_runtimes(const json& runtimes) {
  if (!runtimes.is_array()) return;
  std::vector<std::string> bad;
  std::string shown = "[";
  for (size_t i = 0; i < runtimes.size(); ++i) {
    std::string r = runtimes[i].get<std::string>();
    shown += (i ? ", " : "") + r;
    if (!runtime::find_runtime(r)) bad.push_back(r);
  }
  shown += "]";
  if (!bad.empty())
    throw_validation(shown, "compatibleRuntimes",
                     "Member must satisfy constraint: [Member must satisfy enum value set: [nodejs20.x, python3.14, "
                     "provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, python3.10, python3.11, "
                     "python3.9, nodejs18.x, provided.al2], Member must not be null]");
}

uint64_t layer_version_number(const std::string& text) {
  long long n = 0;
  if (!parse_int64(text, n)) throw_validation(text, "versionNumber", "Member must be a number");
  if (n < 1) throw AwsError(400, "InvalidParameterValueException", "Layer Version Cannot be less than 1");
  return static_cast<uint64_t>(n);
}

json find_layer(const Call& call, const std::string& name, uint64_t n) {
  auto record = call.lambda.store.layer_version(call.scope(), name, n);
  if (!record)
    throw AwsError(404, "ResourceNotFoundException",
                   "Layer version " + layer_arn(call.region, call.account, name) + ":" + std::to_string(n) +
                       " does not exist.");
  return *record;
}

bool compatible(const json& record, const std::optional<std::string>& runtime,
                const std::optional<std::string>& architecture) {
  if (runtime) {
    auto list = record.value("CompatibleRuntimes", json::array());
    if (std::find(list.begin(), list.end(), *runtime) == list.end()) return false;
  }
  if (architecture) {
    auto list = record.value("CompatibleArchitectures", json::array());
    if (std::find(list.begin(), list.end(), *architecture) == list.end()) return false;
  }
  return true;
}

}  // namespace

http::Response publish_layer_version(Call& call) {
  const std::string name = call.route.name;
  validate_layer_name(name);
  validate_runtimes(call.body.value("CompatibleRuntimes", json()));
  std::string zip = code_zip(call, call.body.value("Content", json()));
  StoredCode code = call.lambda.code.put(zip);
  std::lock_guard lock(call.lambda.mutex);
  auto existing = call.lambda.store.layer_versions(call.scope(), name);
  const uint64_t n = existing.empty() ? 1 : existing.back().value("Version", uint64_t{0}) + 1;
  const std::string arn = layer_arn(call.region, call.account, name);
  json record = {{"LayerName", name},
                 {"LayerArn", arn},
                 {"LayerVersionArn", arn + ":" + std::to_string(n)},
                 {"Description", call.body.value("Description", "")},
                 {"CreatedDate", lambda_timestamp(now_millis())},
                 {"Version", n},
                 {"Content", {{"CodeSha256", code.sha_base64}, {"CodeSize", code.size}}},
                 {"sha", code.sha_hex}};
  for (const char* k : {"CompatibleRuntimes", "CompatibleArchitectures", "LicenseInfo"})
    if (call.body.contains(k)) record[k] = call.body[k];
  call.lambda.store.put_layer_version(call.scope(), name, n, record);
  return json_reply(call, 201, public_view(call, record));
}

http::Response get_layer_version(Call& call) {
  return json_reply(call, 200, public_view(call, find_layer(call, call.route.name, layer_version_number(call.route.sub))));
}

http::Response get_layer_version_by_arn(Call& call) {
  const std::string arn = call.query("Arn").value_or("");
  auto parts = split(arn, ':');
  if (parts.size() != 8 || parts[0] != "arn" || parts[5] != "layer")
    throw_validation(arn, "arn",
                     "Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|"
                     "(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::"
                     "awslayer:[a-zA-Z0-9-_]+)");
  // Layer versions are shared across accounts only through layer permissions, which
  // Bunker does not keep.
  if (parts[4] != call.account) throw cross_account_denied(call.account, "lambda:GetLayerVersion", arn);
  return json_reply(call, 200,
                    public_view(call, find_layer(call, std::string(parts[6]), layer_version_number(std::string(parts[7])))));
}

http::Response list_layer_versions(Call& call) {
  auto runtime = call.query("CompatibleRuntime");
  auto architecture = call.query("CompatibleArchitecture");
  json out = {{"LayerVersions", json::array()}};
  auto versions = call.lambda.store.layer_versions(call.scope(), call.route.name);
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    if (!compatible(*it, runtime, architecture)) continue;
    json v = public_view(call, *it);
    v.erase("Content");
    v.erase("LayerName");
    v.erase("LayerArn");
    out["LayerVersions"].push_back(v);
  }
  return json_reply(call, 200, out);
}

http::Response list_layers(Call& call) {
  auto runtime = call.query("CompatibleRuntime");
  auto architecture = call.query("CompatibleArchitecture");
  json out = {{"Layers", json::array()}};
  for (const auto& name : call.lambda.store.layer_names(call.scope())) {
    auto versions = call.lambda.store.layer_versions(call.scope(), name);
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      if (!compatible(*it, runtime, architecture)) continue;
      json latest = public_view(call, *it);
      latest.erase("Content");
      latest.erase("LayerName");
      latest.erase("LayerArn");
      out["Layers"].push_back({{"LayerName", name}, {"LayerArn", layer_arn(call.region, call.account, name)},
                               {"LatestMatchingVersion", latest}});
      break;
    }
  }
  return json_reply(call, 200, out);
}

http::Response delete_layer_version(Call& call) {
  std::lock_guard lock(call.lambda.mutex);
  call.lambda.store.delete_layer_version(call.scope(), call.route.name, layer_version_number(call.route.sub));
  return empty_reply(call, 204);
}

}  // namespace bunker::lambda
