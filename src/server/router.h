#pragma once
// Decides which service a request is for, before anything reads its body. In order:
//  1. Bunker's own paths (/_bunker/…, /_localstack/…);
//  2. the Host header: <api>.execute-api.<base>, <bucket>.s3-website.<base>,
//     <bucket>.s3.<base>, s3.<base>, <service>.<region>.amazonaws.com, <bucket>.<base>
//     (base: localhost, localhost.localstack.cloud, or AWS's own names);
//  3. X-Amz-Target (DynamoDB_20120810.*, DynamoDBStreams_20120810.*, Logs_20140328.*, …);
//  4. API Gateway's path form for invoking a stage (/restapis/<id>/<stage>/_user_request_/…);
//  5. the SigV4 credential scope's service (Authorization header or presigned query);
//  6. path prefixes (Lambda's /2015-03-31/…, the Runtime API, API Gateway's /restapis, /v2/apis…);
//  7. otherwise S3, path-style.
#include <string>
#include <string_view>

#include "bunker/http/message.h"
#include "bunker/protocol/sigv4.h"

namespace bunker::server {

struct Route {
  std::string service;     // "s3", "s3-website", "dynamodb", "dynamodbstreams", "lambda", "logs",
                           // "apigateway", "execute-api", "iam", "sts", "events", "internal"
  std::string host_label;  // bucket or API id from a virtual-host name
  std::string reason;      // which rule decided (for logs and tests)
};

Route route_request(const http::Request& request, const sigv4::Authorization* auth);

}  // namespace bunker::server
