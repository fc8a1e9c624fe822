#pragma once
// A small HTTP/1.1 client for HTTP and HTTP_PROXY integrations: one request per
// connection (Connection: close), Content-Length or chunked bodies, a deadline for the
// whole exchange. Plain http:// only (Bunker has no TLS client); https:// URIs fail with
// HttpClientError, which API Gateway answers as an integration failure.
#include <boost/asio/awaitable.hpp>

#include <stdexcept>
#include <string>

#include "bunker/http/headers.h"

namespace bunker::apigateway {

struct OutboundRequest {
  std::string method;
  std::string url;  // http://host[:port]/path?query
  http::Headers headers;
  std::string body;
  int timeout_ms = 29000;
  size_t max_response_bytes = 10u << 20;
};

struct InboundResponse {
  int status = 0;
  http::Headers headers;
  std::string body;
};

class HttpClientError : public std::runtime_error {
 public:
  HttpClientError(std::string message, bool timed_out = false)
      : std::runtime_error(std::move(message)), timed_out_(timed_out) {}
  bool timed_out() const noexcept { return timed_out_; }

 private:
  bool timed_out_;
};

boost::asio::awaitable<InboundResponse> http_fetch(OutboundRequest request);

// Splits "http://host:port/p?q" into its parts; false for anything else.
struct ParsedUrl {
  std::string scheme, host, port, target;
};
bool parse_http_url(std::string_view url, ParsedUrl& out);

}  // namespace bunker::apigateway
