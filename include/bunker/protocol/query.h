#pragma once
// The AWS Query protocol (IAM, STS, and later SNS/SQS): form-encoded Action=…&Version=…
// requests (POST body or GET query), XML answers wrapped as
// <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata><RequestId/>…
#include <boost/asio/awaitable.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bunker/core/aws_error.h"
#include "bunker/http/message.h"

namespace bunker::protocol {

struct QueryRequest {
  std::string action;
  std::string version;
  http::QueryParams params;  // every parameter, Action and Version included
  std::optional<std::string_view> get(std::string_view name) const { return http::query_param(params, name); }

  // A list member serialised as Name.member.1, Name.member.2, … (Query's list form),
  // ordered by index. Empty when absent or sent as the empty list ("Name=").
  std::vector<std::string> list(std::string_view name) const;
  // A list of structures: Name.member.N.Field=value, one map (Field -> value) per N.
  std::vector<std::map<std::string, std::string>> structure_list(std::string_view name) const;
  // True when the list parameter is present at all (even as the empty list).
  bool has_list(std::string_view name) const;
};

// Reads the parameters from the query string and, for POST, the form body.
boost::asio::awaitable<QueryRequest> read_query_request(http::Request& request, size_t body_limit);

// Wraps result_xml (the members of <ActionResult>). Actions whose model has an output
// shape always carry <ActionResult> (an empty one when it has no members: SDKs look for
// it); actions without one (has_result false) answer with ResponseMetadata alone.
http::Response query_response(const http::Request& request, std::string_view action, std::string_view xmlns,
                              std::string_view result_xml, bool has_result = true);
// <ErrorResponse xmlns><Error><Type>Sender|Receiver</Type><Code/><Message/></Error><RequestId/>
http::Response query_error(const http::Request& request, std::string_view xmlns, const AwsError& error);

}  // namespace bunker::protocol
