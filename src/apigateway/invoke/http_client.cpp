#include "apigateway/invoke/http_client.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <chrono>

#include "bunker/core/strings.h"

namespace bunker::apigateway {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// Parses status line, headers and the body framing from the bytes read so far.
InboundResponse parse_response(const std::string& raw, size_t limit) {
  InboundResponse r;
  size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) throw HttpClientError("malformed response from the integration endpoint");
  std::string_view head(raw.data(), head_end);
  size_t line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  auto sp = status_line.find(' ');
  if (sp == std::string_view::npos || !status_line.starts_with("HTTP/"))
    throw HttpClientError("malformed status line from the integration endpoint");
  long long code = 0;
  if (!parse_int64(status_line.substr(sp + 1, 3), code)) throw HttpClientError("malformed status code");
  r.status = static_cast<int>(code);
  size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t e = head.find("\r\n", pos);
    if (e == std::string_view::npos) e = head.size();
    std::string_view line = head.substr(pos, e - pos);
    auto colon = line.find(':');
    if (colon != std::string_view::npos)
      r.headers.add(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    pos = e + 2;
  }
  std::string_view body(raw.data() + head_end + 4, raw.size() - head_end - 4);
  if (iequals(r.headers.get_or("Transfer-Encoding", ""), "chunked")) {
    std::string decoded;
    size_t p = 0;
    while (p < body.size()) {
      size_t e = body.find("\r\n", p);
      if (e == std::string_view::npos) break;
      std::string_view size_text = body.substr(p, e - p);
      if (auto semi = size_text.find(';'); semi != std::string_view::npos) size_text = size_text.substr(0, semi);
      size_t n = std::stoul(std::string(trim(size_text)), nullptr, 16);
      p = e + 2;
      if (n == 0) break;
      if (p + n > body.size()) throw HttpClientError("truncated chunked body from the integration endpoint");
      decoded.append(body.substr(p, n));
      if (decoded.size() > limit) throw HttpClientError("integration response too large");
      p += n + 2;
    }
    r.body = std::move(decoded);
    r.headers.remove("Transfer-Encoding");
  } else if (auto cl = r.headers.get("Content-Length")) {
    long long n = 0;
    if (!parse_int64(trim(*cl), n) || n < 0) throw HttpClientError("bad Content-Length from the integration endpoint");
    r.body = std::string(body.substr(0, std::min<size_t>(static_cast<size_t>(n), body.size())));
  } else {
    r.body = std::string(body);
  }
  return r;
}

// True once `raw` holds a whole response: headers, then a Content-Length body or the last
// chunk of a chunked one (or no body at all for HEAD and 1xx/204/304).
bool response_complete(const std::string& raw, bool head) {
  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  if (head) return true;
  const std::string head_lower = to_lower(std::string_view(raw).substr(0, head_end));
  if (head_lower.starts_with("http/1.1 204") || head_lower.starts_with("http/1.1 304")) return true;
  if (head_lower.find("\r\ntransfer-encoding: chunked") != std::string::npos)
    return raw.size() >= head_end + 9 && raw.ends_with("0\r\n\r\n");
  const size_t cl = head_lower.find("\r\ncontent-length:");
  if (cl == std::string::npos) return false;  // read to the end of the connection
  long long n = 0;
  const size_t eol = head_lower.find("\r\n", cl + 2);
  if (!parse_int64(trim(std::string_view(head_lower).substr(cl + 17, eol - cl - 17)), n)) return false;
  return raw.size() >= head_end + 4 + static_cast<size_t>(n);
}

// What the timeout can reach: closing the socket (or cancelling a name lookup) ends the
// exchange's pending operation. Shared with the timer's handler, which may run after the
// request's frame is gone.
struct Connection {
  explicit Connection(const asio::any_io_executor& ex) : socket(ex), resolver(ex) {}
  tcp::socket socket;
  tcp::resolver resolver;
  bool timed_out = false;
};

asio::awaitable<InboundResponse> exchange(const ParsedUrl& url, const OutboundRequest& req, Connection& conn) {
  tcp::socket& socket = conn.socket;
  // An address literal (the usual local backend) needs no resolver, whose lookups hop
  // through a thread of their own.
  boost::system::error_code literal_error;
  const auto address = asio::ip::make_address(url.host, literal_error);
  long long port = 0;
  if (!literal_error && parse_int64(url.port, port) && port > 0 && port < 65536) {
    co_await socket.async_connect(tcp::endpoint(address, static_cast<unsigned short>(port)), asio::use_awaitable);
  } else {
    auto endpoints = co_await conn.resolver.async_resolve(url.host, url.port, asio::use_awaitable);
    co_await asio::async_connect(socket, endpoints, asio::use_awaitable);
  }

  std::string head = req.method + " " + url.target + " HTTP/1.1\r\n";
  bool has_host = false;
  for (const auto& [k, v] : req.headers) {
    if (iequals(k, "Connection") || iequals(k, "Content-Length") || iequals(k, "Transfer-Encoding")) continue;
    if (iequals(k, "Host")) has_host = true;
    head += k + ": " + v + "\r\n";
  }
  if (!has_host) head += "Host: " + url.host + (url.port == "80" ? "" : ":" + url.port) + "\r\n";
  if (!req.body.empty() || (req.method != "GET" && req.method != "HEAD"))
    head += "Content-Length: " + std::to_string(req.body.size()) + "\r\n";
  head += "Connection: close\r\n\r\n";
  std::array<asio::const_buffer, 2> out{asio::buffer(head), asio::buffer(req.body)};
  co_await asio::async_write(socket, out, asio::use_awaitable);

  std::string raw;
  std::array<char, 16384> buf;
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    raw.append(buf.data(), n);
    if (raw.size() > req.max_response_bytes + 65536) throw HttpClientError("integration response too large");
    if (ec) break;  // eof (Connection: close) or reset: parse what arrived
    if (response_complete(raw, req.method == "HEAD")) break;  // for servers that keep the socket open
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  InboundResponse r = parse_response(raw, req.max_response_bytes);
  if (req.method == "HEAD") r.body.clear();
  co_return r;
}

}  // namespace

bool parse_http_url(std::string_view url, ParsedUrl& out) {
  std::string_view rest;
  if (url.starts_with("http://")) {
    out.scheme = "http";
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    out.scheme = "https";
    rest = url.substr(8);
  } else {
    return false;
  }
  size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (out.target.front() == '?') out.target = "/" + out.target;
  if (authority.empty()) return false;
  if (authority.front() == '[') {  // IPv6 literal
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    out.host = std::string(authority.substr(1, close - 1));
    out.port = close + 2 <= authority.size() ? std::string(authority.substr(close + 2)) : "";
  } else {
    size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    out.port = colon == std::string_view::npos ? "" : std::string(authority.substr(colon + 1));
  }
  if (out.port.empty()) out.port = out.scheme == "https" ? "443" : "80";
  return !out.host.empty();
}

asio::awaitable<InboundResponse> http_fetch(OutboundRequest request) {
  ParsedUrl url;
  if (!parse_http_url(request.url, url)) throw HttpClientError("invalid integration URI " + request.url);
  if (url.scheme != "http") throw HttpClientError("https integration endpoints are not supported by Bunker");
  // The request's executor (a strand) runs the timer's handler too, so closing the
  // socket never races the exchange. A plain timer callback instead of racing two
  // coroutines: that race (spawned branches, a cancelled wait's exception) cost a quarter
  // of an HTTP integration.
  auto ex = co_await asio::this_coro::executor;
  auto conn = std::make_shared<Connection>(ex);
  asio::steady_timer timer(ex, std::chrono::milliseconds(request.timeout_ms));
  timer.async_wait([conn](const boost::system::error_code& ec) {
    if (ec) return;
    conn->timed_out = true;
    boost::system::error_code ignored;
    conn->socket.close(ignored);
    conn->resolver.cancel();
  });
  std::exception_ptr failure;
  InboundResponse response;
  try {
    response = co_await exchange(url, request, *conn);
  } catch (...) {
    failure = std::current_exception();
  }
  timer.cancel();
  if (conn->timed_out) throw HttpClientError("integration endpoint timed out", true);
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const HttpClientError&) {
      throw;
    } catch (const std::exception& e) {
      throw HttpClientError(std::string("integration endpoint unreachable: ") + e.what());
    }
  }
  co_return response;
}

}  // namespace bunker::apigateway
