// The poller of one DynamoDB-stream event source mapping: reads the stream from its
// checkpoint, drops what the filters reject, waits for the batching window, invokes the
// function synchronously, and on errors retries (with backoff), bisects the batch when
// asked, honours ReportBatchItemFailures, and finally gives the batch up to the OnFailure
// destination. The checkpoint is persisted after every step, so records are delivered
// in order and none is lost or repeated across a clean restart.
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/core/ids.h"
#include "bunker/lambda/invoker.h"
#include "event_sources/mapping_engine.h"
#include "event_sources/stream_batch.h"

namespace bunker::event_sources {
namespace asio = boost::asio;
using json = nlohmann::json;

namespace {

constexpr std::size_t kMaxPayloadBytes = 6 * 1024 * 1024 - 1024;  // the synchronous invoke limit, with room for the envelope

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(d);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

std::vector<EventPattern> filters_of(const Mapping& m) {
  std::vector<EventPattern> out;
  if (m.filter_criteria.is_object() && m.filter_criteria.contains("Filters"))
    for (const auto& f : m.filter_criteria["Filters"])
      if (f.contains("Pattern")) out.push_back(EventPattern::parse_text(f["Pattern"].get<std::string>()));
  return out;
}

// The state a mapping settles in once its poller has taken a change into account.
std::string settled(const Mapping& m) { return m.enabled ? "Enabled" : "Disabled"; }

}  // namespace

asio::awaitable<void> MappingEngine::poll(std::shared_ptr<Runner> runner) {
  auto* reader = engines_.find<dynamodb::StreamReader>();
  while (!stopping_) {
    Mapping m;
    {
      std::lock_guard lock(runner->mutex);
      if (runner->deleted) break;
      if (runner->mapping.state == "Deleting") {
        runner->deleted = true;
        db_.del(family_, runner->mapping.uuid);
        std::lock_guard all(mutex_);
        runners_.erase(runner->mapping.uuid);
        break;
      }
      if (runner->mapping.state != settled(runner->mapping)) {
        runner->mapping.state = settled(runner->mapping);
        persist(runner->mapping);
      }
      m = runner->mapping;
    }
    if (!m.enabled || !reader) {
      co_await sleep_for(poll_interval * 2);
      continue;
    }
    auto stream = reader->describe(m.event_source_arn);
    if (!stream) {
      record(*runner, [](Mapping& x) { x.last_result = "PROBLEM: Stream not found"; });
      co_await sleep_for(poll_interval * 10);
      continue;
    }
    auto events = reader->read_after(m.event_source_arn, m.checkpoint, static_cast<std::size_t>(m.batch_size));
    if (events.empty()) {
      co_await sleep_for(poll_interval);
      continue;
    }
    int64_t now = now_millis();
    if (m.batching_window > 0 && events.size() < static_cast<std::size_t>(m.batch_size) &&
        now - events.front().arrival_ms < m.batching_window * 1000ll) {
      co_await sleep_for(poll_interval);
      continue;
    }
    // Records past MaximumRecordAgeInSeconds are given up on; filtered-out records are
    // only stepped over. The rest, up to the payload limit, make the batch.
    std::vector<dynamodb::StreamEvent> batch, expired;
    std::vector<EventPattern> filters = filters_of(m);
    std::size_t bytes = 0;
    std::string last_seen;
    for (auto& e : events) {
      if (m.max_record_age >= 0 && now - e.arrival_ms > m.max_record_age * 1000ll) {
        expired.push_back(std::move(e));
        last_seen = expired.back().sequence_number;
        continue;
      }
      auto record = lambda_record(e.record, m.event_source_arn);
      if (!passes_filters(filters, record)) {
        last_seen = e.sequence_number;
        continue;
      }
      std::size_t size = record.dump().size() + 1;
      if (!batch.empty() && bytes + size > kMaxPayloadBytes) break;
      bytes += size;
      last_seen = e.sequence_number;
      batch.push_back(std::move(e));
    }
    if (!expired.empty()) {
      FailureContext c{uuid4(), m.function_arn, "RecordAgeExceeded", 0, 200, "$LATEST", std::nullopt,
                       stream->shard_id, m.event_source_arn, now};
      give_up(*runner, m, failure_record(c, expired, m.on_failure.find(":s3:") != std::string::npos));
    }
    if (!batch.empty()) {
      if (!co_await deliver(runner, m, stream->shard_id, std::move(batch))) break;
    }
    record(*runner, [&](Mapping& x) { x.checkpoint = last_seen; });
  }
}

asio::awaitable<bool> MappingEngine::deliver(std::shared_ptr<Runner> runner, const Mapping& m,
                                             const std::string& shard_id, std::vector<dynamodb::StreamEvent> batch) {
  auto* invoker = engines_.find<lambda::Invoker>();
  struct Work {
    std::vector<dynamodb::StreamEvent> records;
    int failures = 0;
  };
  std::deque<Work> work;
  work.push_back({std::move(batch), 0});
  while (!work.empty()) {
    if (stopping_) co_return false;
    {
      std::lock_guard lock(runner->mutex);
      if (runner->deleted || runner->mapping.state == "Deleting") co_return true;
    }
    Work w = std::move(work.front());
    work.pop_front();
    lambda::InvokeRequest req;
    req.function_name = m.function_arn;
    req.payload = batch_payload(w.records, m.event_source_arn);
    req.region = m.region;
    req.account = m.account;
    lambda::InvokeResult result;
    bool invoked = false;
    try {
      if (!invoker) throw AwsError(500, "ServiceException", "Lambda is not available");
      result = co_await invoker->invoke(req);
      invoked = true;
    } catch (const AwsError& e) {
      result.status_code = e.status();
      result.function_error = std::nullopt;
      spdlog::debug("event source mapping {}: invoke failed: {} {}", m.uuid, e.code(), e.message());
    }
    if (stopping_) co_return false;  // the answer may be the shutdown's: redeliver after the restart
    BatchOutcome outcome = invoked ? read_outcome(w.records, result.payload, result.function_error.has_value(),
                                                  m.report_item_failures)
                                   : BatchOutcome{false, std::nullopt};
    if (outcome.ok) {
      std::string done = w.records.back().sequence_number;
      record(*runner, [&](Mapping& x) {
        x.checkpoint = done;
        x.last_result = "OK";
      });
      continue;
    }
    if (outcome.first_failed && *outcome.first_failed > 0) {
      // Everything before the first reported failure succeeded.
      std::string done = w.records[*outcome.first_failed - 1].sequence_number;
      record(*runner, [&](Mapping& x) { x.checkpoint = done; });
      w.records.erase(w.records.begin(), w.records.begin() + static_cast<long>(*outcome.first_failed));
    }
    record(*runner, [](Mapping& x) { x.last_result = "PROBLEM: Function call failed"; });
    ++w.failures;
    if (m.max_retries >= 0 && w.failures > m.max_retries) {
      FailureContext c{uuid4(),
                       m.function_arn,
                       "RetryAttemptsExhausted",
                       w.failures,
                       result.status_code,
                       result.executed_version.empty() ? "$LATEST" : result.executed_version,
                       result.function_error,
                       shard_id,
                       m.event_source_arn,
                       now_millis()};
      give_up(*runner, m, failure_record(c, w.records, m.on_failure.find(":s3:") != std::string::npos));
      std::string done = w.records.back().sequence_number;
      record(*runner, [&](Mapping& x) { x.checkpoint = done; });
      continue;
    }
    if (m.bisect && w.records.size() > 1) {
      std::size_t half = w.records.size() / 2;
      Work second{std::vector<dynamodb::StreamEvent>(w.records.begin() + static_cast<long>(half), w.records.end()),
                  w.failures};
      w.records.resize(half);
      work.push_front(std::move(second));
      work.push_front(std::move(w));
      continue;
    }
    co_await sleep_for(std::min(std::chrono::milliseconds(100) * (1 << std::min(w.failures, 5)),
                                std::chrono::milliseconds(2000)));
    work.push_front(std::move(w));
  }
  co_return true;
}

}  // namespace bunker::event_sources
