// CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload,
// ListParts, ListMultipartUploads. (UploadPartCopy is in copy_object.cpp.)
#include <algorithm>

#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/acl.h"
#include "s3/checksums.h"
#include "s3/errors.h"
#include "s3/multipart.h"
#include "s3/object_headers.h"
#include "s3/operations.h"
#include "s3/preconditions.h"
#include "s3/upload_body.h"
#include "s3/xml_input.h"

namespace bunker::s3 {
namespace {

constexpr const char* kXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";
constexpr uint64_t kMinPartSize = 5ull << 20;
constexpr uint64_t kMaxPartSize = 5ull << 30;

std::string strip_quotes(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return std::string(s);
}

void owner_xml(XmlWriter& w, const char* element, const Owner& o) {
  w.open(element).element("ID", o.id).element("DisplayName", o.display_name).close();
}

}  // namespace

uint32_t part_number_param(const Call& call) {
  auto v = call.param("partNumber").value_or("");
  long long n = 0;
  if (!parse_int64(v, n) || n < 1 || n > 10000)
    throw invalid_argument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", v);
  return static_cast<uint32_t>(n);
}

UploadRecord find_upload(const Call& call) {
  call.bucket_record();
  std::string upload_id(call.param("uploadId").value_or(""));
  auto upload = call.engine.uploads.get(call.bucket, call.key, upload_id);
  if (!upload) throw no_such_upload(upload_id);
  return *upload;
}

void add_part_checksum_headers(const UploadRecord& upload, const PartRecord& part, bool declared_by_part,
                               http::Headers& out) {
  if (!upload.checksum_declared && !declared_by_part) return;
  if (auto a = parse_checksum_name(part.checksum_algorithm); a && !part.checksum_value.empty())
    out.add(std::string(checksum_header(*a)), part.checksum_value);
}

awaitable<http::Response> create_multipart_upload(Call& call) {
  auto bucket = call.bucket_record();
  NewObjectAcl acl = acl_for_new_object(*bucket, call.req.headers, call.owner);
  UploadRecord up;
  up.bucket = call.bucket;
  up.key = call.key;
  up.upload_id = UploadStore::new_upload_id();
  up.initiated_ms = now_millis();
  up.initiator_id = call.owner.id;
  read_object_headers(call.req.headers, up.object);
  up.object.owner_id = std::move(acl.owner_id);
  up.object.acl = std::move(acl.acl);
  auto algorithm_header = call.header("x-amz-checksum-algorithm");
  auto type_header = call.header("x-amz-checksum-type");
  ChecksumAlgorithm algorithm = ChecksumAlgorithm::kCrc64Nvme;
  if (algorithm_header) {
    auto a = parse_checksum_name(*algorithm_header);
    if (!a) throw invalid_request("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
    algorithm = *a;
    up.checksum_declared = true;
  }
  std::string type = algorithm == ChecksumAlgorithm::kCrc64Nvme ? "FULL_OBJECT" : "COMPOSITE";
  if (type_header) {
    if (*type_header != "COMPOSITE" && *type_header != "FULL_OBJECT")
      throw invalid_request("Value for x-amz-checksum-type header is invalid.");
    if (!algorithm_header) throw invalid_request("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
    type = std::string(*type_header);
    if (type == "FULL_OBJECT" && !is_crc(algorithm))
      throw invalid_request("The FULL_OBJECT checksum type cannot be used with the " +
                            to_lower(checksum_name(algorithm)) + " checksum algorithm.");
    if (type == "COMPOSITE" && algorithm == ChecksumAlgorithm::kCrc64Nvme)
      throw invalid_request("The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.");
  }
  up.object.checksum_algorithm = std::string(checksum_name(algorithm));
  up.object.checksum_type = type;
  call.engine.uploads.create(up);

  XmlWriter w;
  w.open("InitiateMultipartUploadResult", kXmlns)
      .element("Bucket", call.bucket)
      .element("Key", call.key)
      .element("UploadId", up.upload_id);
  http::Response res = call.xml(200, w.finish());
  if (up.checksum_declared) {
    res.headers.add("x-amz-checksum-algorithm", up.object.checksum_algorithm);
    res.headers.add("x-amz-checksum-type", type);
  }
  res.headers.add("x-amz-server-side-encryption", "AES256");
  co_return res;
}

awaitable<http::Response> upload_part(Call& call) {
  const uint32_t number = part_number_param(call);
  UploadRecord up = find_upload(call);
  if (auto len = call.req.body->content_length(); len && *len > kMaxPartSize && !call.header("x-amz-decoded-content-length"))
    throw entity_too_large(*len, kMaxPartSize);
  const ChecksumAlgorithm algorithm = *parse_checksum_name(up.object.checksum_algorithm);
  if (up.checksum_declared) {
    if (auto d = declared_checksum(call.req.headers); d && d->algorithm != algorithm)
      throw invalid_request("Checksum Type mismatch occurred, expected checksum Type: " +
                            to_lower(checksum_name(algorithm)) + ", actual checksum Type: " +
                            to_lower(checksum_name(d->algorithm)));
  }
  DataWriter writer(call.engine.data);
  ReceivedBody body = co_await receive_body(call, writer, algorithm);
  storage::WriteBatch batch;
  PartRecord part;
  part.number = number;
  part.data = writer.finish(batch);
  part.size = body.size;
  part.etag = hex_encode(body.md5);
  part.last_modified_ms = now_millis();
  part.checksum_algorithm = up.object.checksum_algorithm;
  part.checksum_value = base64_encode(body.checksum);
  if (!call.engine.uploads.put_part(up, part, batch)) throw no_such_upload(up.upload_id);
  writer.committed();
  http::Response res = call.empty(200);
  res.headers.add("ETag", "\"" + part.etag + "\"");
  res.headers.add("x-amz-server-side-encryption", "AES256");
  if (body.declared && *body.declared != algorithm) {
    // The upload keeps its own algorithm; the client hears back the one it sent.
    res.headers.add(std::string(checksum_header(*body.declared)), base64_encode(body.declared_checksum));
  } else {
    add_part_checksum_headers(up, part, body.declared.has_value(), res.headers);
  }
  co_return res;
}

awaitable<http::Response> complete_multipart_upload(Call& call) {
  UploadRecord up = find_upload(call);
  std::string body = co_await read_small_body(call, 16 << 20, false);
  struct Requested {
    uint32_t number;
    std::string etag;
    std::string checksum;
  };
  std::vector<Requested> requested;
  {
    XmlDocument doc(body);
    auto root = doc.root("CompleteMultipartUpload");
    const ChecksumAlgorithm a = *parse_checksum_name(up.object.checksum_algorithm);
    for (auto p : root.children("Part")) {
      long long n = 0;
      if (!parse_int64(trim(p.child("PartNumber").child_value()), n) || n < 1 || n > 10000) throw malformed_xml();
      requested.push_back({static_cast<uint32_t>(n), strip_quotes(p.child("ETag").child_value()),
                           p.child(std::string(checksum_xml_member(a)).c_str()).child_value()});
    }
  }
  if (requested.empty()) throw malformed_xml();
  for (size_t i = 1; i < requested.size(); ++i)
    if (requested[i].number <= requested[i - 1].number)
      throw AwsError(400, "InvalidPartOrder",
                     "The list of parts was not in ascending order. Parts must be ordered by part number.")
          .field("UploadId", up.upload_id);
  if (auto t = call.header("x-amz-checksum-type"); t && *t != up.object.checksum_type)
    throw invalid_request("The upload was created using the " + up.object.checksum_type +
                          " checksum mode. The complete request must use the same checksum mode.");
  if (call.header("if-none-match") || call.header("if-match"))
    check_write_conditions(call.req.headers, call.engine.objects.get(call.bucket, call.key), call.key);

  ObjectRecord rec = up.object;
  const ChecksumAlgorithm algorithm = *parse_checksum_name(up.object.checksum_algorithm);
  auto prepare = [&](const std::vector<PartRecord>& stored) {
    std::vector<uint64_t> kept;
    std::string md5s;
    std::vector<std::string> raw_checksums;
    std::vector<uint64_t> sizes;
    for (size_t i = 0; i < requested.size(); ++i) {
      const auto& want = requested[i];
      auto it = std::find_if(stored.begin(), stored.end(), [&](const PartRecord& p) { return p.number == want.number; });
      auto invalid_part = [&] {
        return AwsError(400, "InvalidPart",
                        "One or more of the specified parts could not be found.  The part may not have been uploaded, "
                        "or the specified entity tag may not match the part's entity tag.")
            .field("UploadId", up.upload_id)
            .field("PartNumber", std::to_string(want.number))
            .field("ETag", want.etag);
      };
      if (it == stored.end() || it->etag != want.etag) throw invalid_part();
      if (up.checksum_declared && !want.checksum.empty() && want.checksum != it->checksum_value) throw invalid_part();
      if (i + 1 < requested.size() && it->size < kMinPartSize)
        throw AwsError(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
            .field("ProposedSize", std::to_string(it->size))
            .field("MinSizeAllowed", std::to_string(kMinPartSize))
            .field("PartNumber", std::to_string(it->number))
            .field("ETag", it->etag);
      md5s += hex_decode(it->etag).value_or("");
      raw_checksums.push_back(base64_decode(it->checksum_value).value_or(""));
      sizes.push_back(it->size);
      if (it->data.data_id) {
        rec.segments.push_back(it->data);
        kept.push_back(it->data.data_id);
      }
      rec.parts.push_back(ObjectPart{it->size, it->checksum_value});
      rec.size += it->size;
    }
    rec.etag = hex_encode(md5(md5s)) + "-" + std::to_string(requested.size());
    if (rec.checksum_type == "FULL_OBJECT") {
      rec.checksum_value = base64_encode(combined_crc(algorithm, raw_checksums, sizes));
      if (auto given = call.header(checksum_header(algorithm)); given && *given != rec.checksum_value)
        throw checksum_mismatch(checksum_name(algorithm));
    } else {
      rec.checksum_value = composite_checksum(algorithm, raw_checksums);
    }
    rec.last_modified_ms = now_millis();
    return kept;
  };
  auto commit = [&](storage::WriteBatch& batch) { call.engine.objects.put(call.bucket, call.key, rec, batch); };
  if (!call.engine.uploads.finish(up, prepare, commit)) throw no_such_upload(up.upload_id);

  std::string host(call.header_or("host", "localhost"));
  XmlWriter w;
  w.open("CompleteMultipartUploadResult", kXmlns)
      .element("Location", "http://" + host + "/" + call.bucket + "/" + uri_encode(call.key, true))
      .element("Bucket", call.bucket)
      .element("Key", call.key)
      .element("ETag", rec.quoted_etag());
  if (up.checksum_declared || rec.checksum_type == "FULL_OBJECT") {
    w.element(checksum_xml_member(algorithm), rec.checksum_value);
    w.element("ChecksumType", rec.checksum_type);
  }
  http::Response res = call.xml(200, w.finish());
  res.headers.add("x-amz-server-side-encryption", "AES256");
  co_return res;
}

awaitable<http::Response> abort_multipart_upload(Call& call) {
  call.bucket_record();
  std::string upload_id(call.param("uploadId").value_or(""));
  if (!call.engine.uploads.abort(call.bucket, call.key, upload_id)) throw no_such_upload(upload_id);
  co_return call.empty(204);
}

awaitable<http::Response> list_parts(Call& call) {
  UploadRecord up = find_upload(call);
  long long max_parts = int_param(call, "max-parts", 1000).value_or(1000);
  long long marker = int_param(call, "part-number-marker", 10000).value_or(0);
  auto parts = call.engine.uploads.parts(up.upload_id);
  XmlWriter w;
  w.open("ListPartsResult", kXmlns)
      .element("Bucket", call.bucket)
      .element("Key", call.key)
      .element("UploadId", up.upload_id)
      .element("PartNumberMarker", std::to_string(marker));
  std::vector<const PartRecord*> page;
  bool truncated = false;
  for (const auto& p : parts) {
    if (p.number <= marker) continue;
    if (static_cast<long long>(page.size()) == max_parts) {
      truncated = true;
      break;
    }
    page.push_back(&p);
  }
  if (!page.empty()) w.element("NextPartNumberMarker", std::to_string(page.back()->number));
  w.element("MaxParts", std::to_string(max_parts)).element("IsTruncated", truncated ? "true" : "false");
  auto algorithm = parse_checksum_name(up.object.checksum_algorithm);
  for (const auto* p : page) {
    w.open("Part")
        .element("PartNumber", std::to_string(p->number))
        .element("LastModified", iso8601_millis(p->last_modified_ms))
        .element("ETag", "\"" + p->etag + "\"")
        .element("Size", std::to_string(p->size));
    if (up.checksum_declared && algorithm) w.element(checksum_xml_member(*algorithm), p->checksum_value);
    w.close();
  }
  Owner initiator = call.engine.owners.by_id(up.initiator_id);
  owner_xml(w, "Initiator", initiator);
  owner_xml(w, "Owner", call.engine.owners.by_id(up.object.owner_id));
  w.element("StorageClass", up.object.storage_class);
  if (up.checksum_declared) {
    w.element("ChecksumAlgorithm", up.object.checksum_algorithm);
    w.element("ChecksumType", up.object.checksum_type);
  }
  co_return call.xml(200, w.finish());
}

awaitable<http::Response> list_multipart_uploads(Call& call) {
  call.bucket_record();
  std::string prefix(call.param("prefix").value_or(""));
  std::string delimiter(call.param("delimiter").value_or(""));
  std::string key_marker(call.param("key-marker").value_or(""));
  std::string upload_marker(call.param("upload-id-marker").value_or(""));
  long long max_uploads = int_param(call, "max-uploads", 1000).value_or(1000);
  bool url = false;
  if (auto e = call.param("encoding-type")) {
    if (*e != "url") throw invalid_argument("Invalid Encoding Method specified in Request", "encoding-type", *e);
    url = true;
  }
  auto enc = [&](std::string_view s) { return url ? url_encode_key(s) : std::string(s); };

  std::vector<UploadRecord> uploads;
  std::vector<std::string> prefixes;
  bool truncated = false;
  auto it = call.engine.uploads.iterator(call.bucket);
  for (it->seek_to_first(); it->valid(); it->next()) {
    auto u = decode_upload(it->value());
    if (!u || !u->key.starts_with(prefix)) continue;
    if (!key_marker.empty()) {
      if (u->key < key_marker) continue;
      if (u->key == key_marker && (upload_marker.empty() || u->upload_id <= upload_marker)) continue;
    }
    std::string common;
    if (!delimiter.empty()) {
      auto pos = u->key.find(delimiter, prefix.size());
      if (pos != std::string::npos) common = u->key.substr(0, pos + delimiter.size());
    }
    if (!common.empty() && !prefixes.empty() && prefixes.back() == common) continue;
    if (static_cast<long long>(uploads.size() + prefixes.size()) == max_uploads) {
      truncated = true;
      break;
    }
    if (!common.empty()) {
      prefixes.push_back(common);
    } else {
      uploads.push_back(std::move(*u));
    }
  }
  it->check();

  XmlWriter w;
  w.open("ListMultipartUploadsResult", kXmlns)
      .element("Bucket", call.bucket)
      .element("KeyMarker", enc(key_marker))
      .element("UploadIdMarker", upload_marker);
  if (truncated && !uploads.empty()) {
    w.element("NextKeyMarker", enc(uploads.back().key)).element("NextUploadIdMarker", uploads.back().upload_id);
  }
  if (!delimiter.empty()) w.element("Delimiter", enc(delimiter));
  w.element("Prefix", enc(prefix));
  if (url) w.element("EncodingType", "url");
  w.element("MaxUploads", std::to_string(max_uploads)).element("IsTruncated", truncated ? "true" : "false");
  for (const auto& u : uploads) {
    w.open("Upload").element("Key", enc(u.key)).element("UploadId", u.upload_id);
    owner_xml(w, "Initiator", call.engine.owners.by_id(u.initiator_id));
    owner_xml(w, "Owner", call.engine.owners.by_id(u.object.owner_id));
    w.element("StorageClass", u.object.storage_class).element("Initiated", iso8601_millis(u.initiated_ms));
    if (u.checksum_declared) {
      w.element("ChecksumAlgorithm", u.object.checksum_algorithm).element("ChecksumType", u.object.checksum_type);
    }
    w.close();
  }
  for (const auto& p : prefixes) w.open("CommonPrefixes").element("Prefix", enc(p)).close();
  co_return call.xml(200, w.finish());
}

}  // namespace bunker::s3
