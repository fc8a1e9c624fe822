// PutObject, GetObject, HeadObject, DeleteObject.
#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/acl.h"
#include "s3/checksums.h"
#include "s3/errors.h"
#include "s3/object_headers.h"
#include "s3/operations.h"
#include "s3/preconditions.h"
#include "s3/upload_body.h"

namespace bunker::s3 {
namespace {

constexpr uint64_t kMaxPutSize = 5ull << 30;

void check_key(const Call& call) {
  if (call.key.size() > 1024) throw AwsError(400, "KeyTooLongError", "Your key is too long")
      .field("Size", std::to_string(call.key.size()))
      .field("MaxSizeAllowed", "1024");
}

}  // namespace

awaitable<http::Response> put_object(Call& call) {
  auto bucket = call.bucket_record();
  check_key(call);
  if (auto len = call.req.body->content_length(); len && *len > kMaxPutSize && !call.header("x-amz-decoded-content-length"))
    throw entity_too_large(*len, kMaxPutSize);
  ObjectRecord rec;
  read_object_headers(call.req.headers, rec);
  // Owner and ACL from the bucket record already in hand (no extra read on this path).
  NewObjectAcl acl = acl_for_new_object(*bucket, call.req.headers, call.owner);
  rec.owner_id = std::move(acl.owner_id);
  rec.acl = std::move(acl.acl);
  // Fail fast on a write condition before the body is read; checked again at commit.
  if (call.header("if-none-match") || call.header("if-match"))
    check_write_conditions(call.req.headers, call.engine.objects.get(call.bucket, call.key), call.key);

  DataWriter writer(call.engine.data);
  ReceivedBody body = co_await receive_body(call, writer);
  // Sized for the last chunk plus the record and a replaced object's range deletion, so
  // the batch does not copy a megabyte to grow.
  storage::WriteBatch batch(writer.buffered() + 4096);
  Segment seg = writer.finish(batch);
  if (seg.data_id) rec.segments.push_back(seg);
  rec.size = body.size;
  rec.etag = hex_encode(body.md5);
  rec.last_modified_ms = now_millis();
  rec.checksum_algorithm = std::string(checksum_name(body.algorithm));
  rec.checksum_type = "FULL_OBJECT";
  rec.checksum_value = base64_encode(body.checksum);
  if (call.header("if-none-match") || call.header("if-match"))
    check_write_conditions(call.req.headers, call.engine.objects.get(call.bucket, call.key), call.key);
  call.engine.objects.put(call.bucket, call.key, rec, batch);
  writer.committed();
  call.written = ObjectInfo{rec.size, rec.quoted_etag(), rec.last_modified_ms, rec.content_type};

  http::Response res = call.empty(200);
  res.headers.add("ETag", rec.quoted_etag());
  res.headers.add("x-amz-server-side-encryption", "AES256");
  write_checksum_headers(rec, res.headers);
  co_return res;
}

awaitable<http::Response> get_object(Call& call) {
  call.bucket_record();
  ReadView view = call.engine.objects.read_view();
  auto rec = call.engine.objects.get(call.bucket, call.key, view.snapshot.get());
  if (!rec) throw no_such_key(call.key);
  co_return object_response(call.engine, call.req, std::move(view), *rec);
}

awaitable<http::Response> head_object(Call& call) {
  call.bucket_record();
  auto rec = call.engine.objects.get(call.bucket, call.key);
  if (!rec) throw no_such_key(call.key);
  co_return object_response(call.engine, call.req, ReadView{}, *rec);
}

awaitable<http::Response> delete_object(Call& call) {
  call.bucket_record();
  if (auto im = call.header("if-match")) {
    auto rec = call.engine.objects.get(call.bucket, call.key);
    if (!rec) throw no_such_key(call.key);
    if (trim(*im) != "*" && trim(*im) != rec->quoted_etag() && trim(*im) != rec->etag) throw precondition_failed("If-Match");
  }
  call.engine.objects.remove(call.bucket, call.key);
  co_return call.empty(204);
}

}  // namespace bunker::s3
