#pragma once
// AWS Signature Version 4: reading the caller's credential scope from the Authorization
// header or a presigned query, and (in --verify-signatures mode) recomputing the signature.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bunker/http/message.h"

namespace bunker::sigv4 {

struct Authorization {
  enum class Kind { kHeader, kPresigned, kSigV2Header, kSigV2Presigned };
  Kind kind = Kind::kHeader;
  std::string access_key;
  std::string date;     // scope date, YYYYMMDD
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;  // lowercase, as listed
  std::string signature;
  std::string amz_date;  // X-Amz-Date (header or query), or Date
  long long expires_seconds = 0;  // presigned X-Amz-Expires / SigV2 Expires epoch
  std::string security_token;
  std::string scope() const { return date + "/" + region + "/" + service + "/aws4_request"; }
};

// nullopt for an anonymous request, and also for a malformed Authorization header (use
// parse_checked to tell the two apart).
std::optional<Authorization> parse(const http::Request& request);

struct MalformedAuthorization {
  std::string message;
};
// Like parse, but reports a malformed header instead of treating it as anonymous.
std::optional<Authorization> parse_checked(const http::Request& request, MalformedAuthorization* error);

// The canonical request for `request` under `auth`; `payload_hash` is the hex SHA-256 of
// the body or one of the literal markers (UNSIGNED-PAYLOAD, STREAMING-…).
// S3 signs the path as sent; every other service signs it URI-encoded once more.
std::string canonical_request(const http::Request& request, const Authorization& auth, std::string_view payload_hash,
                              bool s3_style_path);
std::string string_to_sign(const Authorization& auth, std::string_view canonical_request);
std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service);
// Hex HMAC-SHA256 signature.
std::string sign(std::string_view signing_key, std::string_view string_to_sign);

// S3's legacy Signature Version 2 (still what boto3 presigns with by default): the string
// to sign for header ("AWS AKID:sig") and query (AWSAccessKeyId/Signature/Expires) forms,
// and the base64 HMAC-SHA1 signature. `bucket` is the virtual-host bucket, if any.
std::string sigv2_string_to_sign(const http::Request& request, const Authorization& auth, std::string_view bucket);
std::string sigv2_sign(std::string_view secret, std::string_view string_to_sign);

}  // namespace bunker::sigv4
