// GetObjectAttributes: ETag, Checksum, ObjectParts, StorageClass, ObjectSize as asked for
// by x-amz-object-attributes.
#include <algorithm>

#include "bunker/core/clock.h"
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "s3/checksums.h"
#include "s3/errors.h"
#include "s3/operations.h"
#include "s3/preconditions.h"

namespace bunker::s3 {

awaitable<http::Response> get_object_attributes(Call& call) {
  call.bucket_record();
  std::vector<std::string> wanted;
  for (auto v : call.req.headers.get_all("x-amz-object-attributes"))
    for (auto item : split(v, ',')) {
      item = trim(item);
      if (item.empty()) continue;
      if (item != "ETag" && item != "Checksum" && item != "ObjectParts" && item != "StorageClass" && item != "ObjectSize")
        throw invalid_argument("Invalid attribute name specified.", "x-amz-object-attributes", item);
      wanted.emplace_back(item);
    }
  if (wanted.empty())
    throw invalid_request("The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty");
  auto rec = call.engine.objects.get(call.bucket, call.key);
  if (!rec) throw no_such_key(call.key);
  auto cond = evaluate_conditions(call.req.headers, *rec);
  if (cond.outcome == Precondition::kFailed) throw precondition_failed(cond.failed_header);
  auto want = [&](std::string_view a) { return std::find(wanted.begin(), wanted.end(), a) != wanted.end(); };
  auto algorithm = parse_checksum_name(rec->checksum_algorithm);

  XmlWriter w;
  w.open("GetObjectAttributesResponse", "http://s3.amazonaws.com/doc/2006-03-01/");
  if (want("ETag")) w.element("ETag", rec->etag);
  if (want("Checksum") && algorithm && !rec->checksum_value.empty()) {
    w.open("Checksum").element(checksum_xml_member(*algorithm), rec->checksum_value);
    w.element("ChecksumType", rec->checksum_type).close();
  }
  if (want("ObjectParts") && !rec->parts.empty()) {
    long long max_parts = 1000;
    if (auto h = call.header("x-amz-max-parts")) parse_int64(*h, max_parts);
    long long marker = 0;
    if (auto h = call.header("x-amz-part-number-marker")) parse_int64(*h, marker);
    w.open("ObjectParts").element("PartsCount", std::to_string(rec->parts.size()));
    w.element("PartNumberMarker", std::to_string(marker));
    long long shown = 0;
    long long last = marker;
    std::string parts_xml;
    XmlWriter pw(false);
    for (size_t i = static_cast<size_t>(std::max(0LL, marker)); i < rec->parts.size() && shown < max_parts; ++i, ++shown) {
      pw.open("Part").element("PartNumber", std::to_string(i + 1)).element("Size", std::to_string(rec->parts[i].size));
      if (algorithm && !rec->parts[i].checksum.empty() && rec->checksum_type == "COMPOSITE")
        pw.element(checksum_xml_member(*algorithm), rec->parts[i].checksum);
      pw.close();
      last = static_cast<long long>(i + 1);
    }
    w.element("NextPartNumberMarker", std::to_string(last));
    w.element("MaxParts", std::to_string(max_parts));
    w.element("IsTruncated", last < static_cast<long long>(rec->parts.size()) ? "true" : "false");
    w.raw(pw.finish());
    w.close();
  }
  if (want("StorageClass")) w.element("StorageClass", rec->storage_class);
  if (want("ObjectSize")) w.element("ObjectSize", std::to_string(rec->size));
  http::Response res = call.xml(200, w.finish());
  res.headers.add("Last-Modified", http_date(rec->last_modified_ms));
  co_return res;
}

}  // namespace bunker::s3
