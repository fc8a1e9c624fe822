// The event-source module as a service: it answers no wire protocol of its own (the
// Lambda service hands it the event-source-mapping operations, S3 its bucket
// notification configurations and object events), runs the mappings' pollers, and serves GET /_bunker/event-sources/<uuid>/failures — the invocation
// records of batches given up on that no OnFailure destination could take.
#include <nlohmann/json.hpp>

#include "bunker/event_sources/module.h"
#include "bunker/http/message.h"
#include "bunker/lambda/event_source_mappings.h"
#include "bunker/protocol/rest_json.h"
#include "event_sources/mapping_engine.h"
#include "event_sources/s3_notifications.h"

namespace bunker::event_sources {
namespace {

using json = nlohmann::json;

class MappingApi final : public lambda::EventSourceMappingApi {
 public:
  explicit MappingApi(MappingEngine& engine) : engine_(engine) {}

  boost::asio::awaitable<http::Response> handle(http::Request& request, std::string body, std::string account,
                                                std::string region) override {
    std::string_view path = request.path;
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    constexpr std::string_view kBase = "/2015-03-31/event-source-mappings";
    std::string uuid = path.size() > kBase.size() ? std::string(path.substr(kBase.size() + 1)) : "";
    auto param = [&](const char* name) { return std::string(http::query_param(request.params, name).value_or("")); };
    json parsed = json::object();
    if (!body.empty()) {
      parsed = json::parse(body, nullptr, false);
      if (parsed.is_discarded() || !parsed.is_object())
        throw AwsError(400, "InvalidRequestContentException", "Could not parse request body into json");
    }
    MappingEngine::Answer a{500, json()};
    if (uuid.empty() && request.method == "POST") {
      request.operation = "CreateEventSourceMapping";
      a = co_await engine_.create(std::move(parsed), account, region);
    } else if (uuid.empty() && request.method == "GET") {
      request.operation = "ListEventSourceMappings";
      a = engine_.list(param("EventSourceArn"), param("FunctionName"), param("Marker"), param("MaxItems"), account,
                       region);
    } else if (!uuid.empty() && uuid.find('/') == std::string::npos && request.method == "GET") {
      request.operation = "GetEventSourceMapping";
      a = engine_.get(uuid, account);
    } else if (!uuid.empty() && uuid.find('/') == std::string::npos && request.method == "PUT") {
      request.operation = "UpdateEventSourceMapping";
      a = co_await engine_.update(uuid, std::move(parsed), account, region);
    } else if (!uuid.empty() && uuid.find('/') == std::string::npos && request.method == "DELETE") {
      request.operation = "DeleteEventSourceMapping";
      a = engine_.remove(uuid, account);
    } else {
      throw AwsError(404, "UnknownOperationException", "Unknown operation " + request.method + " " + request.target);
    }
    co_return protocol::rest_json_response(request, a.status, a.body);
  }

 private:
  MappingEngine& engine_;
};

class EventSourcesService final : public Service {
 public:
  explicit EventSourcesService(ServiceContext& context)
      : engine_(context.db, context.executor, context.engines),
        api_(engine_),
        notifications_(context.db, context.executor, context.engines) {
    context.engines.provide<lambda::EventSourceMappingApi>(&api_);
    context.engines.provide<s3::BucketNotifications>(&notifications_);
  }

  std::string_view name() const override { return "event-sources"; }

  boost::asio::awaitable<http::Response> handle(http::Request& request) override {
    constexpr std::string_view kPrefix = "/_bunker/event-sources/";
    std::string_view path = request.path;
    if (path.starts_with(kPrefix) && path.ends_with("/failures") && request.method == "GET") {
      request.operation = "ListUndeliveredFailures";
      std::string uuid(path.substr(kPrefix.size(), path.size() - kPrefix.size() - std::string_view("/failures").size()));
      http::Response r;
      r.status = 200;
      r.headers.add("Content-Type", "application/json");
      r.body = "{\"Failures\":" + engine_.undelivered(uuid) + "}";
      co_return r;
    }
    throw AwsError(404, "NotFound", "no such Bunker endpoint: " + request.path);
  }

  http::Response render_error(const http::Request& request, const AwsError& error) const override {
    return protocol::rest_json_error(request, protocol::RestJsonStyle::kApiGateway, error);
  }

  void start() override { engine_.start(); }
  void shutdown() override { engine_.stop(); }
  void reset() override {
    engine_.reset();
    notifications_.reset();
  }

 private:
  MappingEngine engine_;
  MappingApi api_;
  S3Notifications notifications_;
};

}  // namespace

void register_options(Options&) {}

std::unique_ptr<Service> make_service(ServiceContext& context) { return std::make_unique<EventSourcesService>(context); }

}  // namespace bunker::event_sources
