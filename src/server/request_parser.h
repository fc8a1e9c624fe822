#pragma once
// Beast's HTTP/1 request parser, writing the request line and header fields straight into
// an http::Request. bhttp::request_parser first built Beast's own field container (one
// allocation and an index insertion per field), which the session then copied field by
// field into the Request: a tenth of a small request's instructions. The body behaves as
// bhttp::buffer_body's: the reader points body().data at room for it.
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/rfc7230.hpp>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "bunker/http/message.h"

namespace bunker::server {

class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  explicit RequestParser(http::Request& request) : request_(request) {}

  boost::beast::http::buffer_body::value_type& body() { return body_; }
  int version() const { return version_; }
  // As bhttp::message::keep_alive: from the first Connection field and the version.
  bool wants_keep_alive() const {
    const auto connection = first_value(connection_);
    if (version_ < 11) return connection && boost::beast::http::token_list{*connection}.exists("keep-alive");
    return !connection || !boost::beast::http::token_list{*connection}.exists("close");
  }
  // The first Expect field's value, if any.
  std::optional<std::string_view> expect() const { return first_value(expect_); }

 private:
  void on_request_impl(boost::beast::http::verb, string_view method, string_view target, int version,
                       error_code&) override {
    request_.method.assign(method.data(), method.size());
    request_.target.assign(target.data(), target.size());
    version_ = version;
  }
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(boost::beast::http::field field, string_view name, string_view value, error_code&) override {
    // Beast has already told the field by name: its two the session asks for are noted
    // here, saving a search of the fields for each.
    if (field == boost::beast::http::field::connection && connection_ == kNone) connection_ = request_.headers.size();
    else if (field == boost::beast::http::field::expect && expect_ == kNone) expect_ = request_.headers.size();
    request_.headers.add(std::string(name.data(), name.size()), std::string(value.data(), value.size()));
  }
  void on_header_impl(error_code& ec) override { ec = {}; }
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code& ec) override { ec = {}; }
  std::size_t on_body_impl(string_view body, error_code& ec) override { return put_body(body, ec); }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code& ec) override {
    return put_body(body, ec);
  }
  void on_finish_impl(error_code& ec) override { ec = {}; }

  // bhttp::buffer_body::reader::put.
  std::size_t put_body(string_view bytes, error_code& ec) {
    if (!body_.data) {
      ec = boost::beast::http::error::need_buffer;
      return 0;
    }
    const std::size_t n = std::min(body_.size, bytes.size());
    if (n > 0) std::memcpy(body_.data, bytes.data(), n);
    body_.data = static_cast<char*>(body_.data) + n;
    body_.size -= n;
    if (n == bytes.size()) ec = {};
    else ec = boost::beast::http::error::need_buffer;
    return n;
  }

  static constexpr std::size_t kNone = ~std::size_t{0};
  // Fields are found by position: a view taken at parse time would not survive the field
  // vector's growth.
  std::optional<std::string_view> first_value(std::size_t index) const {
    if (index == kNone) return std::nullopt;
    return std::string_view((request_.headers.begin() + static_cast<std::ptrdiff_t>(index))->second);
  }

  http::Request& request_;
  boost::beast::http::buffer_body::value_type body_;
  int version_ = 11;
  std::size_t connection_ = kNone;
  std::size_t expect_ = kNone;
};

}  // namespace bunker::server
