#pragma once
// The REST-XML protocol as S3 speaks it: XML bodies, <Error> envelopes, the
// x-amz-request-id / x-amz-id-2 pair on every answer, and no body on HEAD.
#include <string>

#include "bunker/core/aws_error.h"
#include "bunker/http/message.h"

namespace bunker::protocol {

// Adds x-amz-request-id and x-amz-id-2 to a response.
void add_s3_request_headers(const http::Request& request, http::Response& response);

http::Response xml_response(const http::Request& request, int status, std::string xml_body);
// <Error><Code/><Message/>[fields…]<RequestId/><HostId/></Error>; empty body for HEAD.
http::Response s3_error(const http::Request& request, const AwsError& error);

}  // namespace bunker::protocol
