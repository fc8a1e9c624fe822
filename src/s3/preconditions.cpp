#include "s3/preconditions.h"

#include "bunker/core/clock.h"
#include "bunker/core/strings.h"
#include "s3/errors.h"

namespace bunker::s3 {
namespace {

// If-Match / If-None-Match lists: "*", or ETags, quoted or not, comma separated.
bool etag_matches(std::string_view list, const std::string& etag) {
  for (auto item : split(list, ',')) {
    item = trim(item);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == "*") return true;
    if (item.size() >= 2 && item.front() == '"' && item.back() == '"') item = item.substr(1, item.size() - 2);
    if (item == etag) return true;
  }
  return false;
}

bool parse_uint(std::string_view s, uint64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

}  // namespace

ConditionResult evaluate_conditions(const http::Headers& headers, const ObjectRecord& object, std::string_view prefix) {
  auto get = [&](std::string_view name) { return headers.get(std::string(prefix) + std::string(name)); };
  // Compare at second precision: Last-Modified is sent in seconds.
  const int64_t modified = object.last_modified_ms / 1000 * 1000;
  auto if_match = get("if-match");
  auto if_none_match = get("if-none-match");
  if (if_match) {
    if (!etag_matches(*if_match, object.etag)) return {Precondition::kFailed, std::string(prefix) + "If-Match"};
  } else if (auto ius = get("if-unmodified-since")) {
    if (auto t = parse_http_date(*ius); t && modified > *t)
      return {Precondition::kFailed, std::string(prefix) + "If-Unmodified-Since"};
  }
  const Precondition not_modified = prefix.empty() ? Precondition::kNotModified : Precondition::kFailed;
  if (if_none_match) {
    if (etag_matches(*if_none_match, object.etag)) return {not_modified, std::string(prefix) + "If-None-Match"};
  } else if (auto ims = get("if-modified-since")) {
    if (auto t = parse_http_date(*ims); t && modified <= *t)
      return {not_modified, std::string(prefix) + "If-Modified-Since"};
  }
  return {};
}

void check_write_conditions(const http::Headers& headers, const std::optional<ObjectRecord>& existing,
                            std::string_view key) {
  if (auto inm = headers.get("if-none-match")) {
    if (trim(*inm) != "*") throw not_implemented("If-None-Match");
    if (existing) throw precondition_failed("If-None-Match");
  }
  if (auto im = headers.get("if-match")) {
    if (!existing) throw no_such_key(key);
    if (!etag_matches(*im, existing->etag)) throw precondition_failed("If-Match");
  }
}

std::optional<ByteRange> parse_range(std::string_view header, uint64_t size) {
  std::string_view h = trim(header);
  if (!h.starts_with("bytes=")) return std::nullopt;
  std::string_view spec = trim(h.substr(6));
  if (spec.find(',') != std::string_view::npos) return std::nullopt;  // S3 serves multi-ranges whole
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view first = trim(spec.substr(0, dash)), last = trim(spec.substr(dash + 1));
  uint64_t a = 0, b = 0;
  if (first.empty()) {
    if (!parse_uint(last, b)) return std::nullopt;
    if (b == 0 || size == 0) throw invalid_range(h, size);
    return ByteRange{size - std::min(b, size), size};
  }
  if (!parse_uint(first, a)) return std::nullopt;
  if (last.empty()) {
    if (a >= size) throw invalid_range(h, size);
    return ByteRange{a, size};
  }
  if (!parse_uint(last, b) || b < a) return std::nullopt;
  if (a >= size) throw invalid_range(h, size);
  return ByteRange{a, std::min(b + 1, size)};
}

ByteRange parse_copy_range(std::string_view header, uint64_t size) {
  std::string_view h = trim(header);
  auto bad = [&] {
    return invalid_argument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and "
                            "last are the zero-based offsets of the first and last bytes to copy",
                            "x-amz-copy-source-range", h);
  };
  if (!h.starts_with("bytes=")) throw bad();
  std::string_view spec = h.substr(6);
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) throw bad();
  uint64_t a = 0, b = 0;
  if (!parse_uint(spec.substr(0, dash), a) || !parse_uint(spec.substr(dash + 1), b) || b < a) throw bad();
  if (b >= size)
    throw invalid_argument("Range specified is not valid for source object of size: " + std::to_string(size),
                           "x-amz-copy-source-range", h);
  return ByteRange{a, b + 1};
}

}  // namespace bunker::s3
