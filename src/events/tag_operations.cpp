// TagResource, UntagResource, ListTagsForResource for rules and event buses, by ARN
// (rule: arn:aws:events:<region>:<account>:rule/[<bus>/]<name>, bus: ...:event-bus/<name>).
#include "bunker/core/aws_error.h"
#include "events/events_engine.h"
#include "events/validation.h"

namespace bunker::events {

using json = nlohmann::json;

namespace {

std::string required_arn(const json& body) {
  if (!body.contains("ResourceARN") || body["ResourceARN"].is_null())
    throw validation(
        "1 validation error detected: Value null at 'resourceARN' failed to satisfy constraint: Member must not be null");
  if (!body["ResourceARN"].is_string()) throw AwsError(400, "SerializationException", "Unexpected value type in payload");
  return body["ResourceARN"];
}

}  // namespace

json& EventsEngine::tags_of(const Scope& s, const std::string& arn, std::function<void()>& save) {
  // arn:aws:events:<region>:<account>:<resource>
  std::string resource;
  if (int colons = 0; arn.starts_with("arn:")) {
    for (std::size_t i = 0; i < arn.size(); ++i)
      if (arn[i] == ':' && ++colons == 5) {
        resource = arn.substr(i + 1);
        break;
      }
  }
  if (resource.starts_with("event-bus/")) {
    EventBus& b = stored_bus(s, resource.substr(10));
    save = [this, &b] { persist(b); };
    return b.tags;
  }
  if (resource.starts_with("rule/")) {
    std::string path = resource.substr(5), bus = "default", name = path;
    if (auto slash = path.find('/'); slash != std::string::npos) {
      bus = path.substr(0, slash);
      name = path.substr(slash + 1);
    }
    Rule& r = find_rule(s, bus, name);
    save = [this, &r] { persist(r); };
    return r.tags;
  }
  throw validation("Parameter ResourceARN is not valid.");  // assumed wording
}

json EventsEngine::tag_resource(const Scope& s, const json& body) {
  std::string arn = required_arn(body);
  if (!body.contains("Tags") || !body["Tags"].is_array())
    throw validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
  std::lock_guard lock(mutex_);
  std::function<void()> save;
  json& tags = tags_of(s, arn, save);
  for (const auto& tag : body["Tags"]) {
    std::string key = tag.value("Key", "");
    auto same = std::find_if(tags.begin(), tags.end(), [&](const json& t) { return t.value("Key", "") == key; });
    if (same != tags.end()) (*same)["Value"] = tag.value("Value", "");
    else tags.push_back({{"Key", key}, {"Value", tag.value("Value", "")}});
  }
  save();
  return json::object();
}

json EventsEngine::untag_resource(const Scope& s, const json& body) {
  std::string arn = required_arn(body);
  if (!body.contains("TagKeys") || !body["TagKeys"].is_array())
    throw validation(
        "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
  std::lock_guard lock(mutex_);
  std::function<void()> save;
  json& tags = tags_of(s, arn, save);
  json kept = json::array();
  for (const auto& t : tags)
    if (std::find(body["TagKeys"].begin(), body["TagKeys"].end(), t.value("Key", "")) == body["TagKeys"].end())
      kept.push_back(t);
  tags = std::move(kept);
  save();
  return json::object();
}

json EventsEngine::list_tags_for_resource(const Scope& s, const json& body) {
  std::string arn = required_arn(body);
  std::lock_guard lock(mutex_);
  std::function<void()> save;
  return {{"Tags", tags_of(s, arn, save)}};
}

}  // namespace bunker::events
