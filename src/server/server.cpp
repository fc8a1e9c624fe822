#include "server/server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "bunker/storage/database.h"
#include "bunker/version.h"
#include "server/authenticator.h"
#include "server/front_door.h"
#include "server/internal_service.h"
#include "server/service_list.h"
#include "server/startup_memory.h"

namespace bunker::server {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Connections are handed out in turn to the I/O threads' own io_contexts, each run by
// exactly one thread (as nginx's workers): a connection's handlers, timers and socket then
// never race without a strand, and no lock or futex hands a ready socket from the thread
// that polled it to another. One shared io_context run by every thread cost a strand
// dispatch and several scheduler locks per operation.
asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::vector<asio::io_context*> contexts,
                                  FrontDoor& front_door, SessionLimits limits) {
  for (size_t next = 0;; next = (next + 1) % contexts.size()) {
    auto [ec, socket] = co_await acceptor.async_accept(*contexts[next], asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (!acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
      spdlog::warn("accept failed: {}", ec.message());
      continue;
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor, run_session(std::move(socket), front_door, limits), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::debug("connection ended: {}", ex.what());
      }
    });
  }
}

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000.0));
}

// The server's io_context, able to destroy its pending work early. When run() returns,
// suspended handlers (a session part-way through streaming an object, waiting for a slow
// client) still hold what their frames own: storage iterators and snapshots, references to
// services. They must go before the services and the database do, while the sockets and
// timers they own can still be closed; the plain io_context destroys them only in its own
// destructor, which runs last.
class ServerIo : public asio::io_context {
 public:
  using asio::io_context::io_context;
  void destroy_pending_work() { shutdown(); }  // idempotent: the destructor calls it again
};

}  // namespace

int run_server(const Options& options) {
  // Storage first: nothing else makes sense without it.
  storage::Options so;
  so.path = options.str("data-dir");
  so.in_memory = options.flag("in-memory");
  so.fsync = options.flag("fsync");
  std::unique_ptr<storage::Database> db;
  try {
    db = storage::Database::open(so);
  } catch (const storage::StorageError& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }

  const int threads = static_cast<int>(options.integer("io-threads"));
  // The services' io_context is also the first I/O thread's (see accept_loop); the other
  // threads each run one of their own.
  ServerIo io(1);
  std::vector<std::unique_ptr<ServerIo>> connection_ios;
  for (int i = 1; i < threads; ++i) connection_ios.push_back(std::make_unique<ServerIo>(1));
  Engines engines;
  ServiceContext context{options, *db, io.get_executor(), engines, options.str("region"), options.str("account-id")};

  std::string cred_error;
  auto credentials = Authenticator::parse_credentials(options.str("credentials"), options.str("account-id"), &cred_error);
  if (!cred_error.empty()) {
    spdlog::critical("--credentials {}", cred_error);
    return 2;
  }
  Authenticator authenticator(options.flag("verify-signatures"), std::move(credentials), engines,
                              options.str("account-id"), options.str("region"));
  engines.provide<WorkerCredentials>(&authenticator.worker_credentials());

  ServiceRegistry registry;
  for (auto& s : make_services(context)) registry.add(std::move(s));
  registry.add(std::make_unique<InternalService>(registry, *db));

  FrontDoor front_door(registry, authenticator, options.flag("access-log"));


  tcp::acceptor acceptor(io);
  try {
    auto address = asio::ip::make_address(options.str("host"));
    tcp::endpoint endpoint(address, static_cast<unsigned short>(options.integer("port")));
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    spdlog::critical("cannot listen on {}:{}: {}", options.str("host"), options.str("port"), e.what());
    for (const auto& s : registry.all()) s->shutdown();
    return 1;
  }
  const auto bound = acceptor.local_endpoint();
  context.listen_host = bound.address().to_string();
  context.listen_port = bound.port();
  for (const auto& s : registry.all()) s->start();
  spdlog::info("bunker {} listening on http://{}:{} ({})", kVersion, bound.address().to_string(), bound.port(),
               db->in_memory() ? "in memory" : "data in " + db->path());

  SessionLimits limits;
  limits.header_bytes = static_cast<uint32_t>(options.integer("max-header-bytes"));
  limits.idle_timeout = millis(options.seconds("idle-timeout"));
  limits.read_timeout = millis(options.seconds("read-timeout"));
  std::vector<asio::io_context*> contexts{&io};
  for (auto& c : connection_ios) contexts.push_back(c.get());
  asio::co_spawn(io, accept_loop(acceptor, std::move(contexts), front_door, limits), asio::detached);
  // A new data directory's column families are created (and the directory synced) once
  // the server is accepting: until then families read as empty, which they are, and the
  // first write waits for it (Database::finish_bootstrap). Start-up then costs a client
  // the process start and the services' set-up, not RocksDB's OPTIONS file verification.
  // It runs on a thread of its own: on an I/O thread it held up that thread's connections
  // (the first request waited ~30 ms for it). Joined before storage closes.
  std::thread bootstrap([&db] {
    try {
      db->finish_bootstrap();
    } catch (const std::exception& e) {
      spdlog::critical("cannot set up the data directory: {}", e.what());
      std::_Exit(1);
    }
    release_startup_memory();
  });

  // Graceful stop: refuse new connections, stop the services' long waits, give
  // in-flight requests a bounded time, then stop the I/O pool.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  const auto grace = millis(options.seconds("shutdown-timeout"));
  signals.async_wait([&](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    spdlog::info("signal {}: stopping", signo);
    boost::system::error_code ignored;
    acceptor.close(ignored);
    front_door.begin_stop();
    for (const auto& s : registry.all()) s->shutdown();
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          const auto deadline = std::chrono::steady_clock::now() + grace;
          asio::steady_timer timer(io);
          while (front_door.in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
            timer.expires_after(std::chrono::milliseconds(10));
            co_await timer.async_wait(asio::use_awaitable);
          }
          if (front_door.in_flight() > 0)
            spdlog::warn("{} request(s) still running after {} ms; stopping anyway", front_door.in_flight(),
                         grace.count());
          io.stop();
        },
        asio::detached);
  });

  std::vector<std::thread> pool;
  for (auto& c : connection_ios) {
    pool.emplace_back([&c, guard = asio::make_work_guard(*c)] { c->run(); });
  }
  io.run();
  // The stop above ends the services' io_context; the connections' follow it, and their
  // pending handlers go first (their sessions may wait on the services' timers).
  for (auto& c : connection_ios) c->stop();
  for (auto& t : pool) t.join();
  for (auto& c : connection_ios) c->destroy_pending_work();

  bootstrap.join();
  // Pending handlers first (their frames may hold storage iterators), then the services
  // (which may hold storage handles), then storage.
  io.destroy_pending_work();
  registry = ServiceRegistry();
  db->flush();
  db.reset();
  spdlog::info("stopped");
  return 0;
}

}  // namespace bunker::server
