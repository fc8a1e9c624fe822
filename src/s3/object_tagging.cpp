// Put/Get/DeleteObjectTagging (tags set at upload come from x-amz-tagging; see object_headers.cpp).
#include "s3/errors.h"
#include "s3/operations.h"
#include "s3/tags.h"
#include "s3/upload_body.h"

namespace bunker::s3 {
namespace {

void check_version(const Call& call) {
  if (auto v = call.param("versionId"); v && *v != "null")
    throw invalid_argument("Invalid version id specified", "versionId", *v);
}

http::Response with_version(const Call& call, http::Response res) {
  if (call.has_param("versionId")) res.headers.add("x-amz-version-id", "null");
  return res;
}

}  // namespace

awaitable<http::Response> put_object_tagging(Call& call) {
  call.bucket_record();
  check_version(call);
  std::string body = co_await read_small_body(call);
  Pairs tags = parse_tagging_xml(body, 10, true);
  if (!call.engine.objects.update(call.bucket, call.key, [&](ObjectRecord& r) { r.tags = tags; }))
    throw no_such_key(call.key);
  co_return with_version(call, call.empty(200));
}

awaitable<http::Response> get_object_tagging(Call& call) {
  call.bucket_record();
  check_version(call);
  auto rec = call.engine.objects.get(call.bucket, call.key);
  if (!rec) throw no_such_key(call.key);
  co_return with_version(call, call.xml(200, tagging_xml(rec->tags)));
}

awaitable<http::Response> delete_object_tagging(Call& call) {
  call.bucket_record();
  check_version(call);
  if (!call.engine.objects.update(call.bucket, call.key, [](ObjectRecord& r) { r.tags.clear(); }))
    throw no_such_key(call.key);
  co_return with_version(call, call.empty(204));
}

}  // namespace bunker::s3
