#pragma once
// One S3 request as the operations see it: the bucket and key it addresses, the caller's
// owner, and helpers for S3-shaped answers.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "bunker/http/message.h"
#include "s3/engine.h"
#include "s3/owners.h"

namespace bunker::s3 {

using boost::asio::awaitable;

struct Call {
  http::Request& req;
  Engine& engine;
  std::string bucket;
  std::string key;
  bool has_key = false;
  Owner owner;
  // The object a write stored, for its event notification (which otherwise reads it back).
  std::optional<ObjectInfo> written;

  std::optional<std::string_view> param(std::string_view name) const { return http::query_param(req.params, name); }
  bool has_param(std::string_view name) const { return param(name).has_value(); }
  std::optional<std::string_view> header(std::string_view name) const { return req.headers.get(name); }
  std::string_view header_or(std::string_view name, std::string_view fallback = {}) const {
    return req.headers.get_or(name, fallback);
  }
  BucketPtr bucket_record() const { return engine.buckets.get(bucket); }
  // The region the request was sent to.
  const std::string& region() const { return req.caller.region; }

  http::Response xml(int status, std::string body) const;
  http::Response empty(int status) const;
};

using Operation = awaitable<http::Response> (*)(Call&);

// Parses an integer query parameter S3-style (InvalidArgument when not a non-negative int).
std::optional<long long> int_param(const Call& call, std::string_view name, long long max_value);

// EncodingType=url as S3 writes keys and prefixes: form encoding (space as '+'), '/' kept.
std::string url_encode_key(std::string_view key);

}  // namespace bunker::s3
