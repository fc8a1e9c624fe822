#pragma once
// What a service module provides to the front door. A service is one folder under src/
// (api = wire <-> calls, engine = semantics, store = persistence); the server wires it in
// with one line in src/server/service_list.cpp.
//
// Threading: handle() runs as a coroutine on the server's I/O thread pool, many at once,
// so a service's state must be safe for concurrent use. Handlers must not block for long:
// waiting (a Lambda invoke, a slow client) is co_await-ed; heavy CPU work moves to a pool.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "bunker/core/aws_error.h"
#include "bunker/http/message.h"
#include "bunker/protocol/request_ids.h"
#include "bunker/service/engines.h"

namespace bunker {
class Options;
namespace storage {
class Database;
}

// Everything a service gets from the server at construction.
struct ServiceContext {
  const Options& options;         // parsed flags; a module declares its own in register_options
  storage::Database& db;          // the one RocksDB instance; use families named "<service>.<concern>"
  boost::asio::any_io_executor executor;  // the I/O pool, for timers and background coroutines
  Engines& engines;               // other services' public engine interfaces
  std::string default_region;
  std::string default_account;
  // Where the server listens, set once the socket is bound (before Service::start); with
  // --port 0 this is the port the kernel chose. Keep a reference to the context to read it.
  std::string listen_host;
  uint16_t listen_port = 0;
};

class Service {
 public:
  virtual ~Service() = default;

  // The service's name in health output and logs ("s3", "dynamodb", …).
  virtual std::string_view name() const = 0;
  // The router keys this service answers (see src/server/router.h); default: its name.
  virtual std::vector<std::string> routes() const { return {std::string(name())}; }
  // A request id in the service's own shape; the front door stamps every request with
  // one before routing, authentication or handling (see bunker/protocol/request_ids.h).
  virtual std::string new_request_id() const { return protocol::uuid_request_id(); }
  // Largest request body accepted, in bytes.
  virtual uint64_t max_body_bytes() const { return 16ull << 20; }

  // Handles one request. Errors may be thrown as AwsError; the front door then asks
  // render_error for the service's envelope.
  virtual boost::asio::awaitable<http::Response> handle(http::Request& request) = 0;
  // The service's own error envelope (JSON 1.0, REST-JSON, REST-XML, Query).
  virtual http::Response render_error(const http::Request& request, const AwsError& error) const = 0;

  // Called once every service is constructed (engines of others are available now) and the
  // server's socket is bound (ServiceContext::listen_port is known).
  virtual void start() {}
  // Stop background work and interrupt long waits; called before the server drains.
  virtual void shutdown() {}
  // Empties all state (POST /_bunker/reset).
  virtual void reset() = 0;
  // "running", or "available"/"disabled" for services that are there but idle.
  virtual std::string state() const { return "running"; }
};

}  // namespace bunker
