// Request-side wire formats without a server: aws-chunked bodies, multipart/form-data,
// Range headers, conditional headers, CORS matching, bucket names.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "bunker/core/aws_error.h"
#include "s3/aws_chunked.h"
#include "s3/bucket_names.h"
#include "s3/cors_rules.h"
#include "s3/form_data.h"
#include "s3/preconditions.h"

namespace bunker::s3 {
namespace {

template <class T>
T run(boost::asio::awaitable<T> a) {
  boost::asio::io_context io;
  auto f = boost::asio::co_spawn(io, std::move(a), boost::asio::use_future);
  io.run();
  return f.get();
}

// Hands out its data a few bytes at a time, as a slow network would.
class TrickleReader final : public http::BodyReader {
 public:
  explicit TrickleReader(std::string data, size_t step = 3) : data_(std::move(data)), step_(step) {}
  boost::asio::awaitable<size_t> read_some(std::span<char> buf) override {
    size_t n = std::min({buf.size(), step_, data_.size() - pos_});
    std::memcpy(buf.data(), data_.data() + pos_, n);
    pos_ += n;
    co_return n;
  }
  std::optional<uint64_t> content_length() const override { return data_.size(); }
  bool done() const override { return pos_ == data_.size(); }

 private:
  std::string data_;
  size_t step_;
  size_t pos_ = 0;
};

http::Request chunked_request(std::string_view sha, std::string_view decoded_length) {
  http::Request r;
  r.method = "PUT";
  r.headers.add("x-amz-content-sha256", std::string(sha));
  r.headers.add("x-amz-decoded-content-length", std::string(decoded_length));
  return r;
}

TEST(AwsChunked, DecodesUnsignedBodyWithTrailer) {
  http::Request req = chunked_request("STREAMING-UNSIGNED-PAYLOAD-TRAILER", "14");
  EXPECT_TRUE(is_aws_chunked(req));
  TrickleReader raw("a\r\n0123456789\r\n4\r\nabcd\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
  AwsChunkedReader reader(raw, req);
  EXPECT_EQ(run(reader.read_all(1000)), "0123456789abcd");
  EXPECT_EQ(reader.trailer("x-amz-checksum-crc32"), "AAAAAA==");
}

TEST(AwsChunked, SignedChunkHeadersWithoutVerificationStillDecode) {
  http::Request req = chunked_request("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "3");
  TrickleReader raw("3;chunk-signature=" + std::string(64, 'a') + "\r\nxyz\r\n0;chunk-signature=" + std::string(64, 'b') +
                    "\r\n\r\n");
  AwsChunkedReader reader(raw, req);
  EXPECT_EQ(run(reader.read_all(1000)), "xyz");
}

TEST(AwsChunked, TruncatedOrOverlongBodiesFail) {
  http::Request req = chunked_request("STREAMING-UNSIGNED-PAYLOAD-TRAILER", "10");
  TrickleReader truncated("a\r\n01234");
  AwsChunkedReader r1(truncated, req);
  EXPECT_THROW(run(r1.read_all(1000)), AwsError);
  TrickleReader longer("b\r\n0123456789X\r\n0\r\n\r\n");
  AwsChunkedReader r2(longer, req);
  EXPECT_THROW(run(r2.read_all(1000)), AwsError);
  TrickleReader bad_size("zz\r\n");
  AwsChunkedReader r3(bad_size, req);
  EXPECT_THROW(run(r3.read_all(1000)), AwsError);
}

TEST(FormData, FieldsThenStreamedFile) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuploads/${filename}\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
      "line one\r\n--not-the-boundary\r\nline two\r\n--XyZ--\r\n";
  TrickleReader raw(body, 5);
  FormDataReader form(raw, form_boundary("multipart/form-data; boundary=XyZ"));
  auto key = run(form.next_part());
  ASSERT_TRUE(key);
  EXPECT_EQ(key->name, "key");
  EXPECT_EQ(run(form.read_value(100)), "uploads/${filename}");
  auto file = run(form.next_part());
  ASSERT_TRUE(file);
  EXPECT_EQ(file->filename, "a.txt");
  EXPECT_EQ(file->content_type, "text/plain");
  EXPECT_EQ(run(form.content().read_all(1000)), "line one\r\n--not-the-boundary\r\nline two");
  EXPECT_FALSE(run(form.next_part()));
}

TEST(Ranges, SingleRangeForms) {
  auto r = parse_range("bytes=0-9", 100);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->begin, 0u);
  EXPECT_EQ(r->end, 10u);
  r = parse_range("bytes=90-", 100);
  EXPECT_EQ(r->begin, 90u);
  EXPECT_EQ(r->end, 100u);
  r = parse_range("bytes=-10", 100);
  EXPECT_EQ(r->begin, 90u);
  r = parse_range("bytes=-1000", 100);
  EXPECT_EQ(r->begin, 0u);
  r = parse_range("bytes=50-5000", 100);
  EXPECT_EQ(r->end, 100u);
  EXPECT_FALSE(parse_range("bytes=0-1,5-6", 100));  // S3 serves multiple ranges whole
  EXPECT_FALSE(parse_range("items=0-1", 100));
  EXPECT_FALSE(parse_range("bytes=9-3", 100));
  EXPECT_THROW(parse_range("bytes=100-", 100), AwsError);
  EXPECT_THROW(parse_range("bytes=0-", 0), AwsError);
  EXPECT_THROW(parse_copy_range("bytes=0-100", 100), AwsError);
  EXPECT_THROW(parse_copy_range("bytes=5-", 100), AwsError);
}

TEST(Preconditions, S3Precedence) {
  ObjectRecord o;
  o.etag = "abc";
  o.last_modified_ms = 1700000000000;  // Tue, 14 Nov 2023 22:13:20 GMT
  auto eval = [&](std::vector<std::pair<std::string, std::string>> hs) {
    http::Headers h;
    for (auto& [k, v] : hs) h.add(k, v);
    return evaluate_conditions(h, o).outcome;
  };
  const std::string before = "Mon, 13 Nov 2023 00:00:00 GMT", after = "Wed, 15 Nov 2023 00:00:00 GMT";
  EXPECT_EQ(eval({{"If-Match", "\"abc\""}}), Precondition::kProceed);
  EXPECT_EQ(eval({{"If-Match", "\"x\", \"abc\""}}), Precondition::kProceed);
  EXPECT_EQ(eval({{"If-Match", "\"x\""}}), Precondition::kFailed);
  EXPECT_EQ(eval({{"If-Match", "*"}}), Precondition::kProceed);
  EXPECT_EQ(eval({{"If-Unmodified-Since", before}}), Precondition::kFailed);
  EXPECT_EQ(eval({{"If-Match", "\"abc\""}, {"If-Unmodified-Since", before}}), Precondition::kProceed);
  EXPECT_EQ(eval({{"If-None-Match", "\"abc\""}}), Precondition::kNotModified);
  EXPECT_EQ(eval({{"If-Modified-Since", after}}), Precondition::kNotModified);
  EXPECT_EQ(eval({{"If-Modified-Since", before}}), Precondition::kProceed);
  EXPECT_EQ(eval({{"If-None-Match", "\"abc\""}, {"If-Modified-Since", before}}), Precondition::kNotModified);
  EXPECT_EQ(eval({{"If-None-Match", "\"x\""}, {"If-Modified-Since", after}}), Precondition::kProceed);
  EXPECT_EQ(eval({{"If-Match", "\"x\""}, {"If-None-Match", "\"x\""}}), Precondition::kFailed);
  http::Headers copy;
  copy.add("x-amz-copy-source-if-none-match", "\"abc\"");
  EXPECT_EQ(evaluate_conditions(copy, o, "x-amz-copy-source-").outcome, Precondition::kFailed);
}

TEST(Cors, WildcardsAndFirstMatchingRule) {
  EXPECT_TRUE(wildcard_match("https://*.example.com", "https://a.b.example.com", false));
  EXPECT_FALSE(wildcard_match("https://*.example.com", "http://a.example.com", false));
  EXPECT_TRUE(wildcard_match("*", "anything", false));
  EXPECT_TRUE(wildcard_match("x-amz-*", "X-Amz-Date", true));
  EXPECT_FALSE(wildcard_match("https://Example.com", "https://example.com", false));
  std::vector<CorsRule> rules(2);
  rules[0].allowed_origins = {"https://*.example.com"};
  rules[0].allowed_methods = {"PUT"};
  rules[0].allowed_headers = {"content-type"};
  rules[1].allowed_origins = {"*"};
  rules[1].allowed_methods = {"GET", "PUT"};
  rules[1].allowed_headers = {"*"};
  EXPECT_EQ(match_cors_rule(rules, "https://a.example.com", "PUT", {"Content-Type"}), &rules[0]);
  EXPECT_EQ(match_cors_rule(rules, "https://a.example.com", "PUT", {"x-other"}), &rules[1]);
  EXPECT_EQ(match_cors_rule(rules, "https://a.example.com", "DELETE", {}), nullptr);
  EXPECT_THROW(parse_cors_xml("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH"
                              "</AllowedMethod></CORSRule></CORSConfiguration>"),
               AwsError);
  auto parsed = parse_cors_xml(cors_xml(rules));
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0].allowed_headers, rules[0].allowed_headers);
}

TEST(BucketNames, S3Rules) {
  const std::string longest(63, 'a');
  for (std::string_view ok : {std::string_view("abc"), std::string_view("my-bucket.v2"), std::string_view("0numbers1"),
                              std::string_view(longest)})
    EXPECT_TRUE(is_valid_bucket_name(ok)) << ok;
  for (auto bad : {"ab", "ABC", "a..b", "a.-b", "-abc", "abc-", "10.0.0.1", "xn--abc", "abc-s3alias", "a_b", "abc--ol-s3"})
    EXPECT_FALSE(is_valid_bucket_name(bad)) << bad;
}

}  // namespace
}  // namespace bunker::s3
