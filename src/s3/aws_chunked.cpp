#include "s3/aws_chunked.h"

#include <cstring>

#include "bunker/core/aws_error.h"
#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"
#include "bunker/protocol/sigv4.h"

namespace bunker::s3 {
namespace {

constexpr size_t kMaxLine = 4096;
const std::string kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

AwsError incomplete_body() {
  return AwsError(400, "IncompleteBody", "The request body terminated unexpectedly");
}

AwsError bad_chunk() {
  return AwsError(400, "InvalidChunkSizeError", "Only the last chunk is allowed to have a size less than 8192 bytes");
}

AwsError signature_mismatch() {
  return AwsError(403, "SignatureDoesNotMatch",
                  "The request signature we calculated does not match the signature you provided. Check your key and "
                  "signing method.");
}

}  // namespace

bool is_aws_chunked(const http::Request& request) {
  auto sha = request.headers.get("x-amz-content-sha256");
  if (sha && sha->starts_with("STREAMING-")) return true;
  for (auto enc : split(request.headers.get_or("content-encoding", ""), ','))
    if (iequals(trim(enc), "aws-chunked")) return true;
  return false;
}

AwsChunkedReader::AwsChunkedReader(http::BodyReader& inner, const http::Request& request)
    : inner_(inner), raw_(64 * 1024) {
  long long n = 0;
  if (auto d = request.headers.get("x-amz-decoded-content-length"); d && parse_int64(*d, n) && n >= 0)
    decoded_length_ = static_cast<uint64_t>(n);
  const auto sha = request.headers.get_or("x-amz-content-sha256", "");
  const bool signed_chunks = sha.starts_with("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
  if (signed_chunks && request.caller.signature_verified && !request.caller.signing_key.empty()) {
    verify_ = true;
    signing_key_ = request.caller.signing_key;
    amz_date_ = request.caller.amz_date;
    scope_ = request.caller.credential_scope;
    previous_signature_ = request.caller.seed_signature;
  }
}

std::optional<std::string> AwsChunkedReader::trailer(std::string_view name) const {
  for (const auto& [k, v] : trailers_)
    if (iequals(k, name)) return v;
  return std::nullopt;
}

boost::asio::awaitable<bool> AwsChunkedReader::fill() {
  if (raw_pos_ > 0 && raw_pos_ == raw_end_) raw_pos_ = raw_end_ = 0;
  if (raw_end_ == raw_.size()) {
    std::memmove(raw_.data(), raw_.data() + raw_pos_, raw_end_ - raw_pos_);
    raw_end_ -= raw_pos_;
    raw_pos_ = 0;
  }
  size_t n = co_await inner_.read_some(std::span<char>(raw_.data() + raw_end_, raw_.size() - raw_end_));
  raw_end_ += n;
  co_return n > 0;
}

boost::asio::awaitable<std::string> AwsChunkedReader::read_line() {
  std::string line;
  for (;;) {
    while (raw_pos_ < raw_end_) {
      char c = raw_[raw_pos_++];
      if (c == '\n') {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        co_return line;
      }
      line += c;
      if (line.size() > kMaxLine) throw bad_chunk();
    }
    if (!co_await fill()) throw incomplete_body();
  }
}

void AwsChunkedReader::check_chunk_signature() {
  if (!verify_) return;
  const std::string data_hash = hex_encode(chunk_digest_->finish());
  const std::string to_sign = "AWS4-HMAC-SHA256-PAYLOAD\n" + amz_date_ + "\n" + scope_ + "\n" + previous_signature_ +
                              "\n" + kEmptySha256 + "\n" + data_hash;
  const std::string expected = sigv4::sign(signing_key_, to_sign);
  if (expected != chunk_signature_) throw signature_mismatch();
  previous_signature_ = expected;
}

void AwsChunkedReader::check_trailer_signature(std::string_view trailer_text) {
  if (!verify_) return;
  std::string given;
  for (const auto& [k, v] : trailers_)
    if (k == "x-amz-trailer-signature") given = v;
  if (given.empty()) return;  // STREAMING-AWS4-HMAC-SHA256-PAYLOAD without trailer
  const std::string to_sign = "AWS4-HMAC-SHA256-TRAILER\n" + amz_date_ + "\n" + scope_ + "\n" + previous_signature_ +
                              "\n" + hex_encode(sha256(trailer_text));
  if (sigv4::sign(signing_key_, to_sign) != given) throw signature_mismatch();
}

boost::asio::awaitable<size_t> AwsChunkedReader::read_some(std::span<char> buf) {
  for (;;) {
    switch (state_) {
      case State::kDone: co_return 0;
      case State::kHeader: {
        std::string line = co_await read_line();
        if (line.empty()) continue;  // tolerate a stray CRLF
        std::string_view view = line;
        std::string_view size_text = view.substr(0, view.find(';'));
        chunk_signature_.clear();
        if (auto p = view.find(";chunk-signature="); p != std::string_view::npos)
          chunk_signature_ = std::string(view.substr(p + 17));
        if (size_text.empty() || size_text.size() > 15) throw bad_chunk();
        uint64_t size = 0;
        for (char c : size_text) {
          int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
          if (d < 0) throw bad_chunk();
          size = size * 16 + static_cast<uint64_t>(d);
        }
        if (verify_) {
          if (chunk_signature_.empty()) throw signature_mismatch();
          chunk_digest_.emplace(Digest::Algorithm::kSha256);
        }
        if (size == 0) {
          check_chunk_signature();
          state_ = State::kTrailer;
        } else {
          chunk_left_ = size;
          state_ = State::kData;
        }
        continue;
      }
      case State::kData: {
        if (raw_pos_ == raw_end_ && !co_await fill()) throw incomplete_body();
        size_t n = static_cast<size_t>(std::min<uint64_t>({buf.size(), chunk_left_, raw_end_ - raw_pos_}));
        std::memcpy(buf.data(), raw_.data() + raw_pos_, n);
        if (verify_) chunk_digest_->update(std::string_view(raw_.data() + raw_pos_, n));
        raw_pos_ += n;
        chunk_left_ -= n;
        decoded_ += n;
        if (decoded_length_ && decoded_ > *decoded_length_) throw incomplete_body();
        if (chunk_left_ == 0) state_ = State::kDataEnd;
        if (n > 0) co_return n;
        continue;
      }
      case State::kDataEnd: {
        std::string line = co_await read_line();
        if (!line.empty()) throw bad_chunk();
        check_chunk_signature();
        state_ = State::kHeader;
        continue;
      }
      case State::kTrailer: {
        std::string trailer_text;
        for (;;) {
          // The body may simply end after the last chunk (no trailer, no final CRLF).
          if (raw_pos_ == raw_end_ && !co_await fill()) break;
          std::string line = co_await read_line();
          if (line.empty()) break;
          auto colon = line.find(':');
          if (colon == std::string::npos) throw bad_chunk();
          std::string name = to_lower(trim(std::string_view(line).substr(0, colon)));
          std::string value(trim(std::string_view(line).substr(colon + 1)));
          if (name != "x-amz-trailer-signature") trailer_text += name + ":" + value + "\n";
          trailers_.emplace_back(std::move(name), std::move(value));
        }
        check_trailer_signature(trailer_text);
        if (decoded_length_ && decoded_ != *decoded_length_) throw incomplete_body();
        // Read away whatever follows, so the connection stays usable.
        raw_pos_ = raw_end_ = 0;
        while (co_await fill()) raw_pos_ = raw_end_ = 0;
        state_ = State::kDone;
        co_return 0;
      }
    }
  }
}

}  // namespace bunker::s3
