#pragma once
// A value delivered once, awaited by one coroutine: the first set() wins, later ones
// are ignored. Safe to set from any thread; the waiter resumes on its own executor.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>

namespace bunker::runtime {

template <class T>
class OneShot {
 public:
  explicit OneShot(const boost::asio::any_io_executor& executor) : channel_(executor, 1) {}

  // True when this call delivered the value.
  bool set(T value) {
    if (done_.exchange(true)) return false;
    return channel_.try_send(boost::system::error_code{}, std::move(value));
  }
  bool is_set() const { return done_.load(); }

  boost::asio::awaitable<T> wait() { co_return co_await channel_.async_receive(boost::asio::use_awaitable); }

  // Wakes a waiter with an exception (server shutdown).
  void close() { channel_.close(); }

 private:
  std::atomic<bool> done_{false};
  boost::asio::experimental::concurrent_channel<void(boost::system::error_code, T)> channel_;
};

}  // namespace bunker::runtime
