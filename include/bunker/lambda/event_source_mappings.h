#pragma once
// The Lambda operations under /2015-03-31/event-source-mappings (Create, Get, List,
// Update, DeleteEventSourceMapping) are served by the event-source module; the Lambda
// service routes those paths to whoever provides this interface in Engines and renders
// its AwsErrors in Lambda's REST-JSON form.
#include <boost/asio/awaitable.hpp>

#include <string>

#include "bunker/http/message.h"

namespace bunker::lambda {

class EventSourceMappingApi {
 public:
  virtual ~EventSourceMappingApi() = default;
  static bool is_mapping_path(std::string_view path) {
    return path.starts_with("/2015-03-31/event-source-mappings");
  }
  // `body` is the request body already read; account and region are the caller's.
  virtual boost::asio::awaitable<http::Response> handle(http::Request& request, std::string body,
                                                        std::string account, std::string region) = 0;
};

}  // namespace bunker::lambda
