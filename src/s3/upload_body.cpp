#include "s3/upload_body.h"

#include <algorithm>
#include <vector>

#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "bunker/core/strings.h"
#include "s3/aws_chunked.h"
#include "s3/errors.h"

namespace bunker::s3 {

void check_body_headers(const Call& call) {
  if (auto md5h = call.header("content-md5")) {
    auto raw = base64_decode(trim(*md5h));
    if (!raw || raw->size() != 16) throw invalid_digest(*md5h);
  }
  declared_checksum(call.req.headers);
}

awaitable<ReceivedBody> receive_body(Call& call, DataWriter& writer, std::optional<ChecksumAlgorithm> required) {
  check_body_headers(call);
  auto declared = declared_checksum(call.req.headers);
  ReceivedBody out;
  if (required) {
    out.algorithm = *required;
  } else if (declared) {
    out.algorithm = declared->algorithm;
  }
  if (declared) out.declared = declared->algorithm;

  std::optional<AwsChunkedReader> chunked;
  http::BodyReader* body = call.req.body;
  if (is_aws_chunked(call.req)) {
    chunked.emplace(*call.req.body, call.req);
    body = &*chunked;
  }

  Digest md5d(Digest::Algorithm::kMd5);
  Digest sum(digest_algorithm(out.algorithm));
  std::optional<Digest> verify;
  if (declared && declared->algorithm != out.algorithm) verify.emplace(digest_algorithm(declared->algorithm));
  // The body is read straight into the writer's chunk buffer (no copy in between) and
  // hashed there.
  // Once the announced length is in, the end of the body is confirmed with a one-byte
  // probe, so that the writer does not grow its buffer for bytes that will not come.
  const std::optional<uint64_t> announced = body->content_length();
  writer.expect(announced.value_or(DataStore::kChunkSize));
  char probe[1];
  for (;;) {
    // (Always a last read that returns 0: wrapping readers check signatures there.)
    const bool at_announced_end = announced && writer.size() >= *announced;
    if (!at_announced_end && writer.chunk_full()) co_await writer.store().writable();
    std::span<char> room = at_announced_end ? std::span<char>(probe, 1) : writer.space();
    size_t n = co_await body->read_some(room);
    if (n == 0) break;
    std::string_view piece(room.data(), n);
    md5d.update(piece);
    sum.update(piece);
    if (verify) verify->update(piece);
    if (at_announced_end) {
      writer.write(piece);
    } else {
      writer.advance(n);
    }
  }
  out.size = writer.size();
  out.md5 = md5d.finish();
  out.checksum = sum.finish();
  out.declared_checksum = verify ? verify->finish() : out.checksum;

  if (auto md5h = call.header("content-md5")) {
    std::string given(trim(*md5h));
    if (base64_decode(given) != out.md5) throw bad_digest_md5(given, base64_encode(out.md5));
  }
  if (declared) {
    std::string given = declared->value;
    if (declared->in_trailer) {
      auto t = chunked ? chunked->trailer(checksum_header(declared->algorithm)) : std::nullopt;
      if (!t) throw invalid_request("x-amz-trailer header was specified but the trailer was not present in the body");
      check_checksum_format(declared->algorithm, *t);
      given = *t;
    }
    if (!given.empty() && base64_decode(given) != out.declared_checksum) throw checksum_mismatch(checksum_name(declared->algorithm));
  }
  // The caller writes the last chunk and its record next.
  co_await writer.store().writable();
  co_return out;
}

awaitable<std::string> read_small_body(Call& call, size_t limit, bool checksum_headers_describe_body) {
  check_body_headers(call);
  std::string text;
  std::optional<AwsChunkedReader> chunked;
  if (is_aws_chunked(call.req)) {
    chunked.emplace(*call.req.body, call.req);
    text = co_await chunked->read_all(limit);
  } else {
    text = co_await call.req.body->read_all(limit);
  }
  if (auto md5h = call.header("content-md5")) {
    std::string given(trim(*md5h));
    std::string got = md5(text);
    if (base64_decode(given) != got) throw bad_digest_md5(given, base64_encode(got));
  }
  if (auto declared = declared_checksum(call.req.headers); declared && checksum_headers_describe_body) {
    std::string given = declared->value;
    if (declared->in_trailer && chunked) given = chunked->trailer(checksum_header(declared->algorithm)).value_or("");
    if (!given.empty()) {
      Digest d(digest_algorithm(declared->algorithm));
      d.update(text);
      if (base64_decode(given) != d.finish()) throw checksum_mismatch(checksum_name(declared->algorithm));
    }
  }
  co_return text;
}

void require_integrity_header(const Call& call) {
  bool has_integrity = call.header("content-md5").has_value() || call.header("x-amz-sdk-checksum-algorithm").has_value() ||
                       call.header("x-amz-trailer").has_value();
  for (const auto& [name, value] : call.req.headers)
    if (to_lower(name).starts_with("x-amz-checksum-")) has_integrity = true;
  if (!has_integrity) throw invalid_request("Missing required header for this request: Content-MD5");
}

}  // namespace bunker::s3
