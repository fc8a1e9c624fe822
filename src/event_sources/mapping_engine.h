#pragma once
// Event source mappings from DynamoDB streams to Lambda functions: the mappings
// (persisted with their checkpoints in "event_sources.mappings"), the Lambda API over
// them (mapping_api.cpp), and one poller coroutine per mapping (stream_poller.cpp) that
// reads its stream in order, filters, batches, invokes the function through Lambda's
// Invoker, retries, bisects, gives up to the OnFailure destination, and checkpoints
// durably after every batch. Delivery is at least once: a batch is redelivered only
// when the server stopped while it was being invoked.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "bunker/dynamodb/stream_reader.h"
#include "bunker/service/engines.h"
#include "bunker/storage/database.h"
#include "event_sources/mapping.h"

namespace bunker::event_sources {

class MappingEngine {
 public:
  MappingEngine(storage::Database& db, boost::asio::any_io_executor executor, Engines& engines);

  // Loads the mappings and starts their pollers (once every service exists).
  void start();
  // Stops the pollers at their next step; an in-flight batch is not checkpointed.
  void stop();
  void reset();

  // The Lambda operations (mapping_api.cpp). Each answers (HTTP status, body).
  struct Answer {
    int status;
    nlohmann::json body;
  };
  boost::asio::awaitable<Answer> create(nlohmann::json body, std::string account, std::string region);
  Answer get(const std::string& uuid, const std::string& account);
  Answer list(const std::string& event_source_arn, const std::string& function_name, const std::string& marker,
              const std::string& max_items, const std::string& account, const std::string& region);
  boost::asio::awaitable<Answer> update(std::string uuid, nlohmann::json body, std::string account,
                                       std::string region);
  Answer remove(const std::string& uuid, const std::string& account);

  // Invocation records an OnFailure destination could not be given (newest last), as a
  // JSON array text in AWS's member order.
  std::string undelivered(const std::string& uuid);

  // How long an idle poller waits before looking at its stream again.
  std::chrono::milliseconds poll_interval{100};

 private:
  struct Runner {
    std::mutex mutex;
    Mapping mapping;
    bool deleted = false;
    std::deque<std::string> undelivered;
  };

  std::shared_ptr<Runner> find(const std::string& uuid, const std::string& account);
  void persist(const Mapping& m);
  void launch(std::shared_ptr<Runner> runner);
  std::string function_arn(const std::string& function_name, const std::string& account, const std::string& region);

  // stream_poller.cpp
  boost::asio::awaitable<void> poll(std::shared_ptr<Runner> runner);
  boost::asio::awaitable<bool> deliver(std::shared_ptr<Runner> runner, const Mapping& m, const std::string& shard_id,
                                       std::vector<dynamodb::StreamEvent> batch);
  // Updates the runner's mapping (under its lock) and persists it.
  void record(Runner& runner, const std::function<void(Mapping&)>& change);
  void give_up(Runner& runner, const Mapping& m, nlohmann::ordered_json failure);

  storage::Database& db_;
  storage::ColumnFamily* family_;
  boost::asio::any_io_executor executor_;
  Engines& engines_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Runner>> runners_;
  std::atomic<bool> stopping_{false};
  bool started_ = false;
};

}  // namespace bunker::event_sources
