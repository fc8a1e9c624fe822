#include "s3/errors.h"

namespace bunker::s3 {

AwsError no_such_bucket(std::string_view bucket) {
  return AwsError(404, "NoSuchBucket", "The specified bucket does not exist").field("BucketName", std::string(bucket));
}

AwsError no_such_key(std::string_view key) {
  return AwsError(404, "NoSuchKey", "The specified key does not exist.").field("Key", std::string(key));
}

AwsError no_such_upload(std::string_view upload_id) {
  return AwsError(404, "NoSuchUpload",
                  "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
                  "aborted or completed.")
      .field("UploadId", std::string(upload_id));
}

AwsError invalid_bucket_name(std::string_view bucket) {
  return AwsError(400, "InvalidBucketName", "The specified bucket is not valid.").field("BucketName", std::string(bucket));
}

AwsError invalid_argument(std::string_view message, std::string_view name, std::string_view value) {
  AwsError e(400, "InvalidArgument", std::string(message));
  if (!name.empty()) e.field("ArgumentName", std::string(name)).field("ArgumentValue", std::string(value));
  return e;
}

AwsError invalid_request(std::string_view message) { return AwsError(400, "InvalidRequest", std::string(message)); }

AwsError malformed_xml() {
  return AwsError(400, "MalformedXML",
                  "The XML you provided was not well-formed or did not validate against our published schema");
}

AwsError method_not_allowed(std::string_view method, std::string_view resource_type) {
  return AwsError(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
      .field("Method", std::string(method))
      .field("ResourceType", std::string(resource_type));
}

AwsError not_implemented(std::string_view what) {
  AwsError e(501, "NotImplemented", "A header you provided implies functionality that is not implemented");
  if (!what.empty()) e.field("Header", std::string(what));
  return e;
}

AwsError precondition_failed(std::string_view condition) {
  return AwsError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
      .field("Condition", std::string(condition));
}

AwsError invalid_range(std::string_view range, uint64_t size) {
  return AwsError(416, "InvalidRange", "The requested range is not satisfiable")
      .field("RangeRequested", std::string(range))
      .field("ActualObjectSize", std::to_string(size));
}

AwsError bad_digest_md5(std::string_view expected_b64, std::string_view calculated_b64) {
  return AwsError(400, "BadDigest", "The Content-MD5 you specified did not match what we received.")
      .field("ExpectedDigest", std::string(expected_b64))
      .field("CalculatedDigest", std::string(calculated_b64));
}

AwsError invalid_digest(std::string_view given) {
  return AwsError(400, "InvalidDigest", "The Content-MD5 you specified was invalid.")
      .field("Content-MD5", std::string(given));
}

AwsError checksum_mismatch(std::string_view algorithm) {
  return AwsError(400, "BadDigest",
                  "The " + std::string(algorithm) + " you specified did not match the calculated checksum.");
}

AwsError entity_too_large(uint64_t proposed, uint64_t max) {
  return AwsError(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
      .field("ProposedSize", std::to_string(proposed))
      .field("MaxSizeAllowed", std::to_string(max));
}

AwsError access_denied() { return AwsError(403, "AccessDenied", "Access Denied"); }

}  // namespace bunker::s3
