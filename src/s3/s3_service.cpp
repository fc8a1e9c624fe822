#include <pugixml.hpp>
#include <spdlog/spdlog.h>

#include <map>

#include "bunker/core/encoding.h"
#include "bunker/core/options.h"
#include "bunker/core/strings.h"
#include "bunker/protocol/rest_xml.h"
#include "bunker/core/clock.h"
#include "bunker/s3/module.h"
#include "bunker/s3/notifications.h"
#include "bunker/service/credentials.h"
#include "bunker/storage/database.h"
#include "s3/cors_rules.h"
#include "s3/errors.h"
#include "s3/lifecycle_sweeper.h"
#include "s3/operations.h"
#include "s3/presign.h"
#include "s3/routing.h"
#include "s3/website_server.h"

// The S3 service as the front door sees it: finds the bucket and key a request
// addresses (path-style or virtual-hosted), has routing.cpp pick the operation, and
// answers REST-XML. Operations live in files named after their family.
namespace bunker::s3 {
namespace {

// Bucket and key from the request: virtual-hosted (bucket in the Host) or path-style.
void address(Call& call) {
  std::string_view path = call.req.path;
  if (!call.req.host_label.empty()) {
    call.bucket = call.req.host_label;
    if (path.starts_with('/')) path.remove_prefix(1);
    call.has_key = !path.empty();
    call.key = uri_decode(path);
    return;
  }
  if (path.starts_with('/')) path.remove_prefix(1);
  auto slash = path.find('/');
  call.bucket = uri_decode(path.substr(0, slash));
  if (slash != std::string_view::npos && slash + 1 < path.size()) {
    call.has_key = true;
    call.key = uri_decode(path.substr(slash + 1));
  }
}

// Secrets of the keys given by --credentials ("AKID:SECRET[:ACCOUNT],…"), then of keys
// another service (IAM) resolves.
EngineConfig engine_config(ServiceContext& context) {
  EngineConfig c;
  c.default_region = context.default_region;
  c.default_account = context.default_account;
  c.owners = context.options.str("s3-owners");
  c.verify_signatures = context.options.flag("verify-signatures");
  std::map<std::string, std::string, std::less<>> secrets;
  for (auto item : split(context.options.str("credentials"), ',')) {
    auto parts = split(trim(item), ':');
    if (parts.size() >= 2) secrets[std::string(parts[0])] = std::string(parts[1]);
  }
  Engines* engines = &context.engines;
  c.secret_for = [secrets = std::move(secrets), engines](std::string_view key) -> std::optional<std::string> {
    if (auto it = secrets.find(key); it != secrets.end()) return it->second;
    if (auto* resolver = engines->find<CredentialResolver>())
      if (auto cred = resolver->lookup(key)) return cred->secret_key;
    return std::nullopt;
  };
  return c;
}

class S3Service final : public Service {
 public:
  explicit S3Service(ServiceContext& context)
      : context_(context),
        engine_(context.db, engine_config(context)),
        lifecycle_(engine_, context.executor, context.options.integer("s3-lifecycle-days-ahead"),
                   [this](const BucketRecord& b, std::string_view key, const ObjectRecord& o) { expired(b, key, o); }) {
    context.engines.provide<Objects>(&engine_);
    engine_.lifecycle_changed = [this] { lifecycle_.rules_changed(); };
  }

  void start() override { lifecycle_.rules_changed(); }
  void shutdown() override { lifecycle_.shutdown(); }

  std::string_view name() const override { return "s3"; }
  std::vector<std::string> routes() const override { return {"s3", "s3-website"}; }
  std::string new_request_id() const override { return protocol::s3_request_id(); }
  uint64_t max_body_bytes() const override { return 5ull << 30; }

  boost::asio::awaitable<http::Response> handle(http::Request& request) override {
    if (request.service == "s3-website") co_return co_await serve_website(request, engine_);
    Call call{request, engine_, {}, {}, false, engine_.owners.for_caller(request.caller)};
    address(call);
    http::Response response;
    try {
      check_presigned(request);
      Route r = route(call);
      request.operation = r.name;
      if (r.notification) {
        response = co_await notification_configuration(call);
      } else {
        response = co_await r.op(call);
        if (response.status < 300) notify(call, r.name, response);
      }
    } catch (const AwsError& e) {
      response = protocol::s3_error(request, e);
    } catch (const storage::StorageError& e) {
      spdlog::error("s3 {}: storage error: {}", request.operation, e.what());
      response = protocol::s3_error(request, AwsError(500, "InternalError", "We encountered an internal error. Please try again."));
    }
    if (request.method != "OPTIONS" && !call.bucket.empty() && request.headers.has("origin")) {
      if (auto bucket = engine_.buckets.find(call.bucket)) apply_cors(*bucket, request, response);
    }
    co_return response;
  }

  http::Response render_error(const http::Request& request, const AwsError& error) const override {
    if (request.service == "s3-website") return website_error_page(request, error);
    return protocol::s3_error(request, error);
  }

  void reset() override { engine_.reset(); }

 private:
  // Bucket notifications belong to the event-source module (bunker/s3/notifications.h):
  // S3 hands it ?notification requests and tells it what objects were created or removed.
  boost::asio::awaitable<http::Response> notification_configuration(Call& call) {
    auto* notifications = context_.engines.find<BucketNotifications>();
    if (!notifications) throw not_implemented();
    BucketPtr bucket = call.bucket_record();  // NoSuchBucket
    if (call.req.method == "GET") co_return call.xml(200, notifications->get_configuration(call.bucket));
    std::string body = co_await call.req.body->read_all(1 << 20);
    co_await notifications->put_configuration(call.bucket, std::move(body), bucket->region, bucket->account_id);
    co_return call.empty(200);
  }

  void notify(const Call& call, std::string_view operation, const http::Response& response) {
    auto* notifications = context_.engines.find<BucketNotifications>();
    if (!notifications) return;
    if (operation == "DeleteBucket") return notifications->bucket_deleted(call.bucket);
    static const std::map<std::string_view, std::string_view> kEvents = {
        {"PutObject", "ObjectCreated:Put"}, {"CopyObject", "ObjectCreated:Copy"},
        {"CompleteMultipartUpload", "ObjectCreated:CompleteMultipartUpload"}, {"DeleteObject", "ObjectRemoved:Delete"},
        {"DeleteObjects", "ObjectRemoved:Delete"}};
    auto kind = kEvents.find(operation);
    if (kind == kEvents.end()) return;
    BucketPtr bucket = engine_.buckets.find(call.bucket);
    if (!bucket) return;
    ObjectEvent e;
    e.event_name = std::string(kind->second);
    e.bucket = call.bucket;
    e.region = bucket->region;
    e.account = bucket->account_id;
    e.bucket_owner = bucket->owner_id;
    e.principal = call.req.caller.access_key.empty() ? "Anonymous" : "AWS:" + call.req.caller.access_key;
    e.source_ip = call.req.remote_address;
    e.request_id = call.req.request_id;
    e.host_id = std::string(response.headers.get_or("x-amz-id-2", ""));
    e.time_ms = now_millis();
    std::vector<std::string> keys;
    if (operation == "DeleteObjects") {
      // The keys the response reports deleted.
      pugi::xml_document doc;
      if (doc.load_buffer(response.body.data(), response.body.size()))
        for (auto d : doc.child("DeleteResult").children("Deleted")) keys.push_back(d.child_value("Key"));
    } else {
      keys.push_back(call.key);
    }
    for (const auto& key : keys) {
      e.key = key;
      if (e.event_name.starts_with("ObjectCreated")) {
        auto info = call.written && keys.size() == 1 ? call.written : engine_.head(call.bucket, key);
        if (!info) continue;
        e.size = info->size;
        e.etag = info->etag.size() >= 2 ? info->etag.substr(1, info->etag.size() - 2) : info->etag;
      }
      notifications->object_event(e);
    }
  }

  // A lifecycle rule deleted an object: s3:LifecycleExpiration:Delete, S3 itself the principal.
  void expired(const BucketRecord& bucket, std::string_view key, const ObjectRecord& object) {
    (void)object;
    auto* notifications = context_.engines.find<BucketNotifications>();
    if (!notifications) return;
    ObjectEvent e;
    e.event_name = "LifecycleExpiration:Delete";
    e.bucket = bucket.name;
    e.key = std::string(key);
    e.region = bucket.region;
    e.account = bucket.account_id;
    e.bucket_owner = bucket.owner_id;
    e.principal = "s3.amazonaws.com";
    e.source_ip = "s3.amazonaws.com";
    e.request_id = protocol::s3_request_id();
    e.host_id = protocol::s3_host_id();
    e.time_ms = now_millis();
    notifications->object_event(e);
  }

  ServiceContext& context_;
  Engine engine_;
  LifecycleSweeper lifecycle_;
};

}  // namespace

void register_options(Options& options) {
  options.add({"s3-owners", "BUNKER_S3_OWNERS", "",
               "S3 owners by access key: AKID=CANONICAL_ID[:DISPLAY_NAME],… (other keys: their account's default owner)",
               OptionSpec::Kind::kString, INT64_MIN, INT64_MAX,
               [](std::string_view v) { return Owners::check_config(v); }});
  options.add({"s3-lifecycle-days-ahead", "BUNKER_S3_LIFECYCLE_DAYS_AHEAD", "0",
               "Test aid: S3 lifecycle rules judge object and upload ages as if the clock were this many days ahead",
               OptionSpec::Kind::kInt, 0, 36500, {}});
}

std::unique_ptr<Service> make_service(ServiceContext& context) { return std::make_unique<S3Service>(context); }

}  // namespace bunker::s3
