// Browser-based uploads: POST to the bucket with a multipart/form-data body whose fields
// carry the key, a base64 policy document and its signature, object headers, and the file.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"
#include "bunker/protocol/sigv4.h"
#include "s3/acl.h"
#include "s3/errors.h"
#include "s3/form_data.h"
#include "s3/object_headers.h"
#include "s3/operations.h"
#include "s3/tags.h"

namespace bunker::s3 {
namespace {

using nlohmann::json;

// Form fields by lower-case name (S3 matches field names case-insensitively).
using Fields = std::map<std::string, std::string>;

AwsError policy_error(const std::string& detail) {
  return AwsError(403, "AccessDenied", "Invalid according to Policy: " + detail);
}

std::string condition_text(const json& c) {
  if (c.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < c.size(); ++i) {
      if (i) out += ", ";
      out += c[i].is_string() ? "\"" + c[i].get<std::string>() + "\"" : c[i].dump();
    }
    return out + "]";
  }
  return c.dump();
}

struct SizeRange {
  uint64_t min = 0;
  uint64_t max = UINT64_MAX;
};

// Checks every condition and that every field is covered by one; returns the size range.
SizeRange check_policy(const json& policy, const Fields& fields, const std::string& bucket) {
  if (!policy.is_object() || !policy.contains("expiration") || !policy["expiration"].is_string())
    throw invalid_argument("Invalid Policy: Invalid 'expiration' value: 'null'", "policy", "");
  auto expires = parse_iso8601(policy["expiration"].get<std::string>());
  if (!expires) throw invalid_argument("Invalid Policy: Invalid 'expiration' value", "policy", "");
  if (*expires < now_millis()) throw policy_error("Policy expired.");
  if (!policy.contains("conditions") || !policy["conditions"].is_array())
    throw invalid_argument("Invalid Policy: Invalid JSON.", "policy", "");
  SizeRange range;
  std::set<std::string> covered = {"bucket"};
  auto value_of = [&](const std::string& name) -> std::string {
    if (name == "bucket") return bucket;
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
  };
  for (const auto& c : policy["conditions"]) {
    if (c.is_object()) {
      for (const auto& [k, v] : c.items()) {
        std::string name = to_lower(k);
        covered.insert(name);
        if (!v.is_string() || value_of(name) != v.get<std::string>())
          throw policy_error("Policy Condition failed: [\"eq\", \"$" + k + "\", " + v.dump() + "]");
      }
      continue;
    }
    if (!c.is_array() || c.empty() || !c[0].is_string())
      throw invalid_argument("Invalid Policy: Invalid Simple-Condition: value must be a string.", "policy", "");
    std::string op = to_lower(c[0].get<std::string>());
    if (op == "content-length-range") {
      if (c.size() != 3 || !c[1].is_number_integer() || !c[2].is_number_integer())
        throw invalid_argument("Invalid Policy: Invalid content-length-range", "policy", "");
      range.min = c[1].get<uint64_t>();
      range.max = c[2].get<uint64_t>();
      continue;
    }
    if (c.size() != 3 || !c[1].is_string() || !c[2].is_string() || !c[1].get<std::string>().starts_with("$"))
      throw invalid_argument("Invalid Policy: Invalid condition " + condition_text(c), "policy", "");
    std::string name = to_lower(c[1].get<std::string>().substr(1));
    std::string want = c[2].get<std::string>();
    covered.insert(name);
    std::string have = value_of(name);
    bool ok = false;
    if (op == "eq") {
      ok = have == want;
    } else if (op == "starts-with") {
      if (name == "content-type") {
        ok = true;  // each comma-separated value must start with the prefix
        for (auto v : split(have, ',')) ok = ok && trim(v).starts_with(want);
      } else {
        ok = have.starts_with(want);
      }
    } else {
      throw invalid_argument("Invalid Policy: Invalid condition operator " + op, "policy", "");
    }
    if (!ok) throw policy_error("Policy Condition failed: " + condition_text(c));
  }
  for (const auto& [name, value] : fields) {
    if (name == "policy" || name == "x-amz-signature" || name == "signature" || name == "awsaccesskeyid" ||
        name == "file" || name.starts_with("x-ignore-"))
      continue;
    if (!covered.contains(name)) throw policy_error("Extra input fields: " + name);
  }
  return range;
}

void check_signature(const Engine& engine, const Fields& fields) {
  auto get = [&](const char* n) -> std::string {
    auto it = fields.find(n);
    return it == fields.end() ? std::string() : it->second;
  };
  const std::string policy = get("policy");
  if (policy.empty()) throw access_denied();
  auto mismatch = [] {
    return AwsError(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. Check your key "
                    "and signing method.");
  };
  if (!get("x-amz-signature").empty()) {
    // x-amz-credential: AKID/date/region/service/aws4_request
    auto parts = split(get("x-amz-credential"), '/');
    if (parts.size() != 5) throw invalid_argument("Invalid argument.", "x-amz-credential", get("x-amz-credential"));
    auto secret = engine.config.secret_for ? engine.config.secret_for(parts[0]) : std::nullopt;
    if (!secret)
      throw AwsError(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
          .field("AWSAccessKeyId", std::string(parts[0]));
    std::string key = sigv4::signing_key(*secret, parts[1], parts[2], parts[3]);
    if (sigv4::sign(key, policy) != get("x-amz-signature")) throw mismatch();
    return;
  }
  if (!get("signature").empty()) {
    auto secret = engine.config.secret_for ? engine.config.secret_for(get("awsaccesskeyid")) : std::nullopt;
    if (!secret)
      throw AwsError(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
          .field("AWSAccessKeyId", get("awsaccesskeyid"));
    if (base64_encode(hmac_sha1(*secret, policy)) != get("signature")) throw mismatch();
    return;
  }
  throw access_denied();
}

}  // namespace

awaitable<http::Response> post_object(Call& call) {
  auto bucket = call.bucket_record();
  std::string boundary = form_boundary(call.header_or("content-type"));
  if (boundary.empty()) throw AwsError(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");
  FormDataReader form(*call.req.body, boundary);
  Fields fields;
  std::optional<FormPart> file;
  size_t total = 0;
  while (auto part = co_await form.next_part()) {
    std::string name = to_lower(part->name);
    if (name == "file") {
      file = std::move(part);
      break;
    }
    std::string value = co_await form.read_value(20 * 1024);
    total += value.size();
    if (total > 20 * 1024)
      throw AwsError(400, "MaxPostPreDataLengthExceeded", "Your POST request fields preceeding the upload file was too large.");
    fields[name] = std::move(value);
  }
  if (!file) throw invalid_argument("POST requires exactly one file upload per request.", "file", "0");
  auto key_it = fields.find("key");
  if (key_it == fields.end())
    throw invalid_argument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", "key", "");
  std::string key = key_it->second;
  if (auto p = key.find("${filename}"); p != std::string::npos) key.replace(p, 11, file->filename.value_or(""));
  if (key.empty()) throw invalid_argument("User key must have a length greater than 0.", "key", "");

  if (call.engine.config.verify_signatures) check_signature(call.engine, fields);
  SizeRange range;
  if (auto p = fields.find("policy"); p != fields.end()) {
    auto decoded = base64_decode(p->second);
    json policy = decoded ? json::parse(*decoded, nullptr, false) : json();
    if (!decoded || policy.is_discarded()) throw invalid_argument("Invalid Policy: Invalid JSON.", "policy", "");
    range = check_policy(policy, fields, call.bucket);
  }

  // Object headers from the form fields.
  http::Headers headers;
  for (const auto& [name, value] : fields) {
    if (name == "content-type" || name == "cache-control" || name == "content-disposition" ||
        name == "content-encoding" || name == "expires" || name.starts_with("x-amz-meta-") ||
        name == "x-amz-storage-class" || name == "x-amz-website-redirect-location")
      headers.add(name, value);
  }
  if (!headers.has("content-type") && !file->content_type.empty()) headers.add("content-type", file->content_type);
  ObjectRecord rec;
  read_object_headers(headers, rec, false);
  {
    auto acl_field = fields.find("acl");
    NewObjectAcl acl = acl_for_new_object(*bucket, headers, call.owner,
                                          acl_field == fields.end() ? nullptr : &acl_field->second);
    rec.owner_id = std::move(acl.owner_id);
    rec.acl = std::move(acl.acl);
  }
  if (auto t = fields.find("tagging"); t != fields.end()) rec.tags = parse_tagging_xml(t->second, 10, true);

  DataWriter writer(call.engine.data);
  Digest md5d(Digest::Algorithm::kMd5);
  Digest crc(Digest::Algorithm::kCrc64Nvme);
  std::vector<char> buf(256 * 1024);
  for (;;) {
    size_t n = co_await form.content().read_some(std::span<char>(buf.data(), buf.size()));
    if (n == 0) break;
    std::string_view piece(buf.data(), n);
    md5d.update(piece);
    crc.update(piece);
    writer.write(piece);
    if (writer.size() > range.max) throw entity_too_large(writer.size(), range.max);
  }
  if (writer.size() < range.min)
    throw AwsError(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
        .field("ProposedSize", std::to_string(writer.size()))
        .field("MinSizeAllowed", std::to_string(range.min));
  storage::WriteBatch batch;
  Segment seg = writer.finish(batch);
  if (seg.data_id) rec.segments.push_back(seg);
  rec.size = writer.size();
  rec.etag = hex_encode(md5d.finish());
  rec.last_modified_ms = now_millis();
  rec.checksum_algorithm = "CRC64NVME";
  rec.checksum_type = "FULL_OBJECT";
  rec.checksum_value = base64_encode(crc.finish());
  call.engine.objects.put(call.bucket, key, rec, batch);
  writer.committed();

  const std::string host(call.header_or("host", "localhost"));
  const std::string location = "http://" + host + "/" + call.bucket + "/" + uri_encode(key, true);
  std::string redirect;
  if (auto r = fields.find("success_action_redirect"); r != fields.end()) redirect = r->second;
  else if (auto r2 = fields.find("redirect"); r2 != fields.end()) redirect = r2->second;
  if (!redirect.empty()) {
    http::Response res = call.empty(303);
    redirect += redirect.find('?') == std::string::npos ? "?" : "&";
    redirect += "bucket=" + uri_encode(call.bucket) + "&key=" + uri_encode(key) + "&etag=" + uri_encode(rec.quoted_etag());
    res.headers.add("Location", redirect);
    res.headers.add("ETag", rec.quoted_etag());
    co_return res;
  }
  std::string status = fields.contains("success_action_status") ? fields["success_action_status"] : "204";
  http::Response res;
  if (status == "201") {
    XmlWriter w;
    w.open("PostResponse")
        .element("Location", location)
        .element("Bucket", call.bucket)
        .element("Key", key)
        .element("ETag", rec.quoted_etag());
    res = call.xml(201, w.finish());
  } else {
    res = call.empty(status == "200" ? 200 : 204);
  }
  res.headers.add("ETag", rec.quoted_etag());
  res.headers.add("Location", location);
  co_return res;
}

}  // namespace bunker::s3
