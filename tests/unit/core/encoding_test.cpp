#include <gtest/gtest.h>

#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "bunker/core/strings.h"

using namespace bunker;

TEST(Base64, RoundTripsEveryLength) {
  std::string data;
  for (int i = 0; i < 300; ++i) {
    auto enc = base64_encode(data);
    auto dec = base64_decode(enc);
    ASSERT_TRUE(dec.has_value()) << i;
    EXPECT_EQ(*dec, data);
    data += static_cast<char>(i * 37);
  }
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
}

TEST(Base64, RejectsMalformed) {
  EXPECT_FALSE(base64_decode("abc").has_value());
  EXPECT_FALSE(base64_decode("ab=c").has_value());
  EXPECT_FALSE(base64_decode("a===").has_value());
  EXPECT_FALSE(base64_decode("ab!c").has_value());
}

TEST(Uri, EncodesAsSigV4Expects) {
  EXPECT_EQ(uri_encode("a b/c~d*"), "a%20b%2Fc~d%2A");
  EXPECT_EQ(uri_encode("a b/c", true), "a%20b/c");
  EXPECT_EQ(uri_decode("a%20b+c"), "a b+c");
  EXPECT_EQ(uri_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(uri_decode("100%"), "100%");
  EXPECT_EQ(form_encode("{\"a\": 1}"), "%7B%22a%22%3A+1%7D");
}

TEST(Checksums, MatchPublishedCheckValues) {
  // The standard CRC check input "123456789" and its catalogued results.
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(crc64nvme("123456789"), 0xAE8B14860A799888ull);
  EXPECT_EQ(hex_encode(md5("")), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(hex_encode(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// Bit-at-a-time reference of a reflected CRC-32, to check the fast paths (libdeflate's
// folding for CRC-32, the crc32 instruction for CRC32C) at every alignment and length.
uint32_t reference_crc(std::string_view v, uint32_t poly, uint32_t crc) {
  crc = ~crc;
  for (unsigned char c : v) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc & 1) ? (crc >> 1) ^ poly : crc >> 1;
  }
  return ~crc;
}

TEST(Checksums, Crc32AndCrc32cEqualTheBitwiseDefinition) {
  std::string data(5000, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 2654435761u) >> 11);
  for (size_t start : {0, 1, 3, 7}) {
    for (size_t len : {0, 1, 7, 8, 9, 15, 16, 63, 64, 65, 255, 256, 1000, 4093}) {
      std::string_view v = std::string_view(data).substr(start, len);
      EXPECT_EQ(crc32(v), reference_crc(v, 0xEDB88320u, 0)) << start << " " << len;
      EXPECT_EQ(crc32c(v), reference_crc(v, 0x82F63B78u, 0)) << start << " " << len;
      // Continuing from an earlier value, as incremental digests and RocksDB's Extend do.
      EXPECT_EQ(crc32(v.substr(len / 3), crc32(v.substr(0, len / 3))), crc32(v)) << start << " " << len;
      EXPECT_EQ(crc32c(v.substr(len / 3), crc32c(v.substr(0, len / 3))), crc32c(v)) << start << " " << len;
    }
  }
}

TEST(Checksums, Crc64NvmeFoldingEqualsTables) {
  // Inputs of 256 bytes and more take the carry-less-multiply path; under 256 the tables.
  // Feeding 255-byte pieces forces the table path for the reference value.
  std::string data(70000, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 2654435761u) >> 13);
  for (size_t start : {0, 1, 7, 13}) {
    for (size_t len : {256, 257, 300, 319, 320, 1024, 4099, 65536, 69000}) {
      std::string_view v = std::string_view(data).substr(start, len);
      uint64_t ref = 0;
      for (size_t i = 0; i < v.size(); i += 255) ref = crc64nvme(v.substr(i, 255), ref);
      EXPECT_EQ(crc64nvme(v), ref) << start << " " << len;
      EXPECT_EQ(crc64nvme(v.substr(300 % len), crc64nvme(v.substr(0, 300 % len))), ref) << start << " " << len;
    }
  }
}

TEST(Checksums, IncrementalEqualsOneShot) {
  std::string data(100000, 'x');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 + 3);
  for (auto alg : {Digest::Algorithm::kMd5, Digest::Algorithm::kSha256, Digest::Algorithm::kCrc32,
                   Digest::Algorithm::kCrc32c, Digest::Algorithm::kCrc64Nvme}) {
    Digest whole(alg), pieces(alg);
    whole.update(data);
    for (size_t i = 0; i < data.size(); i += 4093) pieces.update(std::string_view(data).substr(i, 4093));
    EXPECT_EQ(whole.finish(), pieces.finish());
  }
  Digest c(Digest::Algorithm::kCrc32c);
  c.update("123456789");
  EXPECT_EQ(c.finish(), checksum_bytes(uint32_t{0xE3069283u}));
}

TEST(Clock, FormatsAndParses) {
  int64_t t = 1704164645678;  // 2024-01-02T03:04:05.678Z
  EXPECT_EQ(iso8601_millis(t), "2024-01-02T03:04:05.678Z");
  EXPECT_EQ(http_date(t), "Tue, 02 Jan 2024 03:04:05 GMT");
  EXPECT_EQ(amz_date(t), "20240102T030405Z");
  EXPECT_EQ(lambda_timestamp(t), "2024-01-02T03:04:05.678+0000");
  EXPECT_EQ(parse_http_date("Tue, 02 Jan 2024 03:04:05 GMT"), t - 678);
  EXPECT_EQ(parse_iso8601("2024-01-02T03:04:05.678Z"), t);
  EXPECT_EQ(parse_iso8601("2024-01-02T04:04:05.678+01:00"), t);
  EXPECT_EQ(parse_amz_date("20240102T030405Z"), t - 678);
  EXPECT_FALSE(parse_amz_date("2024-01-02").has_value());
}

TEST(Strings, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("h\xC3\xA9llo \xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));      // overlong
}
