#include "bunker/protocol/auth_errors.h"

#include <string>

namespace bunker::protocol {
namespace {

constexpr const char* kSignatureMismatchJson =
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access "
    "Key and signing method. Consult the service documentation for details.";
constexpr const char* kInvalidToken = "The security token included in the request is invalid.";
constexpr const char* kMissingToken = "Request is missing Authentication Token";

AwsError s3_error(AuthFailure f, std::string_view detail) {
  switch (f) {
    case AuthFailure::kMissing: return AwsError(403, "AccessDenied", "Access Denied");
    case AuthFailure::kMalformed:
      return AwsError(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; " + std::string(detail));
    case AuthFailure::kUnknownKey:
      return AwsError(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
          .field("AWSAccessKeyId", std::string(detail));
    case AuthFailure::kSignatureMismatch:
      return AwsError(403, "SignatureDoesNotMatch",
                      "The request signature we calculated does not match the signature you provided. Check your key "
                      "and signing method.");
    case AuthFailure::kExpired: return AwsError(403, "AccessDenied", "Request has expired");
    case AuthFailure::kTimeSkew:
      return AwsError(403, "RequestTimeTooSkewed",
                      "The difference between the request time and the current time is too large.");
    case AuthFailure::kPayloadHashMismatch:
      return AwsError(400, "XAmzContentSHA256Mismatch",
                      "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  return AwsError(403, "AccessDenied", "Access Denied");
}

// JSON and REST-JSON services share Coral's names; only the status differs.
AwsError coral_error(int status, AuthFailure f, std::string_view detail) {
  switch (f) {
    case AuthFailure::kMissing: return AwsError(status, "MissingAuthenticationTokenException", kMissingToken);
    case AuthFailure::kMalformed: return AwsError(status, "IncompleteSignatureException", std::string(detail));
    case AuthFailure::kUnknownKey: return AwsError(status, "UnrecognizedClientException", kInvalidToken);
    case AuthFailure::kSignatureMismatch:
    case AuthFailure::kPayloadHashMismatch: return AwsError(status, "InvalidSignatureException", kSignatureMismatchJson);
    case AuthFailure::kExpired:
    case AuthFailure::kTimeSkew: return AwsError(status, "InvalidSignatureException", "Signature expired: " + std::string(detail));
  }
  return AwsError(status, "UnrecognizedClientException", kInvalidToken);
}

AwsError query_error(AuthFailure f, std::string_view detail) {
  switch (f) {
    case AuthFailure::kMissing: return AwsError(403, "MissingAuthenticationToken", kMissingToken);
    case AuthFailure::kMalformed: return AwsError(400, "IncompleteSignature", std::string(detail));
    case AuthFailure::kUnknownKey: return AwsError(403, "InvalidClientTokenId", kInvalidToken);
    case AuthFailure::kSignatureMismatch:
    case AuthFailure::kPayloadHashMismatch: return AwsError(403, "SignatureDoesNotMatch", kSignatureMismatchJson);
    case AuthFailure::kExpired:
    case AuthFailure::kTimeSkew: return AwsError(403, "SignatureDoesNotMatch", "Signature expired: " + std::string(detail));
  }
  return AwsError(403, "InvalidClientTokenId", kInvalidToken);
}

}  // namespace

AwsError auth_error(std::string_view service, AuthFailure failure, std::string_view detail) {
  if (service == "s3" || service == "s3-website") return s3_error(failure, detail);
  if (service == "dynamodb" || service == "dynamodbstreams" || service == "logs" || service == "events")
    return coral_error(400, failure, detail);
  if (service == "iam" || service == "sts") return query_error(failure, detail);
  return coral_error(403, failure, detail);  // lambda, apigateway
}

}  // namespace bunker::protocol
