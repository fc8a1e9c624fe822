#include "lambda/logs_group_settings.h"

#include <algorithm>
#include <array>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "lambda/log_store.h"

namespace bunker::lambda {
using nlohmann::json;

namespace {

// botocore's logs model, shape Days.
constexpr std::array<int, 22> kRetentionDays = {1,   3,   5,   7,   14,   30,   60,   90,   120,  150,  180,
                                                365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};

AwsError group_not_found() {
  return AwsError(400, "ResourceNotFoundException", "The specified log group does not exist.");
}

AwsError null_member(const char* name) {
  return AwsError(400, "ValidationException",
                  std::string("1 validation error detected: Value null at '") + name +
                      "' failed to satisfy constraint: Member must not be null");
}

const json& required(const json& body, const char* name, json::value_t type) {
  auto it = body.find(name);
  // JSON numbers parse as unsigned when they are not negative.
  const bool integer = type == json::value_t::number_integer && it != body.end() && it->is_number_integer();
  if (it == body.end() || (it->type() != type && !integer)) throw null_member(name);
  return *it;
}

std::string group_name(const json& body) { return required(body, "logGroupName", json::value_t::string).get<std::string>(); }

// A tag map as the request gives it: string keys (1-128 characters) and string values (up
// to 256), at most 50 of them.
const json& tag_map(const json& body, const char* name) {
  const json& tags = required(body, name, json::value_t::object);
  if (tags.empty() || tags.size() > 50)
    throw AwsError(400, "ValidationException",
                   std::string("1 validation error detected: Value at '") + name +
                       "' failed to satisfy constraint: Member must have length " +
                       (tags.empty() ? "greater than or equal to 1" : "less than or equal to 50"));
  for (const auto& [key, value] : tags.items()) {
    if (key.empty() || key.size() > 128 || !value.is_string() || value.get_ref<const std::string&>().size() > 256)
      throw AwsError(400, "ValidationException",
                     std::string("1 validation error detected: Value at '") + name +
                         "' failed to satisfy constraint: Map keys must have length between 1 and 128, values at "
                         "most 256");
  }
  return tags;
}

std::vector<std::string> key_list(const json& body, const char* name) {
  const json& keys = required(body, name, json::value_t::array);
  std::vector<std::string> out;
  for (const auto& k : keys)
    if (k.is_string()) out.push_back(k.get<std::string>());
  return out;
}

// The log group an ARN names, in the caller's account and region. A log group's ARN
// without the ":*" that DescribeLogGroups' `arn` ends in (its `logGroupArn`) is what
// the tagging API takes; anything else is refused as AWS refuses it.
std::string group_of_arn(const Scope& scope, const json& body) {
  const std::string arn = required(body, "resourceArn", json::value_t::string).get<std::string>();
  const std::string prefix = "arn:aws:logs:" + scope.region + ":" + scope.account + ":log-group:";
  if (!arn.starts_with("arn:aws:logs:")) throw AwsError(400, "ValidationException", "Invalid resourceArn");
  const size_t kind = arn.find(":log-group:");
  if (kind == std::string::npos) throw group_not_found();  // destinations: none exist here
  const std::string name = arn.substr(kind + 11);
  if (name.empty() || name.find(':') != std::string::npos)
    throw AwsError(400, "ValidationException", "Invalid resourceArn");
  if (!arn.starts_with(prefix)) throw group_not_found();  // another account's or region's
  return name;
}

json tags_of(LogStore& store, const Scope& scope, std::string_view group) {
  auto record = store.group(scope, group);
  if (!record) throw group_not_found();
  return record->value("tags", json::object());
}

void add_tags(LogStore& store, const Scope& scope, std::string_view group, const json& tags) {
  const bool found = store.update_group(scope, group, [&](json& record) {
    json& stored = record["tags"];
    if (!stored.is_object()) stored = json::object();
    for (const auto& [k, v] : tags.items()) stored[k] = v;
  });
  if (!found) throw group_not_found();
}

void remove_tags(LogStore& store, const Scope& scope, std::string_view group, const std::vector<std::string>& keys) {
  const bool found = store.update_group(scope, group, [&](json& record) {
    auto it = record.find("tags");
    if (it == record.end()) return;
    for (const auto& k : keys) it->erase(k);
    if (it->empty()) record.erase(it);
  });
  if (!found) throw group_not_found();
}

}  // namespace

std::optional<json> group_settings_operation(LogStore& store, const Scope& scope, std::string_view op,
                                             const json& body) {
  if (op == "PutRetentionPolicy") {
    const std::string group = group_name(body);
    const int days = required(body, "retentionInDays", json::value_t::number_integer).get<int>();
    if (std::find(kRetentionDays.begin(), kRetentionDays.end(), days) == kRetentionDays.end()) {
      std::string set;
      for (int d : kRetentionDays) set += (set.empty() ? "" : ", ") + std::to_string(d);
      throw AwsError(400, "InvalidParameterException",
                     "1 validation error detected: Value '" + std::to_string(days) +
                         "' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [" +
                         set + "]");
    }
    if (!store.update_group(scope, group, [&](json& record) { record["retentionInDays"] = days; }))
      throw group_not_found();
    apply_retention(store, scope, group, json{{"retentionInDays", days}});
    return json::object();
  }
  if (op == "DeleteRetentionPolicy") {
    if (!store.update_group(scope, group_name(body), [](json& record) { record.erase("retentionInDays"); }))
      throw group_not_found();
    return json::object();
  }
  if (op == "TagLogGroup") {
    const std::string group = group_name(body);
    add_tags(store, scope, group, tag_map(body, "tags"));
    return json::object();
  }
  if (op == "UntagLogGroup") {
    const std::string group = group_name(body);
    remove_tags(store, scope, group, key_list(body, "tags"));
    return json::object();
  }
  if (op == "ListTagsLogGroup") return json{{"tags", tags_of(store, scope, group_name(body))}};
  if (op == "TagResource") {
    const std::string group = group_of_arn(scope, body);
    add_tags(store, scope, group, tag_map(body, "tags"));
    return json::object();
  }
  if (op == "UntagResource") {
    const std::string group = group_of_arn(scope, body);
    remove_tags(store, scope, group, key_list(body, "tagKeys"));
    return json::object();
  }
  if (op == "ListTagsForResource") return json{{"tags", tags_of(store, scope, group_of_arn(scope, body))}};
  return std::nullopt;
}

void check_create_tags(const json& body) {
  if (body.contains("tags")) tag_map(body, "tags");
}

void store_create_tags(LogStore& store, const Scope& scope, std::string_view group, const json& body) {
  if (body.contains("tags")) add_tags(store, scope, group, body["tags"]);
}

void apply_retention(LogStore& store, const Scope& scope, std::string_view group, const json& record) {
  auto it = record.find("retentionInDays");
  if (it == record.end() || !it->is_number_integer()) return;
  constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;
  store.expire_events(scope, group, now_millis() - it->get<int64_t>() * kDayMs);
}

json describe_view(json record) {
  record.erase("tags");
  return record;
}

}  // namespace bunker::lambda
