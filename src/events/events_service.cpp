// EventBridge as the front door sees it: AWS JSON 1.1 with X-Amz-Target AWSEvents.*,
// one engine operation per target; a once-a-second scheduler for rate() and cron()
// rules, asleep while no enabled rule has a schedule; POST /_bunker/events/rules/<name>/trigger to fire a schedule rule at once.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <map>
#include <utility>

#include "bunker/core/clock.h"
#include "bunker/events/module.h"
#include "bunker/protocol/json_rpc.h"
#include "bunker/protocol/rest_json.h"
#include "events/events_engine.h"

namespace bunker::events {
namespace {

using json = nlohmann::json;

const protocol::JsonRpcStyle kStyle{"AWSEvents.", "application/x-amz-json-1.1", "", false};

using Op = json (EventsEngine::*)(const Scope&, const json&);

const std::map<std::string, Op, std::less<>>& operations() {
  static const std::map<std::string, Op, std::less<>> ops = {
      {"PutRule", &EventsEngine::put_rule},
      {"DescribeRule", &EventsEngine::describe_rule},
      {"ListRules", &EventsEngine::list_rules},
      {"DeleteRule", &EventsEngine::delete_rule},
      {"PutTargets", &EventsEngine::put_targets},
      {"RemoveTargets", &EventsEngine::remove_targets},
      {"ListTargetsByRule", &EventsEngine::list_targets_by_rule},
      {"ListRuleNamesByTarget", &EventsEngine::list_rule_names_by_target},
      {"PutEvents", &EventsEngine::put_events},
      {"TestEventPattern", &EventsEngine::test_event_pattern},
      {"ListEventBuses", &EventsEngine::list_event_buses},
      {"DescribeEventBus", &EventsEngine::describe_event_bus},
      {"CreateEventBus", &EventsEngine::create_event_bus},
      {"UpdateEventBus", &EventsEngine::update_event_bus},
      {"DeleteEventBus", &EventsEngine::delete_event_bus},
      {"TagResource", &EventsEngine::tag_resource},
      {"UntagResource", &EventsEngine::untag_resource},
      {"ListTagsForResource", &EventsEngine::list_tags_for_resource},
  };
  return ops;
}

// The scheduler's loop runs on a strand, and wakes are posted to it: a rule added between
// the loop's "anything scheduled?" check and its wait cannot be missed.
struct Ticker {
  explicit Ticker(const boost::asio::any_io_executor& ex) : strand(boost::asio::make_strand(ex)), timer(strand) {}
  boost::asio::strand<boost::asio::any_io_executor> strand;
  boost::asio::steady_timer timer;
  std::atomic<bool> stopping{false};
};

class EventsService final : public Service {
 public:
  explicit EventsService(ServiceContext& context)
      : context_(context), engine_(context.db, context.executor, context.engines) {
    context.engines.provide<Publisher>(&engine_);
  }

  std::string_view name() const override { return "events"; }

  boost::asio::awaitable<http::Response> handle(http::Request& request) override {
    Scope scope{request.caller.account_id.empty() ? context_.default_account : request.caller.account_id,
                request.caller.region.empty() ? context_.default_region : request.caller.region};
    if (request.path.starts_with("/_bunker/")) co_return trigger(request, scope);
    request.operation = protocol::operation_of(request, kStyle);
    std::string text = co_await request.body->read_all(max_body_bytes());
    json body = protocol::parse_json_body(text);
    json result;
    if (request.operation == "EnableRule" || request.operation == "DisableRule") {
      result = engine_.enable_rule(scope, body, request.operation == "EnableRule");
      wake_ticker();
    } else {
      auto op = operations().find(request.operation);
      if (op == operations().end()) throw AwsError(400, "UnknownOperationException", "");
      try {
        result = (engine_.*(op->second))(scope, body);
      } catch (const json::exception&) {
        throw AwsError(400, "SerializationException", "Unexpected value type in payload");
      }
      if (request.operation == "PutRule") wake_ticker();
    }
    co_return protocol::json_response(request, kStyle, result);
  }

  http::Response render_error(const http::Request& request, const AwsError& error) const override {
    if (request.path.starts_with("/_bunker/"))
      return protocol::rest_json_error(request, protocol::RestJsonStyle::kApiGateway, error);
    return protocol::json_error(request, kStyle, error);
  }

  void start() override {
    ticker_ = std::make_shared<Ticker>(context_.executor);
    boost::asio::co_spawn(ticker_->strand, run(ticker_), boost::asio::detached);
  }
  void shutdown() override {
    if (!ticker_) return;
    ticker_->stopping = true;
    wake_ticker();
  }
  void reset() override { engine_.reset(); }

 private:
  http::Response trigger(http::Request& request, const Scope& scope) {
    constexpr std::string_view kPrefix = "/_bunker/events/rules/";
    std::string_view path = request.path;
    if (request.method == "POST" && path.starts_with(kPrefix) && path.ends_with("/trigger")) {
      request.operation = "TriggerRule";
      std::string name(path.substr(kPrefix.size(), path.size() - kPrefix.size() - std::string_view("/trigger").size()));
      std::size_t sent = engine_.trigger(scope, name);
      return protocol::rest_json_response(request, 200, json{{"targets", sent}});
    }
    throw AwsError(404, "NotFound", "no such Bunker endpoint: " + request.path);
  }

  // A rule that may now be scheduled (or no longer): the sleeping scheduler looks again.
  void wake_ticker() {
    if (ticker_) boost::asio::post(ticker_->strand, [t = ticker_] { t->timer.cancel(); });
  }

  boost::asio::awaitable<void> run(std::shared_ptr<Ticker> t) {
    bool resumed = true;  // the first round after start-up or a sleep
    while (!t->stopping) {
      if (engine_.has_enabled_schedules()) {
        // Wake at the next whole second, so cron rules fire at the start of their minute.
        int64_t now = now_millis();
        t->timer.expires_after(std::chrono::milliseconds(1000 - now % 1000));
      } else {
        t->timer.expires_at(boost::asio::steady_timer::time_point::max());  // until wake_ticker()
        resumed = true;
      }
      boost::system::error_code ec;
      co_await t->timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
      if (t->stopping) break;
      if (ec == boost::asio::error::operation_aborted) continue;  // woken: look again
      try {
        engine_.tick(now_millis(), std::exchange(resumed, false));
      } catch (const std::exception& e) {
        spdlog::warn("events: scheduler tick failed: {}", e.what());
      }
    }
  }

  ServiceContext& context_;
  EventsEngine engine_;
  std::shared_ptr<Ticker> ticker_;
};

}  // namespace

void register_options(Options&) {}

std::unique_ptr<Service> make_service(ServiceContext& context) { return std::make_unique<EventsService>(context); }

}  // namespace bunker::events
