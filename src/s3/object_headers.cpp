#include "s3/object_headers.h"

#include "bunker/core/clock.h"
#include "bunker/core/strings.h"
#include "bunker/protocol/rest_xml.h"
#include "s3/checksums.h"
#include "s3/errors.h"
#include "s3/preconditions.h"
#include "s3/tags.h"

namespace bunker::s3 {
namespace {

constexpr size_t kMaxMetadataBytes = 2048;
constexpr uint64_t kInlineResponseBytes = 64 * 1024;
constexpr std::string_view kStorageClasses[] = {"STANDARD",    "REDUCED_REDUNDANCY", "STANDARD_IA",  "ONEZONE_IA",
                                                "INTELLIGENT_TIERING", "GLACIER",     "DEEP_ARCHIVE", "OUTPOSTS",
                                                "GLACIER_IR",  "SNOW",               "EXPRESS_ONEZONE"};

}  // namespace

void read_storage_class(const http::Headers& headers, ObjectRecord& record) {
  if (auto sc = headers.get("x-amz-storage-class")) {
    bool ok = false;
    for (auto c : kStorageClasses) ok = ok || *sc == c;
    if (!ok) throw AwsError(400, "InvalidStorageClass", "The storage class you specified is not valid")
        .field("StorageClassRequested", std::string(*sc));
    record.storage_class = std::string(*sc);
  }
}

void read_object_headers(const http::Headers& headers, ObjectRecord& r, bool with_tags) {
  // Every object is stored as SSE-S3 would; other encryption modes are not offered.
  if (auto sse = headers.get("x-amz-server-side-encryption"); sse && *sse != "AES256")
    throw not_implemented("x-amz-server-side-encryption");
  if (headers.has("x-amz-server-side-encryption-customer-algorithm"))
    throw not_implemented("x-amz-server-side-encryption-customer-algorithm");
  r.content_type = std::string(headers.get_or("content-type", "binary/octet-stream"));
  if (r.content_type.empty()) r.content_type = "binary/octet-stream";
  r.content_encoding.clear();
  // aws-chunked is a transfer detail, not part of the stored Content-Encoding.
  for (auto enc : split(headers.get_or("content-encoding", ""), ',')) {
    enc = trim(enc);
    if (enc.empty() || iequals(enc, "aws-chunked")) continue;
    if (!r.content_encoding.empty()) r.content_encoding += ",";
    r.content_encoding += std::string(enc);
  }
  r.content_disposition = std::string(headers.get_or("content-disposition", ""));
  r.content_language = std::string(headers.get_or("content-language", ""));
  r.cache_control = std::string(headers.get_or("cache-control", ""));
  r.expires = std::string(headers.get_or("expires", ""));
  r.website_redirect = std::string(headers.get_or("x-amz-website-redirect-location", ""));
  if (!r.website_redirect.empty() && !r.website_redirect.starts_with("/") &&
      !r.website_redirect.starts_with("http://") && !r.website_redirect.starts_with("https://"))
    throw invalid_argument("The website redirect location must have a prefix of 'http://' or 'https://' or '/'.");
  r.metadata.clear();
  size_t meta_bytes = 0;
  for (const auto& [name, value] : headers) {
    if (name.size() > 11 && iequals(std::string_view(name).substr(0, 11), "x-amz-meta-")) {
      std::string key = to_lower(std::string_view(name).substr(11));
      meta_bytes += key.size() + value.size();
      bool merged = false;
      for (auto& [k, v] : r.metadata)
        if (k == key) {
          v += "," + value;  // repeated headers join as HTTP says
          merged = true;
        }
      if (!merged) r.metadata.emplace_back(std::move(key), value);
    }
  }
  if (meta_bytes > kMaxMetadataBytes)
    throw AwsError(400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.")
        .field("Size", std::to_string(meta_bytes))
        .field("MaxSizeAllowed", std::to_string(kMaxMetadataBytes));
  read_storage_class(headers, r);
  if (with_tags) {
    r.tags.clear();
    if (auto t = headers.get("x-amz-tagging")) r.tags = parse_tagging_header(*t);
  }
}

void write_object_headers(const ObjectRecord& r, http::Headers& out) {
  out.add("ETag", r.quoted_etag());
  out.add("Last-Modified", http_date(r.last_modified_ms));
  out.add("Accept-Ranges", "bytes");
  out.add("Content-Type", r.content_type.empty() ? "binary/octet-stream" : r.content_type);
  if (!r.content_encoding.empty()) out.add("Content-Encoding", r.content_encoding);
  if (!r.content_disposition.empty()) out.add("Content-Disposition", r.content_disposition);
  if (!r.content_language.empty()) out.add("Content-Language", r.content_language);
  if (!r.cache_control.empty()) out.add("Cache-Control", r.cache_control);
  if (!r.expires.empty()) out.add("Expires", r.expires);
  if (!r.website_redirect.empty()) out.add("x-amz-website-redirect-location", r.website_redirect);
  if (r.storage_class != "STANDARD" && !r.storage_class.empty()) out.add("x-amz-storage-class", r.storage_class);
  if (!r.tags.empty()) out.add("x-amz-tagging-count", std::to_string(r.tags.size()));
  out.add("x-amz-server-side-encryption", "AES256");
  for (const auto& [k, v] : r.metadata) out.add("x-amz-meta-" + k, v);
}

void write_checksum_headers(const ObjectRecord& r, http::Headers& out) {
  if (r.checksum_algorithm.empty() || r.checksum_value.empty()) return;
  if (auto a = parse_checksum_name(r.checksum_algorithm)) {
    out.add(std::string(checksum_header(*a)), r.checksum_value);
    out.add("x-amz-checksum-type", r.checksum_type.empty() ? "FULL_OBJECT" : r.checksum_type);
  }
}

http::Response object_response(const Engine& engine, const http::Request& req, ReadView view,
                               const ObjectRecord& r) {
  const bool head = req.method == "HEAD";
  http::Response res;
  protocol::add_s3_request_headers(req, res);

  auto cond = evaluate_conditions(req.headers, r);
  if (cond.outcome == Precondition::kFailed) throw precondition_failed(cond.failed_header);
  if (cond.outcome == Precondition::kNotModified) {
    res.status = 304;
    res.headers.add("ETag", r.quoted_etag());
    res.headers.add("Last-Modified", http_date(r.last_modified_ms));
    return res;
  }

  write_object_headers(r, res.headers);
  uint64_t begin = 0, end = r.size;
  bool partial = false;
  std::string part_checksum;
  auto part_number = http::query_param(req.params, "partNumber");
  auto range_header = req.headers.get("range");
  if (part_number) {
    long long n = 0;
    if (!parse_int64(*part_number, n) || n < 1 || n > 10000)
      throw invalid_argument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", *part_number);
    if (range_header) throw invalid_request("Cannot specify both Range header and partNumber query parameter");
    if (!r.parts.empty()) {
      if (static_cast<size_t>(n) > r.parts.size())
        throw AwsError(416, "InvalidPartNumber", "The requested partnumber is not satisfiable")
            .field("PartNumberRequested", std::string(*part_number))
            .field("ActualPartCount", std::to_string(r.parts.size()));
      for (long long i = 0; i + 1 < n; ++i) begin += r.parts[i].size;
      end = begin + r.parts[n - 1].size;
      part_checksum = r.parts[n - 1].checksum;
      res.headers.add("x-amz-mp-parts-count", std::to_string(r.parts.size()));
      partial = true;
    } else if (n != 1) {
      throw AwsError(416, "InvalidPartNumber", "The requested partnumber is not satisfiable")
          .field("PartNumberRequested", std::string(*part_number))
          .field("ActualPartCount", "1");
    } else {
      partial = r.size > 0;
    }
  } else if (range_header) {
    if (auto range = parse_range(*range_header, r.size)) {
      begin = range->begin;
      end = range->end;
      partial = true;
    }
  }
  if (partial) {
    res.status = 206;
    res.headers.add("Content-Range",
                    "bytes " + std::to_string(begin) + "-" + std::to_string(end - 1) + "/" + std::to_string(r.size));
  }

  if (iequals(req.headers.get_or("x-amz-checksum-mode", ""), "ENABLED")) {
    if (part_number && !r.parts.empty()) {
      if (!part_checksum.empty())
        if (auto a = parse_checksum_name(r.checksum_algorithm)) {
          res.headers.add(std::string(checksum_header(*a)), part_checksum);
          res.headers.add("x-amz-checksum-type", r.checksum_type);
        }
    } else if (!partial || (begin == 0 && end == r.size)) {
      write_checksum_headers(r, res.headers);
    }
  }

  // response-* query parameters override the stored headers.
  static constexpr std::pair<std::string_view, std::string_view> kOverrides[] = {
      {"response-content-type", "Content-Type"},       {"response-content-language", "Content-Language"},
      {"response-expires", "Expires"},                 {"response-cache-control", "Cache-Control"},
      {"response-content-disposition", "Content-Disposition"}, {"response-content-encoding", "Content-Encoding"}};
  for (const auto& [param, header] : kOverrides)
    if (auto v = http::query_param(req.params, param)) res.headers.set(std::string(header), std::string(*v));

  if (head) {
    res.head_length = end - begin;
    return res;
  }
  auto stream = std::make_unique<ObjectStream>(engine.data, std::move(view), r.segments, begin, end);
  if (end - begin <= kInlineResponseBytes) {
    // Small answers go out in one piece: a streamed response costs the front door a
    // large buffer, which dominates a 1 KiB GET.
    res.body.resize(end - begin);
    size_t got = 0;
    while (got < res.body.size()) {
      size_t n = stream->read(std::span<char>(res.body.data() + got, res.body.size() - got));
      if (n == 0) throw AwsError(500, "InternalError", "object data is shorter than its record");
      got += n;
    }
    return res;
  }
  res.stream_length = end - begin;
  res.stream = std::move(stream);
  return res;
}

}  // namespace bunker::s3
