// ListObjects (v1), ListObjectsV2 and ListObjectVersions. Records are stored in UTF-8 byte
// order of their keys (see object_store.h), so a listing is one forward scan; a delimiter
// rolls keys up into common prefixes, and after each prefix the scan seeks past every key
// that shares it instead of stepping through them.
#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "bunker/storage/key_codec.h"
#include "s3/errors.h"
#include "s3/operations.h"

namespace bunker::s3 {
namespace {

constexpr const char* kXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

struct Entry {
  std::string key;
  ObjectRecord record;
};

struct Page {
  std::vector<Entry> contents;
  std::vector<std::string> prefixes;
  bool truncated = false;
  std::string last;  // the last key or prefix returned
};

// Keys (and rolled-up prefixes) that start with `prefix` and sort after `after`.
Page walk(const Engine& engine, std::string_view bucket, std::string_view prefix, std::string_view delimiter,
          std::string_view after, long long max_keys) {
  Page page;
  if (max_keys <= 0) return page;
  page.contents.reserve(static_cast<size_t>(std::min<long long>(max_keys, 1000)));
  const ObjectStore& store = engine.objects;
  const size_t skip = ObjectStore::bucket_prefix_size(bucket);
  auto it = store.iterator(bucket);
  std::string start(prefix);
  if (after > prefix) start = after;
  it->seek(store.record_key(bucket, start));
  long long count = 0;
  while (it->valid()) {
    std::string_view key = ObjectStore::object_key(it->key(), skip);
    if (!key.starts_with(prefix)) {
      if (key > prefix) break;
      it->next();
      continue;
    }
    if (!after.empty() && key <= after) {
      it->next();
      continue;
    }
    if (!delimiter.empty()) {
      auto pos = key.find(delimiter, prefix.size());
      if (pos != std::string_view::npos) {
        std::string common(key.substr(0, pos + delimiter.size()));
        if (!after.empty() && common <= after) {
          it->seek(store.record_key(bucket, storage::prefix_successor(common)));
          continue;
        }
        if (count == max_keys) {
          page.truncated = true;
          break;
        }
        page.prefixes.push_back(common);
        page.last = common;
        ++count;
        const std::string next = storage::prefix_successor(common);
        if (next.empty()) break;
        it->seek(store.record_key(bucket, next));
        continue;
      }
    }
    if (count == max_keys) {
      page.truncated = true;
      break;
    }
    Entry& e = page.contents.emplace_back();
    if (decode_listing(it->value(), e.record)) {
      e.key = key;
      page.last = key;
      ++count;
    } else {
      page.contents.pop_back();
    }
    it->next();
  }
  it->check();
  return page;
}

struct ListParams {
  std::string prefix, delimiter;
  long long max_keys = 1000;
  bool url_encoding = false;
};

ListParams list_params(const Call& call) {
  ListParams p;
  p.prefix = std::string(call.param("prefix").value_or(""));
  p.delimiter = std::string(call.param("delimiter").value_or(""));
  if (auto m = int_param(call, "max-keys", 1000)) p.max_keys = *m;
  if (auto e = call.param("encoding-type")) {
    if (*e != "url") throw invalid_argument("Invalid Encoding Method specified in Request", "encoding-type", *e);
    p.url_encoding = true;
  }
  return p;
}

class ListingXml {
 public:
  explicit ListingXml(bool url) : url_(url) {}
  std::string enc(std::string_view s) const { return url_ ? url_encode_key(s) : std::string(s); }
  XmlWriter w;

  void owner(const Owners& owners, const std::string& id) {
    Owner o = owners.by_id(id);
    w.open("Owner").element("ID", o.id).element("DisplayName", o.display_name).close();
  }
  void object_fields(const Entry& e) {
    w.element("LastModified", iso8601_millis(e.record.last_modified_ms));
    w.element("ETag", e.record.quoted_etag());
    if (!e.record.checksum_algorithm.empty()) {
      w.element("ChecksumAlgorithm", e.record.checksum_algorithm);
      w.element("ChecksumType", e.record.checksum_type.empty() ? "FULL_OBJECT" : e.record.checksum_type);
    }
    w.element("Size", std::to_string(e.record.size));
  }
  void prefixes(const Page& page) {
    for (const auto& p : page.prefixes) w.open("CommonPrefixes").element("Prefix", enc(p)).close();
  }

 private:
  bool url_;
};

}  // namespace

awaitable<http::Response> list_objects(Call& call) {
  call.bucket_record();
  ListParams p = list_params(call);
  std::string marker(call.param("marker").value_or(""));
  Page page = walk(call.engine, call.bucket, p.prefix, p.delimiter, marker, p.max_keys);
  ListingXml x(p.url_encoding);
  auto& w = x.w;
  w.open("ListBucketResult", kXmlns);
  w.element("Name", call.bucket).element("Prefix", x.enc(p.prefix)).element("Marker", x.enc(marker));
  if (page.truncated && !p.delimiter.empty()) w.element("NextMarker", x.enc(page.last));
  w.element("MaxKeys", std::to_string(p.max_keys));
  if (!p.delimiter.empty()) w.element("Delimiter", x.enc(p.delimiter));
  w.element("IsTruncated", page.truncated ? "true" : "false");
  if (p.url_encoding) w.element("EncodingType", "url");
  for (const auto& e : page.contents) {
    w.open("Contents").element("Key", x.enc(e.key));
    x.object_fields(e);
    x.owner(call.engine.owners, e.record.owner_id);
    w.element("StorageClass", e.record.storage_class).close();
  }
  x.prefixes(page);
  co_return call.xml(200, w.finish());
}

awaitable<http::Response> list_objects_v2(Call& call) {
  call.bucket_record();
  ListParams p = list_params(call);
  const bool fetch_owner = call.param("fetch-owner") == "true";
  std::string start_after(call.param("start-after").value_or(""));
  std::string after = start_after;
  auto token = call.param("continuation-token");
  if (token) {
    auto decoded = base64_decode(*token);
    if (!decoded || token->empty() || !decoded->starts_with("1:"))
      throw invalid_argument("The continuation token provided is incorrect", "continuation-token", *token);
    after = decoded->substr(2);
  }
  Page page = walk(call.engine, call.bucket, p.prefix, p.delimiter, after, p.max_keys);
  ListingXml x(p.url_encoding);
  auto& w = x.w;
  w.open("ListBucketResult", kXmlns);
  w.element("Name", call.bucket).element("Prefix", x.enc(p.prefix));
  if (token) w.element("ContinuationToken", *token);
  if (page.truncated) w.element("NextContinuationToken", base64_encode("1:" + page.last));
  w.element("KeyCount", std::to_string(page.contents.size() + page.prefixes.size()));
  w.element("MaxKeys", std::to_string(p.max_keys));
  if (!p.delimiter.empty()) w.element("Delimiter", x.enc(p.delimiter));
  if (p.url_encoding) w.element("EncodingType", "url");
  w.element("IsTruncated", page.truncated ? "true" : "false");
  if (call.has_param("start-after")) w.element("StartAfter", x.enc(start_after));
  for (const auto& e : page.contents) {
    w.open("Contents").element("Key", x.enc(e.key));
    x.object_fields(e);
    if (fetch_owner) x.owner(call.engine.owners, e.record.owner_id);
    w.element("StorageClass", e.record.storage_class).close();
  }
  x.prefixes(page);
  co_return call.xml(200, w.finish());
}

awaitable<http::Response> list_object_versions(Call& call) {
  call.bucket_record();
  ListParams p = list_params(call);
  std::string key_marker(call.param("key-marker").value_or(""));
  std::string version_marker(call.param("version-id-marker").value_or(""));
  if (!version_marker.empty() && key_marker.empty())
    throw invalid_argument("A version-id marker cannot be specified without a key marker.", "version-id-marker",
                           version_marker);
  if (!version_marker.empty() && version_marker != "null")
    throw invalid_argument("Invalid version id specified", "version-id-marker", version_marker);
  // Every object has the one version "null": a key marker (with or without the "null"
  // version marker) resumes after that key.
  Page page = walk(call.engine, call.bucket, p.prefix, p.delimiter, key_marker, p.max_keys);
  ListingXml x(p.url_encoding);
  auto& w = x.w;
  w.open("ListVersionsResult", kXmlns);
  w.element("Name", call.bucket).element("Prefix", x.enc(p.prefix));
  w.element("KeyMarker", x.enc(key_marker)).element("VersionIdMarker", version_marker);
  if (page.truncated) {
    w.element("NextKeyMarker", x.enc(page.last));
    if (page.prefixes.empty() || page.last != page.prefixes.back()) w.element("NextVersionIdMarker", "null");
  }
  w.element("MaxKeys", std::to_string(p.max_keys));
  if (!p.delimiter.empty()) w.element("Delimiter", x.enc(p.delimiter));
  if (p.url_encoding) w.element("EncodingType", "url");
  w.element("IsTruncated", page.truncated ? "true" : "false");
  for (const auto& e : page.contents) {
    w.open("Version").element("Key", x.enc(e.key)).element("VersionId", "null").element("IsLatest", "true");
    x.object_fields(e);
    x.owner(call.engine.owners, e.record.owner_id);
    w.element("StorageClass", e.record.storage_class).close();
  }
  x.prefixes(page);
  co_return call.xml(200, w.finish());
}

}  // namespace bunker::s3
