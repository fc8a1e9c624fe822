#pragma once
// The Lambda Runtime API (2018-06-01) served to workers on Bunker's own port. A worker's
// AWS_LAMBDA_RUNTIME_API is host:port/2018-06-01/runtime/<token>, so its requests arrive
// as /2018-06-01/runtime/<token>/2018-06-01/runtime/{invocation/next, invocation/<id>/
// response, invocation/<id>/error, init/error} and name the worker they come from.
#include <boost/asio/awaitable.hpp>

#include <string_view>

#include "bunker/http/message.h"

namespace bunker::runtime {

class RuntimeManager;

// True for the paths this API serves.
bool is_runtime_api_path(std::string_view path);

boost::asio::awaitable<http::Response> handle_runtime_api(RuntimeManager& manager, http::Request& request);

}  // namespace bunker::runtime
