// CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases. An alias's
// RoutingConfig weights are honoured at invoke (invoke_engine.cpp).
#include <cstdio>

#include "bunker/core/aws_error.h"
#include "bunker/core/encoding.h"
#include "bunker/core/ids.h"
#include "bunker/core/strings.h"
#include "lambda/api.h"
#include "lambda/event_invoke_config.h"
#include "lambda/function_names.h"
#include "lambda/function_records.h"

namespace bunker::lambda {
namespace {

AwsError invalid(std::string message) { return AwsError(400, "InvalidParameterValueException", std::move(message)); }

std::string weight_text(double w) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", w);
  std::string s = buf;
  // Java's Double.toString shape: 0.5, 2.0, 0.25
  std::snprintf(buf, sizeof buf, "%g", w);
  std::string g = buf;
  return g.find('.') == std::string::npos && g.find('e') == std::string::npos ? s : g;
}

void require_version(const Call& call, const std::string& region, const std::string& name, const std::string& version) {
  if (version == "$LATEST") return;
  if (!is_version_number(version) || !call.lambda.store.version(call.scope(), name, std::stoull(version)))
    throw AwsError(404, "ResourceNotFoundException",
                   "Function not found: " + qualified_arn(region, call.account, name, version));
}

// Checks a RoutingConfig against the alias's primary version; returns it as stored.
json checked_routing(const Call& call, const std::string& region, const std::string& name,
                     const std::string& primary, const json& routing) {
  if (!routing.is_object()) return json();
  json weights = routing.value("AdditionalVersionWeights", json::object());
  if (!weights.is_object() || weights.empty()) return json();
  std::string shown = "{";
  bool first = true;
  for (const auto& [k, v] : weights.items()) {
    shown += (first ? "" : ", ") + k + "=" + weight_text(v.get<double>());
    first = false;
  }
  shown += "}";
  for (const auto& [k, v] : weights.items()) {
    if (!is_version_number(k))
      throw_validation(shown, "routingConfig.additionalVersionWeights",
                       "Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member "
                       "must have length greater than or equal to 1, Member must satisfy regular expression pattern: "
                       "[0-9]+]");
    const double w = v.get<double>();
    if (w < 0.0 || w > 1.0)
      throw_validation(shown, "routingConfig.additionalVersionWeights",
                       "Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member "
                       "must have value greater than or equal to 0.0, Member must not be null]");
  }
  if (weights.size() > 1) throw invalid("Number of items in AdditionalVersionWeights cannot be greater than 1");
  if (primary == "$LATEST") throw invalid("$LATEST is not supported for an alias pointing to more than 1 version");
  for (const auto& [k, v] : weights.items()) {
    if (k == primary)
      throw invalid("Invalid function version " + k + ". Function version " + k +
                    " is already included in routing configuration.");
    require_version(call, region, name, k);
  }
  return {{"AdditionalVersionWeights", weights}};
}

std::string alias_arn(const Call& call, const std::string& region, const std::string& name, const std::string& alias) {
  return qualified_arn(region, call.account, name, alias);
}

}  // namespace

http::Response create_alias(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const Scope scope = scope_of(call, ref);
  const std::string& region = scope.region;
  const std::string alias = call.body.value("Name", "");
  validate_alias_name(alias);
  const std::string version = call.body.value("FunctionVersion", "");
  if (version.empty()) throw_validation("null", "functionVersion", "Member must not be null");
  std::lock_guard lock(call.lambda.mutex);
  require_function(call, ref.name);
  require_version(call, region, ref.name, version);
  json routing = checked_routing(call, region, ref.name, version, call.body.value("RoutingConfig", json()));
  if (call.lambda.store.alias(scope, ref.name, alias))
    throw AwsError(409, "ResourceConflictException", "Alias already exists: " + alias_arn(call, region, ref.name, alias));
  json record = {{"AliasArn", alias_arn(call, region, ref.name, alias)},
                 {"Name", alias},
                 {"FunctionVersion", version},
                 {"Description", call.body.value("Description", "")},
                 {"RevisionId", uuid4()}};
  if (!routing.is_null()) record["RoutingConfig"] = routing;
  call.lambda.store.put_alias(scope, ref.name, alias, record);
  return json_reply(call, 201, record);
}

http::Response get_alias(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const Scope scope = scope_of(call, ref);
  const std::string& region = scope.region;
  require_function(call, ref.name);
  auto record = call.lambda.store.alias(scope, ref.name, call.route.sub);
  if (!record)
    throw AwsError(404, "ResourceNotFoundException",
                   "Cannot find alias arn: " + alias_arn(call, region, ref.name, call.route.sub));
  return json_reply(call, 200, *record);
}

http::Response update_alias(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const Scope scope = scope_of(call, ref);
  const std::string& region = scope.region;
  std::lock_guard lock(call.lambda.mutex);
  require_function(call, ref.name);
  auto found = call.lambda.store.alias(scope, ref.name, call.route.sub);
  if (!found)
    throw AwsError(404, "ResourceNotFoundException",
                   "Alias not found: " + alias_arn(call, region, ref.name, call.route.sub));
  json record = *found;
  check_revision(call.body, record.value("RevisionId", ""), "GetFunction/GetAlias");
  if (call.body.contains("FunctionVersion")) {
    const std::string version = call.body["FunctionVersion"].get<std::string>();
    require_version(call, region, ref.name, version);
    record["FunctionVersion"] = version;
  }
  if (call.body.contains("Description")) record["Description"] = call.body["Description"];
  if (call.body.contains("RoutingConfig")) {
    json routing = checked_routing(call, region, ref.name, record["FunctionVersion"].get<std::string>(),
                                   call.body["RoutingConfig"]);
    if (routing.is_null())
      record.erase("RoutingConfig");
    else
      record["RoutingConfig"] = routing;
  }
  record["RevisionId"] = uuid4();
  call.lambda.store.put_alias(scope, ref.name, call.route.sub, record);
  return json_reply(call, 200, record);
}

http::Response delete_alias(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const Scope scope = scope_of(call, ref);
  std::lock_guard lock(call.lambda.mutex);
  json record = require_function(call, ref.name);
  call.lambda.store.delete_alias(scope, ref.name, call.route.sub);
  if (forget_qualifier_settings(record, call.route.sub)) call.lambda.store.put_function(scope, ref.name, record);
  return empty_reply(call, 204);
}

http::Response list_aliases(Call& call) {
  FunctionRef ref = parse_function_name(call.route.name, 140);
  const Scope scope = scope_of(call, ref);
  require_function(call, ref.name);
  auto version = call.query("FunctionVersion");
  std::vector<json> all;
  for (auto& a : call.lambda.store.aliases(scope, ref.name))
    if (!version || a.value("FunctionVersion", "") == *version) all.push_back(std::move(a));
  int max_items = 50;
  if (auto m = call.query("MaxItems")) max_items = std::max(1, std::atoi(m->c_str()));
  size_t start = 0;
  if (auto marker = call.query("Marker")) {
    auto decoded = base64_decode(*marker);
    long long pos = 0;
    if (!decoded || !parse_int64(*decoded, pos) || pos < 0) throw invalid("Invalid marker");
    start = static_cast<size_t>(pos);
  }
  json out = {{"Aliases", json::array()}};
  for (size_t i = start; i < all.size() && out["Aliases"].size() < static_cast<size_t>(max_items); ++i)
    out["Aliases"].push_back(all[i]);
  const size_t next = start + out["Aliases"].size();
  if (next < all.size()) out["NextMarker"] = base64_encode(std::to_string(next));
  return json_reply(call, 200, out);
}

}  // namespace bunker::lambda
