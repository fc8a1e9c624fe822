#include "event_sources/mapping_engine.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <spdlog/spdlog.h>

#include <ctime>

#include "bunker/core/clock.h"
#include "bunker/core/ids.h"
#include "bunker/s3/objects.h"

namespace bunker::event_sources {

using json = nlohmann::json;

namespace {
constexpr std::size_t kMaxUndelivered = 100;
}

MappingEngine::MappingEngine(storage::Database& db, boost::asio::any_io_executor executor, Engines& engines)
    : db_(db), family_(db.family("event_sources.mappings")), executor_(std::move(executor)), engines_(engines) {}

void MappingEngine::start() {
  std::vector<std::shared_ptr<Runner>> loaded;
  {
    std::lock_guard lock(mutex_);
    started_ = true;
    auto it = db_.iterator(family_);
    for (it->seek_to_first(); it->valid(); it->next()) {
      auto runner = std::make_shared<Runner>();
      runner->mapping = Mapping::from_storage(json::parse(it->value()));
      runners_[runner->mapping.uuid] = runner;
      loaded.push_back(runner);
    }
    it->check();
  }
  for (auto& r : loaded) launch(r);
}

void MappingEngine::stop() { stopping_ = true; }

void MappingEngine::reset() {
  std::lock_guard lock(mutex_);
  for (auto& [uuid, r] : runners_) {
    std::lock_guard rl(r->mutex);
    r->deleted = true;
  }
  runners_.clear();
  db_.clear(family_);
}

void MappingEngine::launch(std::shared_ptr<Runner> runner) {
  boost::asio::co_spawn(executor_, poll(std::move(runner)), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("event source mapping poller stopped: {}", ex.what());
    }
  });
}

void MappingEngine::persist(const Mapping& m) { db_.put(family_, m.uuid, m.to_storage().dump()); }

void MappingEngine::record(Runner& runner, const std::function<void(Mapping&)>& change) {
  std::lock_guard lock(runner.mutex);
  if (runner.deleted) return;
  change(runner.mapping);
  persist(runner.mapping);
}

namespace {

// The object key AWS gives an invocation record in an S3 OnFailure destination:
// aws/lambda/<mapping UUID>/<shard id>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<random UUID>.
std::string failure_object_key(const std::string& uuid, const std::string& shard_id, int64_t now_ms) {
  std::time_t t = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char day[16], stamp[32];
  std::strftime(day, sizeof day, "%Y/%m/%d", &tm);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H.%M.%S", &tm);
  return "aws/lambda/" + uuid + "/" + shard_id + "/" + day + "/" + stamp + "-" + uuid4();
}

}  // namespace

void MappingEngine::give_up(Runner& runner, const Mapping& m, nlohmann::ordered_json failure) {
  const std::string prefix = "arn:aws:s3:::";
  if (m.on_failure.starts_with(prefix)) {
    if (auto* objects = engines_.find<s3::Objects>()) {
      std::string bucket = m.on_failure.substr(prefix.size());
      std::string shard = failure["DDBStreamBatchInfo"].value("shardId", "");
      try {
        objects->write(bucket, failure_object_key(m.uuid, shard, now_millis()), failure.dump(), "application/json");
        return;
      } catch (const std::exception& e) {
        spdlog::warn("event source mapping {}: cannot write the failure record to {}: {}", m.uuid, m.on_failure,
                     e.what());
      }
    }
  }
  // Bunker has no SQS or SNS: such records (and any S3 could not take) are logged and
  // kept for GET /_bunker/event-sources/<uuid>/failures.
  spdlog::warn("event source mapping {}: batch given up; OnFailure destination {} not reachable: {}", m.uuid,
               m.on_failure.empty() ? "(none)" : m.on_failure, failure.dump());
  std::lock_guard lock(runner.mutex);
  runner.undelivered.push_back(failure.dump());
  while (runner.undelivered.size() > kMaxUndelivered) runner.undelivered.pop_front();
}

std::shared_ptr<MappingEngine::Runner> MappingEngine::find(const std::string& uuid, const std::string& account) {
  std::lock_guard lock(mutex_);
  auto it = runners_.find(uuid);
  if (it == runners_.end()) return nullptr;
  std::lock_guard rl(it->second->mutex);
  if (it->second->mapping.account != account) return nullptr;
  return it->second;
}

std::string MappingEngine::undelivered(const std::string& uuid) {
  std::lock_guard lock(mutex_);
  auto it = runners_.find(uuid);
  std::string out = "[";
  if (it != runners_.end()) {
    std::lock_guard rl(it->second->mutex);
    for (const auto& f : it->second->undelivered) out += (out.size() > 1 ? "," : "") + f;
  }
  return out + "]";
}

}  // namespace bunker::event_sources
