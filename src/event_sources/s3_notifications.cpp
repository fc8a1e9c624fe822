#include "event_sources/s3_notifications.h"

#include <boost/asio/co_spawn.hpp>
#include <pugixml.hpp>
#include <spdlog/spdlog.h>

#include <cinttypes>
#include <map>
#include <set>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/ids.h"
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "bunker/events/publisher.h"
#include "bunker/lambda/invoker.h"

namespace bunker::event_sources {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

const std::set<std::string, std::less<>> kEvents = {
    "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated", "s3:ObjectRestore:*", "s3:ObjectRestore:Post",
    "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete", "s3:ReducedRedundancyLostObject", "s3:Replication:*",
    "s3:Replication:OperationFailedReplication", "s3:Replication:OperationMissedThreshold",
    "s3:Replication:OperationReplicatedAfterThreshold", "s3:Replication:OperationNotTracked",
    "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated",
    "s3:LifecycleTransition", "s3:IntelligentTiering", "s3:ObjectTagging:*", "s3:ObjectTagging:Put",
    "s3:ObjectTagging:Delete", "s3:ObjectAcl:Put"};

AwsError malformed() {
  return AwsError(400, "MalformedXML",
                  "The XML you provided was not well-formed or did not validate against our published schema");
}

AwsError invalid_argument(const std::string& message, const std::string& name = "", const std::string& value = "") {
  AwsError e(400, "InvalidArgument", message);
  if (!name.empty()) e.field("ArgumentName1", name).field("ArgumentValue1", value);
  return e;
}

// Whether the function's resource policy lets S3 invoke it for this bucket of this account.
bool s3_may_invoke(lambda::Invoker& invoker, const std::string& function_arn, std::string_view bucket,
                   const std::string& region, const std::string& account) {
  lambda::ServiceInvokeQuery query;
  query.function_name = function_arn;
  query.region = region;
  query.account = account;
  query.service = "s3.amazonaws.com";
  query.source_arn = "arn:aws:s3:::" + std::string(bucket);
  query.source_account = account;
  return invoker.service_may_invoke(query);
}

// Whether two event lists share an event type (a wildcard covers its family).
bool share_event(const NotificationTarget& a, const NotificationTarget& b) {
  auto family = [](const std::string& e) { return e.substr(0, e.rfind(':')); };
  for (const auto& x : a.events)
    for (const auto& y : b.events) {
      if (x == y) return true;
      if ((x.ends_with(":*") || y.ends_with(":*")) && family(x) == family(y)) return true;
    }
  return false;
}

bool overlap(const std::string& a, bool has_a, const std::string& b, bool has_b, bool prefix) {
  if (!has_a || !has_b) return true;
  return prefix ? (a.starts_with(b) || b.starts_with(a)) : (a.ends_with(b) || b.ends_with(a));
}

std::string sequencer(uint64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016" PRIX64, n);
  return buf;
}

}  // namespace

std::vector<NotificationTarget> parse_notification_configuration(std::string_view xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) throw malformed();
  pugi::xml_node root = doc.child("NotificationConfiguration");
  if (!root) throw malformed();
  std::vector<NotificationTarget> out;
  std::set<std::string> ids;
  for (pugi::xml_node node : root.children()) {
    std::string name = node.name();
    NotificationTarget t;
    if (name == "EventBridgeConfiguration") {
      t.kind = "eventbridge";
      out.push_back(t);
      continue;
    }
    // The wire names Lambda configurations by their old name, CloudFunctionConfiguration.
    bool is_lambda = name == "CloudFunctionConfiguration" || name == "LambdaFunctionConfiguration";
    const char* arn_member = is_lambda                             ? "CloudFunction"
                             : name == "QueueConfiguration"        ? "Queue"
                             : name == "TopicConfiguration"        ? "Topic"
                                                                   : nullptr;
    if (!arn_member) throw malformed();
    t.kind = is_lambda ? "lambda" : name == "QueueConfiguration" ? "queue" : "topic";
    t.id = node.child_value("Id");
    if (t.id.empty()) t.id = random_alnum(8, false) + "-" + uuid4().substr(0, 8);  // S3 names unnamed configurations
    if (!ids.insert(t.id).second) throw invalid_argument("Same ID used for multiple configurations.", "Id", t.id);  // assumed
    t.arn = node.child_value(arn_member);
    if (t.arn.empty()) throw malformed();
    for (pugi::xml_node ev : node.children("Event")) {
      std::string e = ev.child_value();
      if (!kEvents.count(e)) throw invalid_argument("The event is not supported for notifications", e, "");
      t.events.push_back(e);
    }
    if (t.events.empty()) throw malformed();
    for (pugi::xml_node rule : node.child("Filter").child("S3Key").children("FilterRule")) {
      std::string rule_name = to_lower(rule.child_value("Name"));
      std::string value = rule.child_value("Value");
      if (rule_name == "prefix") {
        if (t.has_prefix) throw invalid_argument("Cannot specify more than one prefix rule in a filter.", "FilterRule", "prefix");
        t.has_prefix = true;
        t.prefix = value;
      } else if (rule_name == "suffix") {
        if (t.has_suffix) throw invalid_argument("Cannot specify more than one suffix rule in a filter.", "FilterRule", "suffix");
        t.has_suffix = true;
        t.suffix = value;
      } else {
        throw invalid_argument("FilterRule name must be either prefix or suffix", "FilterRule", rule.child_value("Name"));
      }
    }
    out.push_back(std::move(t));
  }
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t j = i + 1; j < out.size(); ++j) {
      const auto &a = out[i], &b = out[j];
      if (a.kind == "eventbridge" || b.kind == "eventbridge") continue;
      if (share_event(a, b) && overlap(a.prefix, a.has_prefix, b.prefix, b.has_prefix, true) &&
          overlap(a.suffix, a.has_suffix, b.suffix, b.has_suffix, false))
        throw invalid_argument("Configurations overlap. Configurations on the same bucket cannot share a common event type.",
                               "Event", a.events.front());
    }
  return out;
}

std::string render_notification_configuration(const std::vector<NotificationTarget>& targets) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  for (const auto& t : targets) {
    if (t.kind == "eventbridge") {
      x += "<EventBridgeConfiguration></EventBridgeConfiguration>";
      continue;
    }
    std::string element = t.kind == "lambda" ? "CloudFunctionConfiguration" : t.kind == "queue" ? "QueueConfiguration" : "TopicConfiguration";
    std::string arn_member = t.kind == "lambda" ? "CloudFunction" : t.kind == "queue" ? "Queue" : "Topic";
    x += "<" + element + "><Id>" + xml_escape(t.id) + "</Id><" + arn_member + ">" + xml_escape(t.arn) + "</" + arn_member + ">";
    for (const auto& e : t.events) x += "<Event>" + xml_escape(e) + "</Event>";
    if (t.has_prefix || t.has_suffix) {
      x += "<Filter><S3Key>";
      if (t.has_prefix) x += "<FilterRule><Name>Prefix</Name><Value>" + xml_escape(t.prefix) + "</Value></FilterRule>";
      if (t.has_suffix) x += "<FilterRule><Name>Suffix</Name><Value>" + xml_escape(t.suffix) + "</Value></FilterRule>";
      x += "</S3Key></Filter>";
    }
    x += "</" + element + ">";
  }
  return x + "</NotificationConfiguration>";
}

bool covers(const NotificationTarget& t, std::string_view event_name, std::string_view key) {
  if (t.has_prefix && !key.starts_with(t.prefix)) return false;
  if (t.has_suffix && !key.ends_with(t.suffix)) return false;
  std::string full = "s3:" + std::string(event_name);
  std::string family = full.substr(0, full.rfind(':')) + ":*";
  for (const auto& e : t.events)
    if (e == full || e == family) return true;
  return false;
}

ojson s3_event_record(const s3::ObjectEvent& e, const std::string& configuration_id, const std::string& seq) {
  ojson object;
  // Keys arrive URL-encoded, as S3 writes them into events (spaces as '+', '/' kept).
  std::string key = form_encode(e.key);
  for (std::size_t at = key.find("%2F"); at != std::string::npos; at = key.find("%2F", at + 1)) key.replace(at, 3, "/");
  object["key"] = key;
  if (e.event_name.starts_with("ObjectCreated")) {
    object["size"] = e.size;
    object["eTag"] = e.etag;
  }
  object["sequencer"] = seq;
  ojson r;
  // S3 writes version 2.3 for lifecycle events, 2.1 for the others it sends here.
  r["eventVersion"] = e.event_name.starts_with("LifecycleExpiration") ? "2.3" : "2.1";
  r["eventSource"] = "aws:s3";
  r["awsRegion"] = e.region;
  r["eventTime"] = iso8601_millis(e.time_ms);
  r["eventName"] = e.event_name;
  r["userIdentity"] = {{"principalId", e.principal}};
  r["requestParameters"] = {{"sourceIPAddress", e.source_ip}};
  r["responseElements"] = {{"x-amz-request-id", e.request_id}, {"x-amz-id-2", e.host_id}};
  r["s3"] = {{"s3SchemaVersion", "1.0"},
             {"configurationId", configuration_id},
             {"bucket", {{"name", e.bucket}, {"ownerIdentity", {{"principalId", e.bucket_owner}}}, {"arn", "arn:aws:s3:::" + e.bucket}}},
             {"object", object}};
  return r;
}

// What S3 sends to EventBridge for an object event (S3 user guide, "EventBridge event
// message structure"): "Object Created" / "Object Deleted" with the bucket's ARN.
events::ServiceEvent eventbridge_event(const s3::ObjectEvent& e, const std::string& seq) {
  static const std::map<std::string, std::string, std::less<>> kReasons = {
      {"ObjectCreated:Put", "PutObject"},
      {"ObjectCreated:Post", "POST Object"},
      {"ObjectCreated:Copy", "CopyObject"},
      {"ObjectCreated:CompleteMultipartUpload", "CompleteMultipartUpload"},
      {"ObjectRemoved:Delete", "DeleteObject"},
      {"ObjectRemoved:DeleteMarkerCreated", "DeleteObject"},
      {"LifecycleExpiration:Delete", "Lifecycle Expiration"},
      {"LifecycleExpiration:DeleteMarkerCreated", "Lifecycle Expiration"}};
  const bool created = e.event_name.starts_with("ObjectCreated");
  json object = {{"key", e.key}};
  if (created) {
    object["size"] = e.size;
    object["etag"] = e.etag;
  }
  object["sequencer"] = seq;
  auto reason = kReasons.find(e.event_name);
  json detail = {{"version", "0"},
                 {"bucket", {{"name", e.bucket}}},
                 {"object", object},
                 {"request-id", e.request_id},
                 // An account's request names the account; S3's own (lifecycle) names S3.
                 {"requester", e.principal.ends_with(".amazonaws.com") ? e.principal : e.account},
                 {"source-ip-address", e.source_ip},
                 {"reason", reason == kReasons.end() ? e.event_name : reason->second}};
  if (!created)
    detail["deletion-type"] = e.event_name.ends_with(":DeleteMarkerCreated") ? "Delete Marker Created"
                                                                            : "Permanently Deleted";
  return {"aws.s3", created ? "Object Created" : "Object Deleted", e.account, e.region,
          {"arn:aws:s3:::" + e.bucket}, std::move(detail), e.time_ms};
}

namespace {

json to_storage(const std::vector<NotificationTarget>& targets) {
  json out = json::array();
  for (const auto& t : targets)
    out.push_back({{"kind", t.kind}, {"id", t.id}, {"arn", t.arn}, {"events", t.events}, {"prefix", t.prefix},
                   {"suffix", t.suffix}, {"has_prefix", t.has_prefix}, {"has_suffix", t.has_suffix}});
  return out;
}

std::vector<NotificationTarget> from_storage(const json& j) {
  std::vector<NotificationTarget> out;
  for (const auto& x : j)
    out.push_back({x.at("kind"), x.at("id"), x.at("arn"), x.at("events").get<std::vector<std::string>>(),
                   x.at("prefix"), x.at("suffix"), x.at("has_prefix"), x.at("has_suffix")});
  return out;
}

}  // namespace

S3Notifications::S3Notifications(storage::Database& db, boost::asio::any_io_executor executor, Engines& engines)
    : db_(db), family_(db.family("event_sources.s3_notifications")), executor_(std::move(executor)), engines_(engines) {}

std::vector<NotificationTarget> S3Notifications::load(std::string_view bucket) {
  auto stored = db_.get(family_, bucket);
  return stored ? from_storage(json::parse(*stored)) : std::vector<NotificationTarget>{};
}

std::string S3Notifications::get_configuration(std::string_view bucket) {
  return render_notification_configuration(load(bucket));
}

boost::asio::awaitable<void> S3Notifications::put_configuration(std::string bucket, std::string xml, std::string region,
                                                                std::string account) {
  auto targets = parse_notification_configuration(xml);
  auto* invoker = engines_.find<lambda::Invoker>();
  for (auto& t : targets) {
    if (t.kind == "queue" || t.kind == "topic") {
      // Bunker has no SQS or SNS to deliver to.
      throw invalid_argument("Unable to validate the following destination configurations", t.arn,
                             "Bunker has no " + std::string(t.kind == "queue" ? "SQS queue" : "SNS topic") + " to publish to");
    }
    if (t.kind != "lambda") continue;
    // As on AWS, S3 checks here that the function's resource policy lets s3.amazonaws.com
    // invoke it for this bucket (lambda add-permission --principal s3.amazonaws.com
    // --source-arn arn:aws:s3:::<bucket>); a missing function fails the same way.
    if (!invoker || !s3_may_invoke(*invoker, t.arn, bucket, region, account))
      throw invalid_argument("Unable to validate the following destination configurations", t.arn + ", null",
                             "Not authorized to invoke function [" + t.arn + "]");
  }
  std::lock_guard lock(mutex_);
  if (targets.empty()) db_.del(family_, bucket);
  else db_.put(family_, bucket, to_storage(targets).dump());
  co_return;
}

void S3Notifications::object_event(const s3::ObjectEvent& event) {
  auto targets = load(event.bucket);
  if (targets.empty()) return;
  auto* invoker = engines_.find<lambda::Invoker>();
  std::string seq;
  {
    std::lock_guard lock(mutex_);
    seq = sequencer(static_cast<uint64_t>(event.time_ms) * 1000 + (++sequence_ % 1000));
  }
  for (const auto& t : targets) {
    if (t.kind == "eventbridge") {
      // Every object event goes to the default bus; rules there do the filtering.
      if (auto* bus = engines_.find<events::Publisher>()) bus->publish(eventbridge_event(event, seq));
      continue;
    }
    if (t.kind != "lambda" || !covers(t, event.event_name, event.key)) continue;
    if (!invoker) return;
    // A permission removed after the configuration was stored stops delivery, as on AWS.
    if (!s3_may_invoke(*invoker, t.arn, event.bucket, event.region, event.account)) {
      spdlog::warn("s3 notification for {} not sent: the policy of {} does not let s3.amazonaws.com invoke it",
                   event.bucket, t.arn);
      continue;
    }
    lambda::InvokeRequest req;
    req.function_name = t.arn;
    req.type = lambda::InvokeRequest::Type::kEvent;
    req.region = event.region;
    req.account = event.account;
    req.payload = ojson{{"Records", ojson::array({s3_event_record(event, t.id, seq)})}}.dump();
    boost::asio::co_spawn(executor_, invoker->invoke(std::move(req)),
                          [arn = t.arn](std::exception_ptr e, lambda::InvokeResult) {
                            if (!e) return;
                            try {
                              std::rethrow_exception(e);
                            } catch (const std::exception& ex) {
                              spdlog::warn("s3 notification to {} failed: {}", arn, ex.what());
                            }
                          });
  }
}

void S3Notifications::bucket_deleted(std::string_view bucket) {
  std::lock_guard lock(mutex_);
  db_.del(family_, bucket);
}

void S3Notifications::reset() {
  std::lock_guard lock(mutex_);
  db_.clear(family_);
}

}  // namespace bunker::event_sources
