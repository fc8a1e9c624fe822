// PutFunctionEventInvokeConfig, UpdateFunctionEventInvokeConfig,
// GetFunctionEventInvokeConfig, DeleteFunctionEventInvokeConfig,
// ListFunctionEventInvokeConfigs: how Event invocations of $LATEST, a version or an alias
// are retried (MaximumRetryAttempts) and how old they may grow before they are dropped
// (MaximumEventAgeInSeconds); the async queue applies both. Kept in the function record
// under "event_invoke_configs", by qualifier. Destinations are refused.
#include <algorithm>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/core/strings.h"
#include "lambda/api.h"
#include "lambda/event_invoke_config.h"
#include "lambda/function_names.h"
#include "lambda/function_records.h"

namespace bunker::lambda {
namespace {

constexpr const char* kConfigs = "event_invoke_configs";

struct Target {
  std::string name;
  std::string qualifier;  // "$LATEST" when none was given
};

Target target_of(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  scope_of(call, ref);
  return {ref.name, merge_qualifier(ref, call.query("Qualifier")).value_or("$LATEST")};
}

AwsError function_missing() { return AwsError(404, "ResourceNotFoundException", "The function doesn't exist."); }

AwsError config_missing(const Call& call, const Target& t) {
  return AwsError(404, "ResourceNotFoundException",
                  "The function " + qualified_arn(call.region, call.account, t.name, t.qualifier) +
                      " doesn't have an EventInvokeConfig");
}

// The function record, after checking that the qualifier names a version or alias of it.
json existing_target(Call& call, const Target& t) {
  auto record = call.lambda.store.function(call.scope(), t.name);
  if (!record) throw function_missing();
  if (t.qualifier == "$LATEST") return *record;
  const bool exists = is_version_number(t.qualifier)
                          ? call.lambda.store.version(call.scope(), t.name, std::stoull(t.qualifier)).has_value()
                          : call.lambda.store.alias(call.scope(), t.name, t.qualifier).has_value();
  if (!exists) throw function_missing();
  return *record;
}

// Checks and copies the request's settings into `config`.
void apply_settings(const json& body, json& config) {
  if (auto it = body.find("MaximumRetryAttempts"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer()) throw_validation(it->dump(), "maximumRetryAttempts", "Member must be a number");
    const int64_t v = it->get<int64_t>();
    if (v < 0) throw_validation(std::to_string(v), "maximumRetryAttempts", "Member must have value greater than or equal to 0");
    if (v > 2) throw_validation(std::to_string(v), "maximumRetryAttempts", "Member must have value less than or equal to 2");
    config["MaximumRetryAttempts"] = v;
  }
  if (auto it = body.find("MaximumEventAgeInSeconds"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer()) throw_validation(it->dump(), "maximumEventAgeInSeconds", "Member must be a number");
    const int64_t v = it->get<int64_t>();
    if (v < 60)
      throw_validation(std::to_string(v), "maximumEventAgeInSeconds", "Member must have value greater than or equal to 60");
    if (v > 21600)
      throw_validation(std::to_string(v), "maximumEventAgeInSeconds", "Member must have value less than or equal to 21600");
    config["MaximumEventAgeInSeconds"] = v;
  }
}

// Destinations are not delivered to by Bunker: a configuration naming one is refused with
// the error AWS gives for a destination it does not take; empty OnSuccess/OnFailure are
// fine (they are what AWS shows when none is set).
void refuse_destinations(const json& body) {
  auto it = body.find("DestinationConfig");
  if (it == body.end() || !it->is_object()) return;
  auto destination_of = [&](const char* member) -> std::string {
    auto m = it->find(member);
    if (m == it->end() || !m->is_object()) return {};
    return m->value("Destination", "");
  };
  const std::string success = destination_of("OnSuccess"), failure = destination_of("OnFailure");
  if (success.empty() && failure.empty()) return;
  auto part = [](const char* name, const std::string& arn) {
    return arn.empty() ? std::string("null") : std::string(name) + "(destination=" + arn + ")";
  };
  throw AwsError(400, "InvalidParameterValueException",
                 "The provided destination config DestinationConfig(onSuccess=" + part("OnSuccess", success) +
                     ", onFailure=" + part("OnFailure", failure) + ") is invalid.");
}

json config_json(const Call& call, const std::string& name, const std::string& qualifier, const json& stored) {
  json out = {{"FunctionArn", qualified_arn(call.region, call.account, name, qualifier)},
              {"LastModified", stored.value("LastModified", 0.0)},
              {"DestinationConfig", {{"OnSuccess", json::object()}, {"OnFailure", json::object()}}}};
  for (const char* k : {"MaximumRetryAttempts", "MaximumEventAgeInSeconds"})
    if (stored.contains(k)) out[k] = stored[k];
  return out;
}

http::Response store_config(Call& call, bool replace) {
  const Target t = target_of(call);
  const json& body = call.body;
  bool given = false;
  for (const char* k : {"MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig"})
    if (body.contains(k) && !body[k].is_null()) given = true;
  json settings = json::object();
  apply_settings(body, settings);  // validation comes before lookups
  std::lock_guard lock(call.lambda.mutex);
  json record = existing_target(call, t);
  json& configs = record[kConfigs];
  if (!configs.is_object()) configs = json::object();
  if (!replace && !configs.contains(t.qualifier)) throw config_missing(call, t);
  if (!given)
    throw AwsError(400, "InvalidParameterValueException",
                   "You must specify at least one of error handling or destination setting.");
  refuse_destinations(body);
  json config = replace ? json::object() : configs[t.qualifier];
  for (const auto& [k, v] : settings.items()) config[k] = v;
  config["LastModified"] = static_cast<double>(now_millis()) / 1000.0;
  configs[t.qualifier] = config;
  call.lambda.store.put_function(call.scope(), t.name, record);
  return json_reply(call, 200, config_json(call, t.name, t.qualifier, config));
}

// $LATEST first, then versions in order, then aliases by name (as AWS lists them).
std::vector<std::string> ordered_qualifiers(const json& configs) {
  std::vector<std::string> out;
  for (const auto& [q, _] : configs.items()) out.push_back(q);
  auto rank = [](const std::string& q) { return q == "$LATEST" ? 0 : is_version_number(q) ? 1 : 2; };
  std::sort(out.begin(), out.end(), [&](const std::string& a, const std::string& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (rank(a) == 1) return std::stoull(a) < std::stoull(b);
    return a < b;
  });
  return out;
}

}  // namespace

std::optional<json> event_invoke_config(const json& function_record, std::string_view qualifier) {
  auto configs = function_record.find(kConfigs);
  if (configs == function_record.end() || !configs->is_object()) return std::nullopt;
  auto it = configs->find(std::string(qualifier));
  if (it == configs->end()) return std::nullopt;
  return *it;
}

bool forget_qualifier_settings(json& function_record, std::string_view qualifier) {
  bool changed = false;
  for (const char* member : {kConfigs, "runtime_management"}) {
    auto it = function_record.find(member);
    if (it == function_record.end() || !it->is_object()) continue;
    changed |= it->erase(std::string(qualifier)) > 0;
    if (it->empty()) function_record.erase(it);
  }
  return changed;
}

http::Response put_function_event_invoke_config(Call& call) { return store_config(call, true); }
http::Response update_function_event_invoke_config(Call& call) { return store_config(call, false); }

http::Response get_function_event_invoke_config(Call& call) {
  const Target t = target_of(call);
  auto record = call.lambda.store.function(call.scope(), t.name);
  std::optional<json> config;
  if (record) config = event_invoke_config(*record, t.qualifier);
  if (!config) throw config_missing(call, t);
  return json_reply(call, 200, config_json(call, t.name, t.qualifier, *config));
}

http::Response delete_function_event_invoke_config(Call& call) {
  const Target t = target_of(call);
  std::lock_guard lock(call.lambda.mutex);
  auto record = call.lambda.store.function(call.scope(), t.name);
  if (!record || !event_invoke_config(*record, t.qualifier)) throw config_missing(call, t);
  (*record)[kConfigs].erase(t.qualifier);
  if ((*record)[kConfigs].empty()) record->erase(kConfigs);
  call.lambda.store.put_function(call.scope(), t.name, *record);
  return empty_reply(call, 204);
}

http::Response list_function_event_invoke_configs(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  scope_of(call, ref);
  auto record = call.lambda.store.function(call.scope(), ref.name);
  if (!record) throw function_missing();
  const json configs = record->value(kConfigs, json::object());
  size_t start = 0, max_items = 50;
  if (auto marker = call.query("Marker")) {
    // Markers are positions this listing gave out; anything else lists nothing further.
    long long n = 0;
    start = parse_int64(*marker, n) && n >= 0 ? static_cast<size_t>(n) : SIZE_MAX;
  }
  if (auto max = call.query("MaxItems")) {
    long long n = 0;
    if (!parse_int64(*max, n) || n < 1 || n > 50)
      throw_validation(*max, "maxItems", n < 1 ? "Member must have value greater than or equal to 1"
                                                : "Member must have value less than or equal to 50");
    max_items = static_cast<size_t>(n);
  }
  const auto qualifiers = ordered_qualifiers(configs);
  json list = json::array();
  for (size_t i = start; i < qualifiers.size() && list.size() < max_items; ++i)
    list.push_back(config_json(call, ref.name, qualifiers[i], configs[qualifiers[i]]));
  json out = {{"FunctionEventInvokeConfigs", list}};
  if (start + list.size() < qualifiers.size()) out["NextMarker"] = std::to_string(start + list.size());
  return json_reply(call, 200, out);
}

}  // namespace bunker::lambda
