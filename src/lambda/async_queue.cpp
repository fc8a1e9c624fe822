#include "lambda/async_queue.h"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "lambda/event_invoke_config.h"
#include "lambda/invoke_engine.h"

namespace bunker::lambda {
namespace asio = boost::asio;

AsyncQueue::AsyncQueue(Lambda& lambda)
    : lambda_(lambda), next_sequence_(static_cast<uint64_t>(now_millis()) * 1000) {}

void AsyncQueue::start() {
  for (auto& [sequence, record] : lambda_.store.async_queue())
    asio::co_spawn(lambda_.executor, process(sequence, std::move(record)), asio::detached);
}

void AsyncQueue::enqueue(const InvokeRequest& request, const std::string& request_id) {
  json record = {{"function", request.function_name},
                 {"payload", request.payload},
                 {"region", request.region},
                 {"account", request.account},
                 {"client_context", request.client_context},
                 {"request_id", request_id},
                 {"attempts", 0},
                 {"enqueued", now_millis()}};
  if (request.qualifier) record["qualifier"] = *request.qualifier;
  uint64_t sequence;
  {
    std::lock_guard lock(mutex_);
    sequence = ++next_sequence_;
  }
  lambda_.store.put_async(sequence, record);
  asio::co_spawn(lambda_.executor, process(sequence, std::move(record)), asio::detached);
}

asio::awaitable<void> AsyncQueue::process(uint64_t sequence, json record) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  InvokeRequest request;
  request.function_name = record.value("function", "");
  if (record.contains("qualifier")) request.qualifier = record["qualifier"].get<std::string>();
  request.payload = record.value("payload", "");
  request.region = record.value("region", lambda_.settings.default_region);
  request.account = record.value("account", lambda_.settings.account);
  request.client_context = record.value("client_context", "");
  const std::string request_id = record.value("request_id", "");
  int attempts = record.value("attempts", 0);
  const int64_t enqueued = record.value("enqueued", now_millis());

  while (!stopping_) {
    // The function's event invoke configuration, as it is at each attempt.
    int max_retries = lambda_.settings.async_max_retries;
    std::optional<int64_t> max_age_ms;
    if (auto function = lambda_.store.function({request.account, request.region}, request.function_name)) {
      if (auto config = event_invoke_config(*function, request.qualifier.value_or("$LATEST"))) {
        max_retries = config->value("MaximumRetryAttempts", max_retries);
        if (config->contains("MaximumEventAgeInSeconds"))
          max_age_ms = (*config)["MaximumEventAgeInSeconds"].get<int64_t>() * 1000;
      }
    }
    if (max_age_ms && now_millis() - enqueued > *max_age_ms) {
      spdlog::warn("lambda: dropping Event invocation {} of {}: older than its MaximumEventAgeInSeconds", request_id,
                   request.function_name);
      break;
    }
    bool retry = false;
    std::chrono::milliseconds delay{0};
    try {
      InvokeResult result = co_await lambda_.engine->run(request, request_id);
      if (result.function_error && attempts < max_retries) {
        ++attempts;
        retry = true;
        delay = lambda_.settings.async_retry_delay * attempts;
        spdlog::info("lambda: Event invocation {} of {} failed; retry {} in {} ms", request_id, request.function_name,
                     attempts, delay.count());
      }
    } catch (const AwsError& e) {
      if (e.status() == 429) {
        retry = true;  // throttled: wait for capacity, without using up a retry
        delay = std::chrono::milliseconds(200);
      } else {
        spdlog::warn("lambda: dropping Event invocation {} of {}: {}", request_id, request.function_name, e.message());
      }
    } catch (const std::exception& e) {
      spdlog::warn("lambda: dropping Event invocation {} of {}: {}", request_id, request.function_name, e.what());
    }
    if (!retry) break;
    record["attempts"] = attempts;
    lambda_.store.put_async(sequence, record);
    timer.expires_after(delay);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  if (!stopping_) lambda_.store.delete_async(sequence);
}

}  // namespace bunker::lambda
