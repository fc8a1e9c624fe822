#include "s3/presign.h"

#include "bunker/core/clock.h"
#include "bunker/core/strings.h"
#include "s3/errors.h"

namespace bunker::s3 {
namespace {

AwsError expired() { return AwsError(403, "AccessDenied", "Request has expired"); }

AwsError query_error(std::string message) {
  return AwsError(400, "AuthorizationQueryParametersError", std::move(message));
}

}  // namespace

void check_presigned(const http::Request& req) {
  const int64_t now = now_millis();
  if (http::query_param(req.params, "X-Amz-Algorithm")) {
    auto date = http::query_param(req.params, "X-Amz-Date");
    auto expires = http::query_param(req.params, "X-Amz-Expires");
    if (!date || !expires)
      throw query_error(
          "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, "
          "X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
    long long seconds = 0;
    if (!parse_int64(*expires, seconds)) throw query_error("X-Amz-Expires should be a number");
    if (seconds < 0) throw query_error("X-Amz-Expires must be non-negative");
    if (seconds > 604800) throw query_error("X-Amz-Expires must be less than a week (in seconds) that is 604800");
    auto signed_at = parse_amz_date(*date);
    if (!signed_at) throw query_error("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    const int64_t expiry = *signed_at + seconds * 1000;
    if (now > expiry)
      throw expired()
          .field("X-Amz-Expires", std::string(*expires))
          .field("Expires", iso8601_seconds(expiry))
          .field("ServerTime", iso8601_seconds(now));
    return;
  }
  if (http::query_param(req.params, "Signature") && http::query_param(req.params, "AWSAccessKeyId")) {
    auto expires = http::query_param(req.params, "Expires");
    long long epoch = 0;
    if (!expires || !parse_int64(*expires, epoch)) return;
    if (now / 1000 > epoch)
      throw expired()
          .field("Expires", iso8601_seconds(epoch * 1000))
          .field("ServerTime", iso8601_seconds(now));
  }
}

}  // namespace bunker::s3
