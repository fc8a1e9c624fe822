// CreateStage, GetStage(s), UpdateStage (stage variables, method settings), DeleteStage.
#include "apigateway/stages.h"

#include "apigateway/json_fields.h"
#include "apigateway/patch.h"
#include "apigateway/rest_common.h"
#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

// AWS's text for a path UpdateStage does not know (recorded, typos included).
constexpr const char* kStagePaths =
    "[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, "
    "/accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, "
    "/{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, "
    "/{resourcePath}/{httpMethod}/logging/loglevel, "
    "/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/"
    "{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, "
    "/{resourcePath}/{httpMethod}/caching/dataEncrypted, "
    "/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, "
    "/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, "
    "/*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit "
    "/*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, "
    "/*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, "
    "/variables/{variable_name}, /tracingEnabled]";

[[noreturn]] void invalid_stage_path(const PatchOp& op) {
  throw bad_request("Invalid method setting path: " + op.path + ". Must be one of: " + kStagePaths);
}

json default_method_setting() {
  return {{"metricsEnabled", false},
          {"dataTraceEnabled", false},
          {"throttlingBurstLimit", 5000},
          {"throttlingRateLimit", 10000.0},
          {"cachingEnabled", false},
          {"cacheTtlInSeconds", 300},
          {"cacheDataEncrypted", false},
          {"requireAuthorizationForCacheControl", true},
          {"unauthorizedCacheControlHeaderStrategy", "SUCCEED_WITH_RESPONSE_HEADER"}};
}

double to_number(const PatchOp& op) {
  try {
    return std::stod(patch_string(op));
  } catch (...) {
    throw bad_request("Invalid value for " + op.path);
  }
}

// "/{resourcePath}/{httpMethod}/<group>/<setting>": segments[0] is the resource path
// ("*" or "/pets" escaped as ~1pets), segments[1] the method.
void apply_method_setting(json& stage, const PatchOp& op) {
  const auto& s = op.segments;
  std::string resource = s[0];
  if (resource.starts_with("/")) resource.erase(0, 1);
  const std::string key = resource + "/" + s[1];
  json& settings = stage["methodSettings"];
  if (s.size() == 2) {
    if (op.op != "remove") invalid_stage_path(op);
    if (!settings.contains(key))
      throw bad_request("Cannot remove method setting " + key + " because there is no method setting for this method ");
    settings.erase(key);
    return;
  }
  if (s.size() != 4) invalid_stage_path(op);
  const std::string setting = s[2] + "/" + s[3];
  json& m = settings[key];
  if (m.is_null()) {
    // A new entry starts from the stage-wide settings, then the defaults.
    m = settings.contains("*/*") && key != "*/*" ? settings["*/*"] : default_method_setting();
  }
  if (setting == "metrics/enabled") m["metricsEnabled"] = patch_bool(op);
  else if (setting == "logging/dataTrace") m["dataTraceEnabled"] = patch_bool(op);
  else if (setting == "logging/loglevel") m["loggingLevel"] = patch_string(op);
  else if (setting == "throttling/burstLimit") m["throttlingBurstLimit"] = static_cast<long long>(to_number(op));
  else if (setting == "throttling/rateLimit") m["throttlingRateLimit"] = to_number(op);
  else if (setting == "caching/ttlInSeconds") m["cacheTtlInSeconds"] = static_cast<long long>(to_number(op));
  else if (setting == "caching/enabled") m["cachingEnabled"] = patch_bool(op);
  else if (setting == "caching/dataEncrypted") m["cacheDataEncrypted"] = patch_bool(op);
  else if (setting == "caching/requireAuthorizationForCacheControl")
    m["requireAuthorizationForCacheControl"] = patch_bool(op);
  else if (setting == "caching/unauthorizedCacheControlHeaderStrategy")
    m["unauthorizedCacheControlHeaderStrategy"] = patch_string(op);
  else invalid_stage_path(op);
}

json stage_shape(const json& stage) {
  json out = stage;
  if (out.contains("tags") && out["tags"].empty()) out.erase("tags");
  return out;
}

}  // namespace

void validate_stage_name(std::string_view name) {
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
      throw bad_request("Stage name only allows a-zA-Z0-9_");
  if (name.empty() || name.size() > 128) throw bad_request("Stage name only allows a-zA-Z0-9_");
}

json new_stage(const json& b) {
  const long long now = now_seconds();
  json s = json::object();
  s["stageName"] = opt_string(b, "stageName").value_or("");
  s["deploymentId"] = opt_string(b, "deploymentId").value_or("");
  if (auto v = opt_string(b, "description")) s["description"] = *v;
  s["cacheClusterEnabled"] = opt_bool(b, "cacheClusterEnabled").value_or(false);
  if (auto v = opt_string(b, "cacheClusterSize")) s["cacheClusterSize"] = *v;
  s["cacheClusterStatus"] = s["cacheClusterEnabled"].get<bool>() ? "AVAILABLE" : "NOT_AVAILABLE";
  s["methodSettings"] = json::object();
  s["tracingEnabled"] = opt_bool(b, "tracingEnabled").value_or(false);
  if (auto v = opt_string(b, "documentationVersion")) s["documentationVersion"] = *v;
  if (auto vars = opt_string_map(b, "variables", false); vars && !vars->empty()) s["variables"] = *vars;
  if (auto tags = opt_string_map(b, "tags", false); tags && !tags->empty()) s["tags"] = *tags;
  s["createdDate"] = now;
  s["lastUpdatedDate"] = now;
  return s;
}

Reply create_stage(Call& call) {
  RestApi& api = find_rest_api(call);
  const std::string name = opt_string(call.body, "stageName").value_or("");
  validate_stage_name(name);
  const std::string dep = opt_string(call.body, "deploymentId").value_or("");
  if (!api.deployments.contains(dep)) throw not_found("Invalid Deployment identifier specified");
  if (api.stages.contains(name)) throw conflict("Stage already exists");
  json stage = new_stage(call.body);
  api.stages[name] = stage;
  save(call, api);
  return {201, stage_shape(stage)};
}

Reply get_stage(Call& call) {
  RestApi& api = find_rest_api(call);
  auto it = api.stages.find(call.param("stage_name"));
  if (it == api.stages.end()) throw not_found("Invalid Stage identifier specified");
  json out = *it;
  if (!out.contains("tags")) out["tags"] = json::object();
  return {200, stage_shape(out)};
}

Reply get_stages(Call& call) {
  RestApi& api = find_rest_api(call);
  const auto filter = call.query("deploymentId");
  std::vector<json> items;
  for (const auto& [name, s] : api.stages.items())
    if (!filter || s.value("deploymentId", "") == *filter) items.push_back(stage_shape(s));
  std::stable_sort(items.begin(), items.end(), [](const json& a, const json& b) {
    return a.value("createdDate", 0LL) < b.value("createdDate", 0LL);
  });
  return {200, {{"item", items}}};
}

Reply update_stage(Call& call) {
  auto ops = parse_patch_operations(call.body, "updateStageInput");
  RestApi& stored = find_rest_api(call);
  if (!stored.stages.contains(call.param("stage_name"))) throw not_found("Invalid Stage identifier specified");
  RestApi api = stored;
  json& stage = api.stages[call.param("stage_name")];
  for (const auto& op : ops) {
    const auto& s = op.segments;
    const std::string head = s.empty() ? "" : s[0];
    if (head == "variables") {
      if (s.size() != 2) invalid_stage_path(op);
      if (op.op == "remove") {
        stage["variables"].erase(s[1]);
        if (stage["variables"].empty()) stage.erase("variables");
      } else if (op.op == "add" || op.op == "replace") {
        stage["variables"][s[1]] = patch_string(op);
      } else {
        unsupported_op(op, "add, remove, replace");
      }
      continue;
    }
    if (head == "accessLogSettings") {
      if (op.op == "remove") {
        if (s.size() == 1) stage.erase("accessLogSettings");
        else stage["accessLogSettings"].erase(s[1]);
      } else if (s.size() == 2 && (s[1] == "destinationArn" || s[1] == "format")) {
        stage["accessLogSettings"][s[1]] = patch_string(op);
      } else {
        invalid_stage_path(op);
      }
      continue;
    }
    if (s.size() == 1) {
      if (head == "deploymentId") {
        if (op.op != "replace") unsupported_op(op, "replace");
        if (!api.deployments.contains(patch_string(op))) throw bad_request("Invalid deployment identifier specified");
        stage[head] = patch_string(op);
      } else if (head == "description" || head == "cacheClusterSize" || head == "clientCertificateId" ||
                 head == "documentationVersion" || head == "webAclArn") {
        if (op.op == "remove" || !op.value) stage.erase(head);
        else stage[head] = *op.value;
      } else if (head == "cacheClusterEnabled") {
        stage[head] = patch_bool(op);
        stage["cacheClusterStatus"] = patch_bool(op) ? "AVAILABLE" : "NOT_AVAILABLE";
      } else if (head == "tracingEnabled") {
        stage[head] = patch_bool(op);
      } else {
        invalid_stage_path(op);
      }
      continue;
    }
    if (s.size() == 2 || s.size() == 4) {
      apply_method_setting(stage, op);
      continue;
    }
    invalid_stage_path(op);
  }
  stage["lastUpdatedDate"] = now_seconds();
  json out = stage;
  save(call, api);
  stored = std::move(api);
  return {200, stage_shape(out)};
}

Reply delete_stage(Call& call) {
  RestApi& api = find_rest_api(call);
  if (!api.stages.contains(call.param("stage_name"))) throw not_found("Invalid Stage identifier specified");
  api.stages.erase(call.param("stage_name"));
  save(call, api);
  return {202, json()};
}

}  // namespace bunker::apigateway
