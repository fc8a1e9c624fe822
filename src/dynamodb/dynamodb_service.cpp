#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <map>

#include "bunker/core/clock.h"
#include "bunker/core/options.h"
#include "bunker/dynamodb/json_api.h"
#include "bunker/dynamodb/module.h"
#include "bunker/protocol/json_rpc.h"
#include "bunker/protocol/rest_json.h"
#include "bunker/storage/database.h"
#include "dynamodb/engine.h"
#include "dynamodb/stream_reader.h"
#include "dynamodb/ttl_sweeper.h"

// The DynamoDB service as the front door sees it: AWS JSON 1.0 in, one engine
// operation per X-Amz-Target, JSON 1.0 out, for both DynamoDB (route key "dynamodb")
// and DynamoDB Streams ("dynamodbstreams"). Everything below this file is free of HTTP.
// It also runs the housekeeping in the background: the TTL sweeper, the trimming of
// stream records past 24 hours, the expiry of transaction tokens.
namespace bunker::dynamodb {
namespace {

const protocol::JsonRpcStyle kStyle{"DynamoDB_20120810.", "application/x-amz-json-1.0",
                                    "com.amazonaws.dynamodb.v20120810#", true};
const protocol::JsonRpcStyle kStreamsStyle{"DynamoDBStreams_20120810.", "application/x-amz-json-1.0",
                                           "com.amazonaws.dynamodb.v20120810#", true};

// An operation, and for the hot reads its form that answers with JSON text.
struct Handler {
  Handler(Operation op) : json(op) {}  // NOLINT: plain operations convert
  Handler(Operation op, TextOperation text_op) : json(op), text(text_op) {}
  Operation json;
  TextOperation text = nullptr;
};

const std::map<std::string, Handler, std::less<>>& operations() {
  static const std::map<std::string, Handler, std::less<>> ops = {
      {"CreateTable", create_table},
      {"DescribeTable", describe_table},
      {"ListTables", list_tables},
      {"DeleteTable", delete_table},
      {"UpdateTable", update_table},
      {"DescribeTimeToLive", describe_time_to_live},
      {"DescribeContinuousBackups", describe_continuous_backups},
      {"UpdateContinuousBackups", update_continuous_backups},
      {"TagResource", tag_resource},
      {"UntagResource", untag_resource},
      {"ListTagsOfResource", list_tags_of_resource},
      {"DescribeLimits", describe_limits},
      {"DescribeEndpoints", describe_endpoints},
      {"PutItem", put_item},
      {"GetItem", {get_item, get_item_text}},
      {"UpdateItem", update_item},
      {"DeleteItem", delete_item},
      {"Query", {query, query_text}},
      {"Scan", {scan, scan_text}},
      {"BatchGetItem", batch_get_item},
      {"BatchWriteItem", batch_write_item},
      {"TransactWriteItems", transact_write_items},
      {"TransactGetItems", transact_get_items},
      {"UpdateTimeToLive", update_time_to_live},
      {"ExecuteStatement", execute_statement},
      {"BatchExecuteStatement", batch_execute_statement},
      {"ExecuteTransaction", execute_transaction},
  };
  return ops;
}

const std::map<std::string, Handler, std::less<>>& stream_operations() {
  static const std::map<std::string, Handler, std::less<>> ops = {
      {"ListStreams", list_streams},
      {"DescribeStream", describe_stream},
      {"GetShardIterator", get_shard_iterator},
      {"GetRecords", get_records},
  };
  return ops;
}

bool is_streams_request(const http::Request& request) {
  if (request.service == "dynamodbstreams") return true;
  auto target = request.headers.get("x-amz-target");
  return target && target->starts_with(kStreamsStyle.target_prefix);
}

// The background work's own state, shared with its coroutine so that neither outlives
// what it uses.
struct Housekeeping {
  explicit Housekeeping(boost::asio::any_io_executor ex) : timer(ex) {}
  boost::asio::steady_timer timer;
  std::atomic<bool> stopping{false};
};

class DynamoDbService final : public Service, public JsonApi {
 public:
  explicit DynamoDbService(ServiceContext& context)
      : context_(context), engine_(context.db, context.options.seconds("dynamodb-table-delay")) {
    engine_.iterator_lifetime_ms = static_cast<int64_t>(context.options.seconds("dynamodb-iterator-lifetime") * 1000);
    context.engines.provide<StreamReader>(&reader_);
    context.engines.provide<JsonApi>(this);
  }

  // JsonApi: the same operations for other services in this process (API Gateway's
  // DynamoDB integrations).
  nlohmann::json call(std::string_view operation, const nlohmann::json& body, std::string_view account,
                      std::string_view region) override {
    auto op = operations().find(operation);
    if (op == operations().end()) throw AwsError(400, "UnknownOperationException", "");
    try {
      return op->second.json(engine_, Call{Scope{std::string(account), std::string(region)}, body});
    } catch (const nlohmann::json::exception&) {
      throw AwsError(400, "SerializationException", "Unexpected value type in payload");
    } catch (const storage::StorageError& e) {
      throw AwsError(500, "InternalServerError", e.what());
    }
  }

  std::string_view name() const override { return "dynamodb"; }
  std::vector<std::string> routes() const override { return {"dynamodb", "dynamodbstreams"}; }
  std::string new_request_id() const override { return protocol::dynamodb_request_id(); }

  boost::asio::awaitable<http::Response> handle(http::Request& request) override {
    if (request.path.starts_with("/_bunker/")) co_return co_await bunker_endpoint(request);
    const bool streams = is_streams_request(request);
    const auto& style = streams ? kStreamsStyle : kStyle;
    const auto& ops = streams ? stream_operations() : operations();
    request.operation = protocol::operation_of(request, style);
    auto op = ops.find(request.operation);
    if (op == ops.end()) throw AwsError(400, "UnknownOperationException", "");
    std::string text = co_await request.body->read_all(max_body_bytes());
    nlohmann::json body = protocol::parse_json_body(text);
    Scope scope{request.caller.account_id.empty() ? context_.default_account : request.caller.account_id,
                request.caller.region.empty() ? context_.default_region : request.caller.region};
    nlohmann::json result;
    std::string answer;
    try {
      if (op->second.text) answer = op->second.text(engine_, Call{scope, body});
      else result = op->second.json(engine_, Call{scope, body});
    } catch (const nlohmann::json::exception&) {
      // A member of the wrong JSON type: what DynamoDB's deserializer reports.
      throw AwsError(400, "SerializationException", "Unexpected value type in payload");
    } catch (const storage::StorageError& e) {
      throw AwsError(500, "InternalServerError", e.what());
    }
    if (op->second.text) co_return protocol::json_response(request, style, std::move(answer));
    co_return protocol::json_response(request, style, result);
  }

  http::Response render_error(const http::Request& request, const AwsError& error) const override {
    if (request.path.starts_with("/_bunker/"))
      return protocol::rest_json_error(request, protocol::RestJsonStyle::kApiGateway, error);
    return protocol::json_error(request, is_streams_request(request) ? kStreamsStyle : kStyle, error);
  }

  void start() override {
    housekeeping_ = std::make_shared<Housekeeping>(context_.executor);
    double interval = context_.options.seconds("dynamodb-ttl-interval");
    if (interval <= 0) return;
    boost::asio::co_spawn(context_.executor, run_housekeeping(housekeeping_, interval), boost::asio::detached);
  }

  void shutdown() override {
    if (!housekeeping_) return;
    housekeeping_->stopping = true;
    boost::asio::post(context_.executor, [h = housekeeping_] { h->timer.cancel(); });
  }

  void reset() override {
    engine_.catalog.reset();
    engine_.streams.reset();
    engine_.tokens.reset();
  }

 private:
  // POST /_bunker/dynamodb/ttl-sweep: runs the TTL sweeper now (tests, demos).
  boost::asio::awaitable<http::Response> bunker_endpoint(http::Request& request) {
    if (request.path == "/_bunker/dynamodb/ttl-sweep") {
      request.operation = "TtlSweep";
      if (request.method != "POST") throw AwsError(405, "MethodNotAllowed", "ttl-sweep answers POST");
      std::size_t deleted = sweep_expired_items(engine_, now_millis());
      co_return protocol::rest_json_response(request, 200, nlohmann::json{{"deleted", deleted}});
    }
    throw AwsError(404, "NotFound", "no such Bunker endpoint: " + request.path);
  }

  boost::asio::awaitable<void> run_housekeeping(std::shared_ptr<Housekeeping> h, double interval) {
    while (!h->stopping) {
      h->timer.expires_after(std::chrono::milliseconds(static_cast<int64_t>(interval * 1000)));
      boost::system::error_code ec;
      co_await h->timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
      if (h->stopping) break;
      try {
        int64_t now = now_millis();
        if (std::size_t n = sweep_expired_items(engine_, now)) spdlog::debug("dynamodb: TTL deleted {} item(s)", n);
        engine_.streams.trim(now);
        engine_.tokens.expire(now);
      } catch (const std::exception& e) {
        spdlog::warn("dynamodb: background housekeeping failed: {}", e.what());
      }
    }
  }

  ServiceContext& context_;
  Engine engine_;
  EngineStreamReader reader_{engine_};
  std::shared_ptr<Housekeeping> housekeeping_;
};

}  // namespace

void register_options(Options& options) {
  OptionSpec delay;
  delay.name = "dynamodb-table-delay";
  delay.env = "BUNKER_DYNAMODB_TABLE_DELAY";
  delay.default_value = "0";
  delay.help = "How long DynamoDB tables stay CREATING/UPDATING/DELETING (e.g. 2s); 0 = at once";
  delay.kind = OptionSpec::Kind::kSeconds;
  options.add(std::move(delay));

  OptionSpec ttl;
  ttl.name = "dynamodb-ttl-interval";
  ttl.env = "BUNKER_DYNAMODB_TTL_INTERVAL";
  ttl.default_value = "60s";
  ttl.help = "How often DynamoDB's TTL sweeper deletes expired items and old stream records are trimmed; 0 = never "
             "(POST /_bunker/dynamodb/ttl-sweep runs a sweep at once)";
  ttl.kind = OptionSpec::Kind::kSeconds;
  options.add(std::move(ttl));

  OptionSpec iterator;
  iterator.name = "dynamodb-iterator-lifetime";
  iterator.env = "BUNKER_DYNAMODB_ITERATOR_LIFETIME";
  iterator.default_value = "15m";
  iterator.help = "How long a DynamoDB Streams shard iterator stays valid (AWS: 15 minutes)";
  iterator.kind = OptionSpec::Kind::kSeconds;
  options.add(std::move(iterator));
}

std::unique_ptr<Service> make_service(ServiceContext& context) { return std::make_unique<DynamoDbService>(context); }

}  // namespace bunker::dynamodb
