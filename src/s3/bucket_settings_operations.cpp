// The bucket settings Bunker has no feature behind, read back as S3 reads them back for a
// bucket that has none configured (Terraform and CDK read every one of them after creating
// a bucket): GetBucketAccelerateConfiguration, GetBucketLogging, GetBucketRequestPayment
// (and its Put for the one payer that means something locally), GetBucketReplication and
// DeleteBucketReplication, GetObjectLockConfiguration. Their other Puts stay NotImplemented
// (routing.cpp), so none of these settings can be set and the empty answers stay true.
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/errors.h"
#include "s3/operations.h"
#include "s3/upload_body.h"
#include "s3/xml_input.h"

namespace bunker::s3 {
namespace {

constexpr std::string_view kXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

http::Response empty_document(const Call& call, std::string_view root) {
  XmlWriter w;
  w.raw("<" + std::string(root) + " xmlns=\"" + std::string(kXmlns) + "\"/>");
  return call.xml(200, w.finish());
}

}  // namespace

// Transfer acceleration never set: an AccelerateConfiguration without a Status.
awaitable<http::Response> get_bucket_accelerate_configuration(Call& call) {
  call.bucket_record();
  co_return empty_document(call, "AccelerateConfiguration");
}

// Server access logging off: a BucketLoggingStatus without LoggingEnabled.
awaitable<http::Response> get_bucket_logging(Call& call) {
  call.bucket_record();
  co_return empty_document(call, "BucketLoggingStatus");
}

awaitable<http::Response> get_bucket_request_payment(Call& call) {
  call.bucket_record();
  XmlWriter w;
  w.open("RequestPaymentConfiguration", kXmlns).element("Payer", "BucketOwner");
  co_return call.xml(200, w.finish());
}

// The bucket owner pays for everything locally, so BucketOwner is accepted (it is what
// every bucket already has); Requester Pays has no meaning without billing.
awaitable<http::Response> put_bucket_request_payment(Call& call) {
  call.bucket_record();
  std::string body = co_await read_small_body(call, 64 * 1024);
  XmlDocument doc(body);
  auto root = doc.root("RequestPaymentConfiguration");
  std::string payer = std::string(trim(text_of(root, "Payer")));
  if (payer == "Requester") throw not_implemented();
  if (payer != "BucketOwner") throw malformed_xml();
  co_return call.empty(200);
}

awaitable<http::Response> get_bucket_replication(Call& call) {
  call.bucket_record();
  throw AwsError(404, "ReplicationConfigurationNotFoundError", "The replication configuration was not found")
      .field("BucketName", call.bucket);
}

// No bucket has a replication configuration, so there is never one to remove: S3 answers
// 204 for a bucket without one too.
awaitable<http::Response> delete_bucket_replication(Call& call) {
  call.bucket_record();
  co_return call.empty(204);
}

awaitable<http::Response> get_object_lock_configuration(Call& call) {
  call.bucket_record();
  throw AwsError(404, "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket")
      .field("BucketName", call.bucket);
}

}  // namespace bunker::s3
