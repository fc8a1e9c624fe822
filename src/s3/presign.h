#pragma once
// Presigned URLs expire even when signatures are not verified: a URL past its
// X-Amz-Date + X-Amz-Expires (SigV4) or Expires (SigV2) is refused with AccessDenied
// "Request has expired", as S3 does, so tests of expiry behave as on AWS.
#include "bunker/http/message.h"

namespace bunker::s3 {

void check_presigned(const http::Request& request);

}  // namespace bunker::s3
