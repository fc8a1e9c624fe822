#include "s3/lifecycle_sweeper.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <vector>

#include "bunker/core/clock.h"
#include "s3/engine.h"

namespace bunker::s3 {
namespace asio = boost::asio;
namespace {

constexpr int64_t kDayMs = 86'400'000;
// Records looked at (or objects deleted) between two yields of the executor.
constexpr int kSlice = 256;

asio::awaitable<void> yield() { co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable); }

struct Due {
  std::string key;
  std::string etag;
  int64_t last_modified_ms = 0;
};

}  // namespace

LifecycleSweeper::LifecycleSweeper(Engine& engine, asio::any_io_executor executor, int64_t days_ahead, Expired expired)
    : engine_(engine), executor_(executor), days_ahead_(days_ahead), expired_(std::move(expired)), timer_(executor) {}

int64_t LifecycleSweeper::now() const { return now_millis() + days_ahead_ * kDayMs; }

void LifecycleSweeper::rules_changed() {
  asio::post(executor_, [this] { wake(); });
}

void LifecycleSweeper::shutdown() {
  asio::post(executor_, [this] {
    stopping_ = true;
    timer_.cancel();
  });
}

void LifecycleSweeper::wake() {
  if (stopping_) return;
  if (running_) {
    again_ = true;
    timer_.cancel();
    return;
  }
  running_ = true;
  asio::co_spawn(executor_, run(), [this](std::exception_ptr e) {
    running_ = false;
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("s3 lifecycle sweep stopped: {}", ex.what());
    }
  });
}

asio::awaitable<void> LifecycleSweeper::run() {
  while (!stopping_) {
    again_ = false;
    bool any = co_await sweep_all();
    if (stopping_ || (!any && !again_)) break;
    if (again_) continue;
    // The next midnight UTC of the rules' clock, a second after (so it has passed).
    const int64_t t = now();
    timer_.expires_after(std::chrono::milliseconds((t / kDayMs + 1) * kDayMs - t + 1000));
    boost::system::error_code ec;
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<bool> LifecycleSweeper::sweep_all() {
  bool any = false;
  for (const auto& bucket : engine_.buckets.list()) {
    if (stopping_) break;
    if (!bucket->lifecycle) continue;
    any = true;
    co_await sweep(*bucket, now());
  }
  co_return any;
}

asio::awaitable<void> LifecycleSweeper::sweep(const BucketRecord& bucket, int64_t now) {
  const auto& rules = bucket.lifecycle->rules;
  bool expires = false, aborts = false, by_tags = false;
  for (const auto& r : rules) {
    expires = expires || (r.enabled && r.has_expiration && (r.expiration_days || !r.expiration_date.empty()));
    aborts = aborts || (r.enabled && r.abort_after_days);
    by_tags = by_tags || r.has_tag_filter();
  }

  if (expires) {
    std::vector<Due> due;
    {
      auto it = engine_.objects.iterator(bucket.name);
      const size_t skip = ObjectStore::bucket_prefix_size(bucket.name);
      int seen = 0;
      ObjectRecord rec;
      for (it->seek_to_first(); it->valid() && !stopping_; it->next()) {
        std::string_view key = ObjectStore::object_key(it->key(), skip);
        // Tag filters need the whole record; the rest only the listing fields.
        std::optional<ObjectRecord> full;
        if (by_tags) full = decode_object(it->value());
        else if (decode_listing(it->value(), rec)) full = rec;
        if (full) {
          for (const auto& r : rules) {
            auto when = expiry_ms(r, full->last_modified_ms);
            if (when && *when <= now && rule_applies(r, key, full->size, full->tags)) {
              due.push_back({std::string(key), full->etag, full->last_modified_ms});
              break;
            }
          }
        }
        if (++seen % kSlice == 0) co_await yield();
      }
      it->check();
    }
    int done = 0;
    for (const auto& d : due) {
      if (stopping_) break;
      // Only the object the rule judged: one written since is a new object, not yet due.
      std::optional<ObjectRecord> removed;
      engine_.objects.remove_if(bucket.name, d.key, [&](const ObjectRecord& r) {
        if (r.etag != d.etag || r.last_modified_ms != d.last_modified_ms) return false;
        removed = r;
        return true;
      });
      if (removed) {
        spdlog::debug("s3 lifecycle: expired {}/{}", bucket.name, d.key);
        if (expired_) expired_(bucket, d.key, *removed);
      }
      if (++done % kSlice == 0) co_await yield();
    }
  }

  if (aborts) {
    std::vector<UploadRecord> due;
    {
      auto it = engine_.uploads.iterator(bucket.name);
      int seen = 0;
      for (it->seek_to_first(); it->valid() && !stopping_; it->next()) {
        if (auto u = decode_upload(it->value())) {
          for (const auto& r : rules) {
            auto when = abort_ms(r, u->key, u->initiated_ms);
            if (when && *when <= now) {
              due.push_back(std::move(*u));
              break;
            }
          }
        }
        if (++seen % kSlice == 0) co_await yield();
      }
      it->check();
    }
    int done = 0;
    for (const auto& u : due) {
      if (stopping_) break;
      if (engine_.uploads.abort(bucket.name, u.key, u.upload_id))
        spdlog::debug("s3 lifecycle: aborted upload {} of {}/{}", u.upload_id, bucket.name, u.key);
      if (++done % kSlice == 0) co_await yield();
    }
  }
}

}  // namespace bunker::s3
