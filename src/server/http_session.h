#pragma once
// One client connection: HTTP/1.1 with keep-alive and pipelining (answered in order),
// chunked request bodies, Expect: 100-continue (sent when the handler first reads the
// body, so an early error needs no upload), streamed request and response bodies, and
// timeouts so that a silent client cannot hold a connection.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdint>
#include <functional>

#include "bunker/http/message.h"

namespace bunker::server {

struct SessionLimits {
  uint32_t header_bytes = 64 * 1024;
  std::chrono::milliseconds idle_timeout{60000};   // waiting for the next request
  std::chrono::milliseconds read_timeout{30000};   // silence while a request is being read
  std::chrono::milliseconds write_timeout{60000};  // a client not reading our answer
  uint64_t drain_bytes = 1 << 20;                  // unread body we read away to keep the connection
};

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  // Handles one request and never throws: errors come back as responses.
  // set_body_limit caps the body the handler may read (known once the service is).
  virtual boost::asio::awaitable<http::Response> dispatch(http::Request& request,
                                                          const std::function<void(uint64_t)>& set_body_limit) = 0;
  virtual bool stopping() const = 0;
  // Brackets one exchange, from a request's head read to its answer's last byte written
  // (or the connection's end), so a graceful stop also waits for answers still streaming.
  virtual void exchange_begins() = 0;
  virtual void exchange_ends() = 0;
};

boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket, Dispatcher& dispatcher,
                                         SessionLimits limits);

}  // namespace bunker::server
