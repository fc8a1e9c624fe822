// CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation,
// GetBucketVersioning, GetBucketEncryption.
#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/acl.h"
#include "s3/bucket_names.h"
#include "s3/errors.h"
#include "s3/operations.h"
#include "s3/upload_body.h"
#include "s3/xml_input.h"

namespace bunker::s3 {
namespace {

constexpr const char* kXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

bool looks_like_region(std::string_view r) {
  if (r.size() < 6 || r.size() > 30) return false;
  for (char c : r)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return r.find('-') != std::string_view::npos;
}

}  // namespace

awaitable<http::Response> list_buckets(Call& call) {
  long long max_buckets = 10000;
  if (auto v = call.param("max-buckets")) {
    if (!parse_int64(*v, max_buckets) || max_buckets < 1 || max_buckets > 10000)
      throw invalid_argument("Argument max-buckets must be an integer between 1 and 10000", "max-buckets", *v);
  }
  std::string prefix(call.param("prefix").value_or(""));
  std::string region_filter(call.param("bucket-region").value_or(""));
  std::string after;
  if (auto token = call.param("continuation-token")) {
    auto decoded = base64_decode(*token);
    if (!decoded) throw invalid_argument("The continuation token provided is incorrect", "continuation-token", *token);
    after = *decoded;
  }
  XmlWriter w;
  w.open("ListAllMyBucketsResult", kXmlns);
  w.open("Buckets");
  const bool paginated = call.has_param("max-buckets") || call.has_param("continuation-token");
  long long count = 0;
  std::string last;
  bool truncated = false;
  for (const auto& b : call.engine.buckets.list()) {
    if (b->account_id != call.req.caller.account_id) continue;
    if (!b->name.starts_with(prefix) || (!after.empty() && b->name <= after)) continue;
    if (!region_filter.empty() && b->region != region_filter) continue;
    if (count == max_buckets) {
      truncated = true;
      break;
    }
    w.open("Bucket")
        .element("Name", b->name)
        .element("CreationDate", iso8601_millis(b->created_ms))
        .element("BucketRegion", b->region)
        .close();
    last = b->name;
    ++count;
  }
  w.close();
  w.open("Owner").element("ID", call.owner.id).element("DisplayName", call.owner.display_name).close();
  if (paginated && truncated) w.element("ContinuationToken", base64_encode(last));
  if (call.has_param("prefix")) w.element("Prefix", prefix);
  co_return call.xml(200, w.finish());
}

awaitable<http::Response> create_bucket(Call& call) {
  if (!is_valid_bucket_name(call.bucket)) throw invalid_bucket_name(call.bucket);
  // Object Lock is not implemented: a bucket asked to have it is refused rather than made
  // without it (GetObjectLockConfiguration would then deny what the caller asked for).
  if (to_lower(trim(call.header_or("x-amz-bucket-object-lock-enabled"))) == "true")
    throw not_implemented("x-amz-bucket-object-lock-enabled");
  std::string body = co_await read_small_body(call, 64 * 1024);
  std::string constraint;
  if (!trim(body).empty()) {
    XmlDocument doc(body);
    auto root = doc.root("CreateBucketConfiguration");
    constraint = text_of(root, "LocationConstraint");
  }
  const std::string& endpoint_region = call.region();
  if (!constraint.empty()) {
    if (constraint == "us-east-1" || !looks_like_region(constraint)) {
      throw AwsError(400, "InvalidLocationConstraint", "The specified location-constraint is not valid")
          .field("LocationConstraint", constraint);
    }
    if (constraint != endpoint_region && endpoint_region != "us-east-1")
      throw AwsError(400, "IllegalLocationConstraintException",
                     "The " + constraint + " location constraint is incompatible for the region specific endpoint this "
                     "request was sent to.");
  } else if (endpoint_region != "us-east-1") {
    throw AwsError(400, "IllegalLocationConstraintException",
                   "The unspecified location constraint is incompatible for the region specific endpoint this request "
                   "was sent to.");
  }
  BucketRecord rec;
  rec.name = call.bucket;
  rec.owner_id = call.owner.id;
  // A bucket made today: ACLs disabled unless x-amz-object-ownership says otherwise, and
  // all four Block Public Access settings on.
  rec.object_ownership = std::string(kBucketOwnerEnforced);
  if (auto o = call.header("x-amz-object-ownership")) {
    auto value = parse_object_ownership(*o);
    // Assumed wording: S3 refuses a value outside the enum as an invalid argument.
    if (!value) throw invalid_argument("Invalid x-amz-object-ownership header: " + std::string(*o),
                                       "x-amz-object-ownership", *o);
    rec.object_ownership = std::string(*value);
  }
  rec.public_access_block = PublicAccessBlock{true, true, true, true};
  if (auto acl = acl_from_headers(call.req.headers, true)) {
    Grants grants = expand(*acl, rec.owner_id, rec.owner_id, true);
    // An ACL that gives anything to anyone but the owner needs ACLs enabled; without
    // x-amz-object-ownership the bucket would have them disabled.
    if (rec.acls_disabled() && !only_owner(grants, rec.owner_id)) throw invalid_bucket_acl_with_ownership();
    // The new bucket's BlockPublicAcls refuses a public ACL at creation as it would after.
    if (is_public(grants)) throw access_denied();
    if (!(grants.size() == 1 && grants[0].permission == "FULL_CONTROL" && only_owner(grants, rec.owner_id)))
      rec.acl = std::move(grants);
  }
  rec.account_id = call.req.caller.account_id;
  rec.region = constraint.empty() ? "us-east-1" : constraint;
  rec.created_ms = now_millis();
  bool created = false;
  auto existing = call.engine.buckets.create(rec, &created);
  if (!created) {
    if (existing->account_id != rec.account_id)
      throw AwsError(409, "BucketAlreadyExists",
                     "The requested bucket name is not available. The bucket namespace is shared by all users of the "
                     "system. Please select a different name and try again.")
          .field("BucketName", call.bucket);
    // us-east-1 answers the owner's repeated create with 200 (a legacy S3 behaviour).
    if (!(existing->region == "us-east-1" && rec.region == "us-east-1"))
      throw AwsError(409, "BucketAlreadyOwnedByYou",
                     "Your previous request to create the named bucket succeeded and you already own it.")
          .field("BucketName", call.bucket);
  }
  http::Response res = call.empty(200);
  res.headers.add("Location", "/" + call.bucket);
  co_return res;
}

awaitable<http::Response> delete_bucket(Call& call) {
  call.bucket_record();
  if (!call.engine.objects.bucket_empty(call.bucket))
    throw AwsError(409, "BucketNotEmpty", "The bucket you tried to delete is not empty").field("BucketName", call.bucket);
  call.engine.uploads.abort_all(call.bucket);
  call.engine.buckets.remove(call.bucket);
  co_return call.empty(204);
}

awaitable<http::Response> head_bucket(Call& call) {
  auto b = call.bucket_record();
  http::Response res = call.empty(200);
  res.headers.add("x-amz-bucket-region", b->region);
  res.headers.add("x-amz-access-point-alias", "false");
  co_return res;
}

awaitable<http::Response> get_bucket_location(Call& call) {
  auto b = call.bucket_record();
  XmlWriter w;
  if (b->region == "us-east-1") {
    w.raw(std::string("<LocationConstraint xmlns=\"") + kXmlns + "\"/>");
  } else {
    w.open("LocationConstraint", kXmlns).raw(xml_escape(b->region));
  }
  co_return call.xml(200, w.finish());
}

awaitable<http::Response> get_bucket_versioning(Call& call) {
  call.bucket_record();
  // Versioning is not supported: every bucket is unversioned, which S3 reports as an
  // empty configuration.
  XmlWriter w;
  w.raw(std::string("<VersioningConfiguration xmlns=\"") + kXmlns + "\"/>");
  co_return call.xml(200, w.finish());
}

awaitable<http::Response> get_bucket_encryption(Call& call) {
  call.bucket_record();
  // S3 encrypts every new object with SSE-S3 by default and reports it so.
  XmlWriter w;
  w.open("ServerSideEncryptionConfiguration", kXmlns)
      .open("Rule")
      .open("ApplyServerSideEncryptionByDefault")
      .element("SSEAlgorithm", "AES256")
      .close()
      .element("BucketKeyEnabled", "false");
  co_return call.xml(200, w.finish());
}

}  // namespace bunker::s3
