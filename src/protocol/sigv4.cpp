#include "bunker/protocol/sigv4.h"

#include <algorithm>
#include <map>

#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "bunker/core/strings.h"

namespace bunker::sigv4 {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// The slash before position `before`, or npos.
size_t slash_before(std::string_view s, size_t before) {
  return before == 0 || before == std::string_view::npos ? std::string_view::npos : s.rfind('/', before - 1);
}

// "AKID/date/region/service/aws4_request". Found by position rather than split: this runs
// for every request.
bool parse_credential(std::string_view cred, Authorization& a) {
  const size_t s4 = cred.rfind('/');
  if (s4 == std::string_view::npos || cred.substr(s4 + 1) != "aws4_request") return false;
  const size_t s3 = slash_before(cred, s4), s2 = slash_before(cred, s3), s1 = slash_before(cred, s2);
  // At least five parts; an access key may not contain '/', so the last four are the scope.
  if (s1 == std::string_view::npos) return false;
  const size_t first = cred.find('/');
  a.access_key = std::string(cred.substr(0, first));
  a.date = std::string(cred.substr(s1 + 1, s2 - s1 - 1));
  a.region = std::string(cred.substr(s2 + 1, s3 - s2 - 1));
  a.service = std::string(cred.substr(s3 + 1, s4 - s3 - 1));
  return !a.access_key.empty();
}

// Calls f(field) for each field of `s` separated by `sep`, empty ones included.
template <class F>
void for_each_field(std::string_view s, char sep, F&& f) {
  for (;;) {
    const size_t pos = s.find(sep);
    f(s.substr(0, pos));
    if (pos == std::string_view::npos) return;
    s.remove_prefix(pos + 1);
  }
}

void add_signed_header(Authorization& a, std::string_view name) {
  std::string& lower = a.signed_headers.emplace_back(name);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

std::string collapse_spaces(std::string_view v) {
  v = trim(v);
  std::string out;
  out.reserve(v.size());
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      if (!space) out += ' ';
      space = true;
    } else {
      out += c;
      space = false;
    }
  }
  return out;
}

// RFC 3986 dot-segment removal, as SDKs apply it before signing non-S3 paths.
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> out;
  auto segments = split(path, '/');
  for (size_t i = 0; i < segments.size(); ++i) {
    auto s = segments[i];
    if (s == ".") continue;
    if (s == "..") {
      if (out.size() > 1) out.pop_back();
      continue;
    }
    out.push_back(s);
  }
  std::string result;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i) result += '/';
    result += out[i];
  }
  if (!path.empty() && path.back() == '/' && (result.empty() || result.back() != '/')) result += '/';
  if (result.empty() || result[0] != '/') result.insert(result.begin(), '/');
  return result;
}

}  // namespace

std::optional<Authorization> parse_checked(const http::Request& req, MalformedAuthorization* error) {
  auto fail = [&](std::string msg) -> std::optional<Authorization> {
    if (error) error->message = std::move(msg);
    return std::nullopt;
  };
  if (auto header = req.headers.get("authorization")) {
    std::string_view h = trim(*header);
    Authorization a;
    if (h.starts_with("AWS ")) {  // SigV2: "AWS AKID:signature"
      auto rest = h.substr(4);
      auto colon = rest.find(':');
      if (colon == std::string_view::npos) return fail("Authorization header is invalid");
      a.kind = Authorization::Kind::kSigV2Header;
      a.access_key = std::string(rest.substr(0, colon));
      a.signature = std::string(rest.substr(colon + 1));
      a.amz_date = std::string(req.headers.get_or("x-amz-date", req.headers.get_or("date", "")));
      return a;
    }
    if (!h.starts_with(kAlgorithm)) return fail("Unsupported Authorization Type");
    h.remove_prefix(kAlgorithm.size());
    bool have_cred = false, have_signed = false, have_sig = false;
    bool bad_credential = false;
    for_each_field(h, ',', [&](std::string_view part) {
      if (bad_credential) return;
      part = trim(part);
      auto eq = part.find('=');
      if (eq == std::string_view::npos) return;
      auto key = trim(part.substr(0, eq));
      auto value = trim(part.substr(eq + 1));
      if (key == "Credential") {
        bad_credential = !parse_credential(value, a);
        have_cred = true;
      } else if (key == "SignedHeaders") {
        a.signed_headers.reserve(8);  // one allocation for the usual few names
        for_each_field(value, ';', [&](std::string_view name) { add_signed_header(a, name); });
        have_signed = true;
      } else if (key == "Signature") {
        a.signature = std::string(value);
        have_sig = true;
      }
    });
    if (bad_credential) return fail("Authorization header requires 'Credential' parameter.");
    if (!have_cred) return fail("Authorization header requires 'Credential' parameter.");
    if (!have_signed) return fail("Authorization header requires 'SignedHeaders' parameter.");
    if (!have_sig) return fail("Authorization header requires 'Signature' parameter.");
    a.kind = Authorization::Kind::kHeader;
    a.amz_date = std::string(req.headers.get_or("x-amz-date", ""));
    a.security_token = std::string(req.headers.get_or("x-amz-security-token", ""));
    return a;
  }
  if (auto cred = http::query_param(req.params, "X-Amz-Credential")) {
    Authorization a;
    a.kind = Authorization::Kind::kPresigned;
    if (auto alg = http::query_param(req.params, "X-Amz-Algorithm"); alg && *alg != kAlgorithm)
      return fail("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    if (!parse_credential(*cred, a)) return fail("Error parsing the X-Amz-Credential parameter");
    for_each_field(http::query_param(req.params, "X-Amz-SignedHeaders").value_or("host"), ';',
                   [&](std::string_view name) { add_signed_header(a, name); });
    a.signature = std::string(http::query_param(req.params, "X-Amz-Signature").value_or(""));
    a.amz_date = std::string(http::query_param(req.params, "X-Amz-Date").value_or(""));
    long long exp = 0;
    if (auto e = http::query_param(req.params, "X-Amz-Expires"); e && parse_int64(*e, exp)) a.expires_seconds = exp;
    a.security_token = std::string(http::query_param(req.params, "X-Amz-Security-Token").value_or(""));
    return a;
  }
  if (auto key = http::query_param(req.params, "AWSAccessKeyId")) {  // SigV2 presigned
    Authorization a;
    a.kind = Authorization::Kind::kSigV2Presigned;
    a.access_key = std::string(*key);
    a.signature = std::string(http::query_param(req.params, "Signature").value_or(""));
    long long exp = 0;
    if (auto e = http::query_param(req.params, "Expires"); e && parse_int64(*e, exp)) a.expires_seconds = exp;
    return a;
  }
  return std::nullopt;
}

std::optional<Authorization> parse(const http::Request& request) { return parse_checked(request, nullptr); }

std::string canonical_request(const http::Request& req, const Authorization& auth, std::string_view payload_hash,
                              bool s3_style_path) {
  std::string out;
  out += req.method;
  out += '\n';
  std::string path = req.path.empty() ? "/" : req.path;
  if (s3_style_path) {
    out += path;
  } else {
    out += uri_encode(remove_dot_segments(path), true);
  }
  out += '\n';

  // Canonical query: every parameter re-encoded, sorted by name then value; presigned
  // requests leave their own signature out.
  std::vector<std::pair<std::string, std::string>> q;
  for (const auto& [k, v] : http::parse_query(req.query)) {
    if (auth.kind == Authorization::Kind::kPresigned && k == "X-Amz-Signature") continue;
    q.emplace_back(uri_encode(k), uri_encode(v));
  }
  std::sort(q.begin(), q.end());
  for (size_t i = 0; i < q.size(); ++i) {
    if (i) out += '&';
    out += q[i].first;
    out += '=';
    out += q[i].second;
  }
  out += '\n';

  for (const auto& name : auth.signed_headers) {
    out += name;
    out += ':';
    auto values = req.headers.get_all(name);
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) out += ',';
      out += collapse_spaces(values[i]);
    }
    out += '\n';
  }
  out += '\n';
  for (size_t i = 0; i < auth.signed_headers.size(); ++i) {
    if (i) out += ';';
    out += auth.signed_headers[i];
  }
  out += '\n';
  out += payload_hash;
  return out;
}

std::string string_to_sign(const Authorization& auth, std::string_view canonical) {
  std::string out(kAlgorithm);
  out += '\n';
  out += auth.amz_date;
  out += '\n';
  out += auth.scope();
  out += '\n';
  out += hex_encode(sha256(canonical));
  return out;
}

std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service) {
  std::string k = hmac_sha256("AWS4" + std::string(secret), date);
  k = hmac_sha256(k, region);
  k = hmac_sha256(k, service);
  return hmac_sha256(k, "aws4_request");
}

std::string sign(std::string_view key, std::string_view sts) { return hex_encode(hmac_sha256(key, sts)); }

namespace {

// Query parameters that are part of S3's SigV2 canonical resource.
constexpr std::string_view kSigV2SubResources[] = {
    "accelerate", "acl", "analytics", "cors", "delete", "encryption", "inventory", "legal-hold", "lifecycle",
    "location", "logging", "metrics", "notification", "object-lock", "ownershipControls", "partNumber", "policy",
    "policyStatus", "publicAccessBlock", "replication", "requestPayment", "response-cache-control",
    "response-content-disposition", "response-content-encoding", "response-content-language",
    "response-content-type", "response-expires", "restore", "retention", "select", "select-type", "tagging",
    "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website"};

bool is_sigv2_subresource(std::string_view name) {
  for (auto s : kSigV2SubResources)
    if (s == name) return true;
  return false;
}

}  // namespace

std::string sigv2_string_to_sign(const http::Request& req, const Authorization& auth, std::string_view bucket) {
  std::string out = req.method + "\n";
  out += req.headers.get_or("content-md5", "");
  out += '\n';
  out += req.headers.get_or("content-type", "");
  out += '\n';
  if (auth.kind == Authorization::Kind::kSigV2Presigned) {
    out += std::to_string(auth.expires_seconds);
  } else if (!req.headers.has("x-amz-date")) {
    out += req.headers.get_or("date", "");
  }
  out += '\n';
  // x-amz-* headers, lowercased and sorted, repeated values joined by commas.
  std::vector<std::pair<std::string, std::string>> amz;
  for (const auto& [name, value] : req.headers) {
    std::string lower = to_lower(name);
    if (!lower.starts_with("x-amz-")) continue;
    auto it = std::find_if(amz.begin(), amz.end(), [&](const auto& p) { return p.first == lower; });
    if (it == amz.end()) amz.emplace_back(lower, std::string(trim(value)));
    else it->second += "," + std::string(trim(value));
  }
  std::sort(amz.begin(), amz.end());
  for (const auto& [name, value] : amz) out += name + ":" + value + "\n";
  if (!bucket.empty()) out += "/" + std::string(bucket);
  out += req.path;
  std::vector<std::pair<std::string, std::string>> sub;
  for (const auto& [k, v] : req.params)
    if (is_sigv2_subresource(k)) sub.emplace_back(k, v);
  std::sort(sub.begin(), sub.end());
  for (size_t i = 0; i < sub.size(); ++i) {
    out += i ? '&' : '?';
    out += sub[i].first;
    if (!sub[i].second.empty()) out += "=" + sub[i].second;
  }
  return out;
}

std::string sigv2_sign(std::string_view secret, std::string_view sts) { return base64_encode(hmac_sha1(secret, sts)); }

}  // namespace bunker::sigv4
