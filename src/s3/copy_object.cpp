// CopyObject and UploadPartCopy: the source named by x-amz-copy-source, its
// x-amz-copy-source-if-* conditions, and a server-side streaming copy of its bytes.
#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/checksums.h"
#include "s3/acl.h"
#include "s3/errors.h"
#include "s3/multipart.h"
#include "s3/object_headers.h"
#include "s3/operations.h"
#include "s3/preconditions.h"
#include "s3/tags.h"

namespace bunker::s3 {
namespace {

constexpr const char* kXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";
constexpr uint64_t kMaxCopySource = 5ull << 30;

struct Source {
  std::string bucket;
  std::string key;
  ReadView view;
  ObjectRecord record;
};

Source load_source(const Call& call) {
  std::string text = uri_decode(call.header_or("x-amz-copy-source"));
  std::string_view s = text;
  std::string version;
  if (auto q = s.find("?versionId="); q != std::string_view::npos) {
    version = std::string(s.substr(q + 11));
    s = s.substr(0, q);
  }
  if (s.starts_with('/')) s.remove_prefix(1);
  auto slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == s.size())
    throw invalid_argument("Invalid copy source object key", "x-amz-copy-source", call.header_or("x-amz-copy-source"));
  Source src;
  src.bucket = std::string(s.substr(0, slash));
  src.key = std::string(s.substr(slash + 1));
  if (!version.empty() && version != "null")
    throw invalid_argument("Invalid version id specified", "x-amz-copy-source", call.header_or("x-amz-copy-source"));
  call.engine.buckets.get(src.bucket);
  src.view = call.engine.objects.read_view();
  auto rec = call.engine.objects.get(src.bucket, src.key, src.view.snapshot.get());
  if (!rec) throw no_such_key(src.key);
  src.record = std::move(*rec);
  auto cond = evaluate_conditions(call.req.headers, src.record, "x-amz-copy-source-");
  if (cond.outcome != Precondition::kProceed) throw precondition_failed(cond.failed_header);
  return src;
}

struct Copied {
  std::string md5;       // raw
  std::string checksum;  // raw
};

// Copies [begin, end) of the source into `writer`, digesting as it goes.
Copied copy_bytes(const Engine& engine, const Source& src, uint64_t begin, uint64_t end, DataWriter& writer,
                  ChecksumAlgorithm algorithm) {
  ObjectStream stream(engine.data, src.view, src.record.segments, begin, end);
  Digest md5d(Digest::Algorithm::kMd5);
  Digest sum(digest_algorithm(algorithm));
  std::vector<char> buf(DataStore::kChunkSize);
  for (;;) {
    size_t n = stream.read(std::span<char>(buf.data(), buf.size()));
    if (n == 0) break;
    std::string_view piece(buf.data(), n);
    md5d.update(piece);
    sum.update(piece);
    writer.write(piece);
  }
  return Copied{md5d.finish(), sum.finish()};
}

}  // namespace

awaitable<http::Response> copy_object(Call& call) {
  auto bucket = call.bucket_record();
  // The copy gets the ACL of this request, not the source's.
  NewObjectAcl acl = acl_for_new_object(*bucket, call.req.headers, call.owner);
  Source src = load_source(call);
  if (src.record.size > kMaxCopySource)
    throw invalid_request("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120");
  const std::string directive(call.header_or("x-amz-metadata-directive", "COPY"));
  const std::string tag_directive(call.header_or("x-amz-tagging-directive", "COPY"));
  if (directive != "COPY" && directive != "REPLACE") throw invalid_argument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
  if (tag_directive != "COPY" && tag_directive != "REPLACE") throw invalid_argument("Unknown tagging directive.", "x-amz-tagging-directive", tag_directive);

  std::optional<ChecksumAlgorithm> new_algorithm;
  if (auto a = call.header("x-amz-checksum-algorithm")) {
    new_algorithm = parse_checksum_name(*a);
    if (!new_algorithm) throw invalid_request("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
  }
  const bool same = src.bucket == call.bucket && src.key == call.key;
  if (same && directive == "COPY" && !call.header("x-amz-storage-class") &&
      !call.header("x-amz-website-redirect-location") && !call.header("x-amz-server-side-encryption") &&
      !new_algorithm)
    throw invalid_request("This copy request is illegal because it is trying to copy an object to itself without "
                          "changing the object's metadata, storage class, website redirect location or encryption "
                          "attributes.");

  ObjectRecord rec;
  if (directive == "REPLACE") {
    read_object_headers(call.req.headers, rec, false);
  } else {
    rec = src.record;
    rec.segments.clear();
    rec.parts.clear();
    read_storage_class(call.req.headers, rec);
    if (auto w = call.header("x-amz-website-redirect-location")) rec.website_redirect = std::string(*w);
    else rec.website_redirect.clear();
  }
  rec.tags = src.record.tags;
  if (tag_directive == "REPLACE") rec.tags = parse_tagging_header(call.header_or("x-amz-tagging"));
  rec.owner_id = std::move(acl.owner_id);
  rec.acl = std::move(acl.acl);
  rec.size = src.record.size;
  rec.last_modified_ms = now_millis();

  const ChecksumAlgorithm algorithm =
      new_algorithm.value_or(parse_checksum_name(src.record.checksum_algorithm).value_or(ChecksumAlgorithm::kCrc64Nvme));
  storage::WriteBatch batch;
  std::optional<DataWriter> writer;
  if (same && !new_algorithm) {
    // Only the record changes: the new record keeps the same data.
    rec.segments = src.record.segments;
    rec.parts = src.record.parts;
    rec.etag = src.record.etag;
    rec.checksum_algorithm = src.record.checksum_algorithm;
    rec.checksum_type = src.record.checksum_type;
    rec.checksum_value = src.record.checksum_value;
  } else {
    writer.emplace(call.engine.data);
    Copied c = copy_bytes(call.engine, src, 0, src.record.size, *writer, algorithm);
    Segment seg = writer->finish(batch);
    if (seg.data_id) rec.segments.push_back(seg);
    rec.etag = hex_encode(c.md5);
    rec.checksum_algorithm = std::string(checksum_name(algorithm));
    rec.checksum_type = "FULL_OBJECT";
    rec.checksum_value = base64_encode(c.checksum);
  }
  call.engine.objects.put(call.bucket, call.key, rec, batch);
  if (writer) writer->committed();

  XmlWriter w;
  w.open("CopyObjectResult", kXmlns).element("ETag", rec.quoted_etag()).element("LastModified", iso8601_millis(rec.last_modified_ms));
  if (rec.checksum_type == "FULL_OBJECT")
    if (auto a = parse_checksum_name(rec.checksum_algorithm)) {
      w.element("ChecksumType", rec.checksum_type);
      w.element(checksum_xml_member(*a), rec.checksum_value);
    }
  http::Response res = call.xml(200, w.finish());
  res.headers.add("x-amz-server-side-encryption", "AES256");
  co_return res;
}

awaitable<http::Response> upload_part_copy(Call& call) {
  const uint32_t number = part_number_param(call);
  UploadRecord up = find_upload(call);
  Source src = load_source(call);
  uint64_t begin = 0, end = src.record.size;
  if (auto r = call.header("x-amz-copy-source-range")) {
    ByteRange range = parse_copy_range(*r, src.record.size);
    begin = range.begin;
    end = range.end;
  }
  if (end - begin > kMaxCopySource)
    throw invalid_request("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120");
  const ChecksumAlgorithm algorithm = *parse_checksum_name(up.object.checksum_algorithm);
  DataWriter writer(call.engine.data);
  Copied c = copy_bytes(call.engine, src, begin, end, writer, algorithm);
  storage::WriteBatch batch;
  PartRecord part;
  part.number = number;
  part.data = writer.finish(batch);
  part.size = end - begin;
  part.etag = hex_encode(c.md5);
  part.last_modified_ms = now_millis();
  part.checksum_algorithm = up.object.checksum_algorithm;
  part.checksum_value = base64_encode(c.checksum);
  if (!call.engine.uploads.put_part(up, part, batch)) throw no_such_upload(up.upload_id);
  writer.committed();

  XmlWriter w;
  w.open("CopyPartResult", kXmlns).element("ETag", "\"" + part.etag + "\"").element("LastModified", iso8601_millis(part.last_modified_ms));
  if (up.checksum_declared) w.element(checksum_xml_member(algorithm), part.checksum_value);
  http::Response res = call.xml(200, w.finish());
  res.headers.add("x-amz-server-side-encryption", "AES256");
  co_return res;
}

}  // namespace bunker::s3
