#pragma once
// AWS service integrations against Bunker's own services, called in-process through
// their public engine interfaces: DynamoDB actions (dynamodb:action/PutItem…) and S3
// objects (s3:path/{bucket}/{key} with GET, PUT, HEAD; DELETE and listings are not
// offered by S3's in-process interface and answer 500). Other services answer API
// Gateway's 500, as an unreachable service would.
#include <boost/asio/awaitable.hpp>

#include "apigateway/integration_uri.h"
#include "apigateway/invoke/rest_invoke.h"

namespace bunker::apigateway {

boost::asio::awaitable<IntegrationResult> call_aws_service(InvokeServices& svc, const Invocation& inv,
                                                           const AwsServiceUri& uri, const Integration& integration,
                                                           const BackendRequest& req);

}  // namespace bunker::apigateway
