#include "server/http_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http.hpp>

#include <spdlog/spdlog.h>

#include <array>
#include <vector>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/core/strings.h"
#include "server/request_parser.h"

namespace bunker::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr size_t kIdleBufferBytes = 16 * 1024;

// A connection and its one deadline. Each phase (waiting for a request, reading a body,
// writing an answer, running the handler) moves the deadline by a plain store; the single
// timer only re-arms when it fires before the current deadline or a phase needs an earlier
// one. Beast's tcp_stream armed and cancelled a timer around every read and write: two
// timerfd updates and a pile of executor work per request.
// Header reads and writes that time out close the socket (the connection is dropped, as
// before); body reads only cancel, so the client still gets S3's RequestTimeout. A session
// runs on an io_context of one thread, so the timer's handler and the socket operations
// never race; the shared state outlives the session for a handler still queued at its end.
class Connection {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Connection(tcp::socket s) : socket(std::move(s)), state_(std::make_shared<State>(socket)) {}
  ~Connection() {
    state_->socket = nullptr;
    state_->timer.cancel();
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Closes the socket when the time is up.
  void expires_after(std::chrono::milliseconds after) { set(Clock::now() + after, false); }
  // Cancels the pending read when the time is up (read_timed_out() tells).
  void read_expires_after(std::chrono::milliseconds after) { set(Clock::now() + after, true); }
  void expires_never() { state_->deadline = Clock::time_point::max(); }
  bool read_timed_out() const { return state_->fired && state_->cancel_only; }

  tcp::socket socket;

 private:
  struct State {
    explicit State(tcp::socket& s) : socket(&s), timer(s.get_executor()) {}
    tcp::socket* socket;
    asio::steady_timer timer;
    Clock::time_point deadline = Clock::time_point::max();
    Clock::time_point armed_at;
    uint64_t generation = 0;  // of the wait in flight; an older wait's completion is stale
    bool armed = false;
    bool cancel_only = false;
    bool fired = false;
  };

  void set(Clock::time_point deadline, bool cancel_only) {
    state_->deadline = deadline;
    state_->cancel_only = cancel_only;
    state_->fired = false;
    if (!state_->armed || deadline < state_->armed_at) arm(state_, deadline);
  }

  static void arm(const std::shared_ptr<State>& state, Clock::time_point at) {
    state->armed = true;
    state->armed_at = at;
    const uint64_t generation = ++state->generation;
    state->timer.expires_at(at);
    state->timer.async_wait([state, generation](const boost::system::error_code& ec) {
      if (generation != state->generation) return;
      state->armed = false;
      if (ec || !state->socket || state->deadline == Clock::time_point::max()) return;
      if (Clock::now() < state->deadline) {
        arm(state, state->deadline);
        return;
      }
      state->fired = true;
      boost::system::error_code ignored;
      if (state->cancel_only) state->socket->cancel(ignored);
      else state->socket->close(ignored);
    });
  }

  std::shared_ptr<State> state_;
};

class WireBodyReader final : public http::BodyReader {
 public:
  WireBodyReader(Connection& stream, beast::flat_buffer& buffer, RequestParser& parser,
                 bool expect_continue, const SessionLimits& limits)
      : stream_(stream), buffer_(buffer), parser_(parser), expect_continue_(expect_continue), limits_(limits) {}

  asio::awaitable<size_t> read_some(std::span<char> buf) override {
    if (parser_.is_done() || buf.empty()) co_return 0;
    if (broken_) throw AwsError(400, "IncompleteBody", "The request body terminated unexpectedly");
    if (expect_continue_ && !continue_sent_) {
      continue_sent_ = true;
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(limits_.write_timeout);
      auto [ec, n] = co_await asio::async_write(stream_.socket, asio::buffer(kContinue.data(), kContinue.size()), kTuple);
      if (ec) fail(ec);
    }
    for (;;) {
      auto& body = parser_.body();
      body.data = buf.data();
      body.size = buf.size();
      boost::system::error_code ec;
      size_t used = 0;
      if (buffer_.size() > 0) {
        // Body bytes that came with the header (all of a small body, usually) are parsed
        // here: Beast's read would complete through a post and a trip through the scheduler.
        used = parser_.put(buffer_.data(), ec);
        buffer_.consume(used);
        if (ec == bhttp::error::need_more || ec == bhttp::error::need_buffer) ec = {};
      }
      if (used == 0 && !ec) {
        reserve_for_body();
        stream_.read_expires_after(limits_.read_timeout);
        auto [read_ec, n] = co_await bhttp::async_read_some(stream_.socket, buffer_, parser_, kTuple);
        const bool timed_out = stream_.read_timed_out();
        stream_.expires_never();
        ec = read_ec;
        if (ec == bhttp::error::need_buffer) ec = {};
        if (timed_out) ec = beast::error::timeout;
      }
      if (ec) fail(ec);
      size_t got = buf.size() - parser_.body().size;
      received_ += got;
      if (received_ > limit_) {
        broken_ = true;
        throw AwsError(413, "RequestEntityTooLarge", "Request entity too large");
      }
      if (got > 0 || parser_.is_done()) co_return got;
    }
  }

  std::optional<uint64_t> content_length() const override {
    auto len = parser_.content_length();
    if (!len) return std::nullopt;
    return *len;
  }
  bool done() const override { return parser_.is_done(); }

  void set_limit(uint64_t limit) { limit_ = limit; }
  bool broken() const { return broken_; }
  bool continue_sent() const { return continue_sent_; }
  bool expects_continue() const { return expect_continue_; }

  // Reads away what the handler left unread, up to max bytes; true when the body ended.
  asio::awaitable<bool> drain(uint64_t max) {
    std::vector<char> scratch(64 * 1024);
    uint64_t drained = 0;
    try {
      while (!parser_.is_done()) {
        size_t n = co_await read_some(std::span<char>(scratch.data(), scratch.size()));
        drained += n;
        if (drained > max) co_return false;
      }
    } catch (const AwsError&) {
      co_return false;
    }
    co_return true;
  }

 private:
  // Beast sizes each socket read by the buffer's spare room (at least 512 bytes, at most
  // 64 KiB), and a buffer that only ever held a header block has little: a 1 MiB body then
  // arrived in ~2,000 reads, each a syscall and a coroutine round trip through the scheduler.
  // Room for the rest of the body (up to 64 KiB) makes that 16.
  void reserve_for_body() {
    constexpr uint64_t kMaxRead = 64 * 1024;
    uint64_t want = kMaxRead;
    if (auto left = parser_.content_length_remaining()) want = std::min<uint64_t>(kMaxRead, *left);
    if (buffer_.capacity() - buffer_.size() < want) buffer_.reserve(buffer_.size() + static_cast<size_t>(want));
  }

  [[noreturn]] void fail(const boost::system::error_code& ec) {
    broken_ = true;
    spdlog::debug("request body read failed: {}", ec.message());
    if (ec == beast::error::timeout)
      throw AwsError(400, "RequestTimeout",
                     "Your socket connection to the server was not read from or written to within the timeout "
                     "period. Idle connections will be closed.");
    throw AwsError(400, "IncompleteBody", "The request body terminated unexpectedly");
  }

  Connection& stream_;
  beast::flat_buffer& buffer_;
  RequestParser& parser_;
  bool expect_continue_;
  const SessionLimits& limits_;
  bool continue_sent_ = false;
  bool broken_ = false;
  uint64_t received_ = 0;
  uint64_t limit_ = UINT64_MAX;
};

// Reads until the parser holds the request's header block: bhttp::async_read_header with
// the same errors and read sizes, one socket read per step with no composed operation
// around it. A header that was already in the buffer (a pipelined request) yields to the
// thread's other connections first, as Beast's read did: a client that keeps a pipeline
// full must not hold the thread.
asio::awaitable<boost::system::error_code> read_header(tcp::socket& socket, beast::flat_buffer& buffer,
                                                      RequestParser& parser) {
  boost::system::error_code ec;
  if (buffer.size() > 0) co_await asio::post(socket.get_executor(), asio::use_awaitable);
  while (!parser.is_header_done()) {
    if (buffer.size() > 0) {
      ec = {};
      const size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (ec && ec != bhttp::error::need_more) co_return ec;
      const bool progressed = !ec && used > 0;
      ec = {};
      if (progressed) continue;
    }
    const size_t room = std::min(std::max<size_t>(512, buffer.capacity() - buffer.size()),
                                 std::min<size_t>(65536, buffer.max_size() - buffer.size()));
    if (room == 0) co_return bhttp::error::buffer_overflow;
    auto [read_ec, n] = co_await socket.async_read_some(buffer.prepare(room), kTuple);
    buffer.commit(n);
    if (read_ec == asio::error::eof) {
      if (!parser.got_some()) co_return bhttp::error::end_of_stream;
      parser.put_eof(ec);
      co_return ec;
    }
    if (read_ec) co_return read_ec;
  }
  co_return ec;
}

// The Date header changes once a second; formatting it for every answer showed in profiles.
const std::string& current_http_date() {
  thread_local int64_t second = -1;
  thread_local std::string text;
  const int64_t now = now_millis() / 1000;
  if (now != second) {
    second = now;
    text = http_date(now * 1000);
  }
  return text;
}

template <class Message>
void fill_header(Message& msg, const http::Response& res, bool keep_alive) {
  msg.version(11);
  msg.result(static_cast<unsigned>(res.status));
  msg.reason(http::status_reason(res.status));
  for (const auto& [name, value] : res.headers) msg.insert(name, value);
  if (!res.headers.has("Date")) msg.set(bhttp::field::date, current_http_date());
  msg.keep_alive(keep_alive);
}

// A header line with any CR or LF taken out (no response splitting through a value).
void append_field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  // Two memchr scans: string_view::find_first_of calls memchr once per character.
  if (value.find('\r') == std::string_view::npos && value.find('\n') == std::string_view::npos) {
    out += value;
  } else {
    for (char c : value)
      if (c != '\r' && c != '\n') out += c;
  }
  out += "\r\n";
}

// The body of a source that hands out its bytes in place (BodySource::next_piece), written
// straight from there: for a 1 MiB S3 object, one socket write instead of four copies
// through a 256 KiB buffer. nullopt: the source has no pieces (read it with read_some).
asio::awaitable<std::optional<bool>> write_pieces(Connection& stream, http::BodySource& source,
                                                  uint64_t length, const SessionLimits& limits) {
  auto next = [&source]() -> std::optional<std::span<const char>> {
    try {
      return source.next_piece();
    } catch (const std::exception& e) {
      // The status line is out: all we can do is cut the connection short.
      spdlog::warn("response body failed mid-stream: {}", e.what());
      return std::span<const char>();
    }
  };
  auto piece = next();
  if (!piece) co_return std::nullopt;
  for (uint64_t left = length;; piece = next()) {
    if (piece->empty()) co_return left == 0;
    if (piece->size() > left) co_return false;  // longer than announced
    left -= piece->size();
    stream.expires_after(limits.write_timeout);
    auto [ec, n] = co_await asio::async_write(stream.socket, asio::buffer(piece->data(), piece->size()), kTuple);
    if (ec) co_return false;
  }
}

bool status_has_body(int status) { return status >= 200 && status != 204 && status != 304; }

asio::awaitable<bool> write_response(Connection& stream, const http::Request& req, http::Response& res,
                                     bool keep_alive, bool http11, const SessionLimits& limits) {
  stream.expires_after(limits.write_timeout);
  if (req.method == "HEAD") {
    bhttp::response<bhttp::empty_body> msg;
    fill_header(msg, res, keep_alive);
    if (status_has_body(res.status) && !res.headers.has("Content-Length"))
      msg.content_length(res.head_length.value_or(res.stream_length.value_or(res.body.size())));
    auto [ec, n] = co_await bhttp::async_write(stream.socket, msg, kTuple);
    co_return !ec;
  }
  if (!res.stream) {
    // Most answers are a small body in memory: write the head we format ourselves and the
    // body in one gather write (Beast's serializer cost more than the rest of a GetItem).
    std::string head;
    head.reserve(128 + res.headers.size() * 48);
    head += "HTTP/1.1 ";
    head += std::to_string(res.status);
    head += ' ';
    head += http::status_reason(res.status);
    head += "\r\n";
    for (const auto& [name, value] : res.headers) {
      if (iequals(name, "Content-Length") || iequals(name, "Connection") || iequals(name, "Transfer-Encoding"))
        continue;
      append_field(head, name, value);
    }
    if (!res.headers.has("Date")) append_field(head, "Date", current_http_date());
    if (status_has_body(res.status)) append_field(head, "Content-Length", std::to_string(res.body.size()));
    if (!keep_alive) head += "Connection: close\r\n";
    else if (!http11) head += "Connection: keep-alive\r\n";
    head += "\r\n";
    // Written at once when the socket takes it all (a small answer always does: the socket
    // is non-blocking); only what is left waits for an asynchronous write.
    boost::system::error_code ec;
    const size_t total = head.size() + res.body.size();
    size_t done = stream.socket.write_some(std::array<asio::const_buffer, 2>{asio::buffer(head), asio::buffer(res.body)}, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) ec = {};
    if (ec) co_return false;
    if (done == total) co_return true;
    std::array<asio::const_buffer, 2> rest{asio::buffer(head) + done, asio::buffer(res.body) + (done > head.size() ? done - head.size() : 0)};
    auto [write_ec, n] = co_await asio::async_write(stream.socket, rest, kTuple);
    co_return !write_ec;
  }
  bhttp::response<bhttp::buffer_body> msg;
  fill_header(msg, res, keep_alive);
  if (res.stream_length) {
    msg.content_length(*res.stream_length);
  } else {
    msg.chunked(true);
  }
  msg.body().data = nullptr;
  msg.body().more = true;
  bhttp::response_serializer<bhttp::buffer_body> sr(msg);
  {
    auto [ec, n] = co_await bhttp::async_write_header(stream.socket, sr, kTuple);
    if (ec) co_return false;
  }
  if (res.stream_length) {
    if (auto written = co_await write_pieces(stream, *res.stream, *res.stream_length, limits)) co_return *written;
  }
  // Not zero-filled (a vector's would be), and no larger than the body.
  const size_t chunk_size = static_cast<size_t>(std::min<uint64_t>(256 * 1024, res.stream_length.value_or(256 * 1024) + 1));
  auto chunk = std::make_unique_for_overwrite<char[]>(chunk_size);
  for (;;) {
    size_t n = 0;
    try {
      n = co_await res.stream->read_some(std::span<char>(chunk.get(), chunk_size));
    } catch (const std::exception& e) {
      // The status line is out: all we can do is cut the connection short.
      spdlog::warn("response body failed mid-stream: {}", e.what());
      co_return false;
    }
    msg.body().data = n ? chunk.get() : nullptr;
    msg.body().size = n;
    msg.body().more = n > 0;
    stream.expires_after(limits.write_timeout);
    auto [ec, w] = co_await bhttp::async_write(stream.socket, sr, kTuple);
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) co_return false;
    if (n == 0) break;
  }
  co_return true;
}

// A bare answer for requests too broken to route (bad syntax, oversized header block).
asio::awaitable<void> write_bare_error(Connection& stream, int status, std::string_view code,
                                       std::string_view message, const SessionLimits& limits) {
  bhttp::response<bhttp::string_body> msg;
  msg.version(11);
  msg.result(static_cast<unsigned>(status));
  msg.set(bhttp::field::content_type, "application/xml");
  msg.set(bhttp::field::date, current_http_date());
  msg.body() = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + std::string(code) + "</Code><Message>" +
               std::string(message) + "</Message></Error>";
  msg.keep_alive(false);
  msg.prepare_payload();
  stream.expires_after(limits.write_timeout);
  co_await bhttp::async_write(stream.socket, msg, kTuple);
}

void split_target(std::string_view target, http::Request& req) {
  // Absolute-form targets (proxies): keep only the path and query.
  if (target.starts_with("http://") || target.starts_with("https://")) {
    auto scheme_end = target.find("://") + 3;
    auto path_start = target.find('/', scheme_end);
    target = path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
  }
  auto q = target.find('?');
  req.path = std::string(target.substr(0, q));
  req.query = q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
  if (req.path.empty()) req.path = "/";
}

}  // namespace

asio::awaitable<void> run_session(tcp::socket socket, Dispatcher& dispatcher, SessionLimits limits) {
  boost::system::error_code ec_ep;
  auto endpoint = socket.remote_endpoint(ec_ep);
  const std::string remote = ec_ep ? std::string() : endpoint.address().to_string();
  socket.set_option(tcp::no_delay(true), ec_ep);
  Connection stream(std::move(socket));
  stream.socket.non_blocking(true, ec_ep);  // for the direct writes of write_response
  beast::flat_buffer buffer;

  for (;;) {
    http::Request req;
    RequestParser parser(req);
    parser.header_limit(limits.header_bytes);
    parser.body_limit(boost::none);
    stream.expires_after(limits.idle_timeout);
    const auto ec = co_await read_header(stream.socket, buffer, parser);
    if (ec) {
      if (ec == bhttp::error::header_limit) {
        co_await write_bare_error(stream, 400, "RequestHeaderSectionTooLarge",
                                  "Your request header section exceeds the maximum allowed size.", limits);
      } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                 ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        co_await write_bare_error(stream, 400, "BadRequest", "An error occurred when parsing the HTTP request.",
                                  limits);
      }
      break;
    }

    dispatcher.exchange_begins();
    struct ExchangeEnd {
      Dispatcher& d;
      ~ExchangeEnd() { d.exchange_ends(); }
    } exchange_end{dispatcher};

    split_target(req.target, req);
    req.params = http::parse_query(req.query);
    req.remote_address = remote;
    req.received_ms = now_millis();
    const bool expect_continue = iequals(trim(parser.expect().value_or("")), "100-continue");
    const bool client_keep_alive = parser.wants_keep_alive();
    const bool http11 = parser.version() >= 11;

    WireBodyReader body(stream, buffer, parser, expect_continue, limits);
    req.body = &body;
    stream.expires_never();  // a handler may wait (long polls, invokes); reads and writes set their own
    http::Response res = co_await dispatcher.dispatch(req, [&body](uint64_t limit) { body.set_limit(limit); });

    bool keep_alive = client_keep_alive && !res.close_connection && !dispatcher.stopping();
    if (!parser.is_done()) {
      // The handler answered without reading the whole body. Unless the client is still
      // waiting for 100 Continue, read the rest away (a little) to keep the connection.
      if (body.broken() || (body.expects_continue() && !body.continue_sent())) {
        keep_alive = false;
      } else if (keep_alive) {
        body.set_limit(UINT64_MAX);
        keep_alive = co_await body.drain(limits.drain_bytes);
      }
    }
    const bool written = co_await write_response(stream, req, res, keep_alive, http11, limits);
    if (!written || !keep_alive) break;
    // A large body grew the buffer; an idle keep-alive connection should not keep that.
    if (buffer.capacity() > kIdleBufferBytes && buffer.size() < kIdleBufferBytes) buffer.shrink_to_fit();
  }
  boost::system::error_code ignored;
  stream.expires_never();
  stream.socket.shutdown(tcp::socket::shutdown_send, ignored);
  stream.socket.close(ignored);
}

}  // namespace bunker::server
