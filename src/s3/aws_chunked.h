#pragma once
// The aws-chunked content encoding (STREAMING-… x-amz-content-sha256 values): a body of
// "<hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n" chunks, a zero-size chunk, then
// optional trailing headers ("x-amz-checksum-crc32:<b64>", "x-amz-trailer-signature:…").
// This reader yields the decoded bytes. In --verify-signatures mode (the front door left
// the signing key and seed signature on the request) each chunk signature and the
// trailer signature are checked as they complete; a wrong one fails the read with
// SignatureDoesNotMatch, so the upload is discarded.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <vector>

#include "bunker/core/hash.h"
#include "bunker/http/body.h"
#include "bunker/http/message.h"

namespace bunker::s3 {

// True when the request's body is aws-chunked (x-amz-content-sha256 STREAMING-…, or
// Content-Encoding aws-chunked).
bool is_aws_chunked(const http::Request& request);

class AwsChunkedReader final : public http::BodyReader {
 public:
  AwsChunkedReader(http::BodyReader& inner, const http::Request& request);
  boost::asio::awaitable<size_t> read_some(std::span<char> buf) override;
  // x-amz-decoded-content-length when given.
  std::optional<uint64_t> content_length() const override { return decoded_length_; }
  bool done() const override { return state_ == State::kDone; }
  // Trailing headers, lower-case names, available once done().
  const std::vector<std::pair<std::string, std::string>>& trailers() const { return trailers_; }
  std::optional<std::string> trailer(std::string_view name) const;

 private:
  enum class State { kHeader, kData, kDataEnd, kTrailer, kDone };
  boost::asio::awaitable<bool> fill();  // more raw bytes; false at end of input
  boost::asio::awaitable<std::string> read_line();
  void check_chunk_signature();
  void check_trailer_signature(std::string_view trailer_text);

  http::BodyReader& inner_;
  std::vector<char> raw_;
  size_t raw_pos_ = 0, raw_end_ = 0;
  State state_ = State::kHeader;
  uint64_t chunk_left_ = 0;
  uint64_t decoded_ = 0;
  std::optional<uint64_t> decoded_length_;
  std::vector<std::pair<std::string, std::string>> trailers_;

  // Signature checking (verified requests only).
  bool verify_ = false;
  std::string signing_key_, amz_date_, scope_, previous_signature_;
  std::string chunk_signature_;
  std::optional<Digest> chunk_digest_;
};

}  // namespace bunker::s3
