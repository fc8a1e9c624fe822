#include <gtest/gtest.h>

#include "bunker/core/aws_error.h"
#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "s3/checksums.h"

namespace bunker::s3 {
namespace {

std::string raw_crc(ChecksumAlgorithm a, std::string_view data) {
  Digest d(digest_algorithm(a));
  d.update(data);
  return d.finish();
}

TEST(Checksums, CombinedCrcEqualsCrcOfConcatenation) {
  const std::string a(5 * 1024 * 1024 + 3, 'a');
  std::string b;
  for (int i = 0; i < 1000; ++i) b += static_cast<char>(i * 7);
  const std::string c = "tail";
  for (auto alg : {ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c, ChecksumAlgorithm::kCrc64Nvme}) {
    std::string combined = combined_crc(alg, {raw_crc(alg, a), raw_crc(alg, b), raw_crc(alg, c)},
                                        {a.size(), b.size(), c.size()});
    EXPECT_EQ(hex_encode(combined), hex_encode(raw_crc(alg, a + b + c))) << checksum_name(alg);
  }
}

TEST(Checksums, KnownCheckValues) {
  // The "123456789" check values of each CRC's catalogue entry.
  EXPECT_EQ(hex_encode(raw_crc(ChecksumAlgorithm::kCrc32, "123456789")), "cbf43926");
  EXPECT_EQ(hex_encode(raw_crc(ChecksumAlgorithm::kCrc32c, "123456789")), "e3069283");
  EXPECT_EQ(hex_encode(raw_crc(ChecksumAlgorithm::kCrc64Nvme, "123456789")), "ae8b14860a799888");
}

TEST(Checksums, CompositeIsChecksumOfPartChecksums) {
  std::string p1 = raw_crc(ChecksumAlgorithm::kCrc32, "part one"), p2 = raw_crc(ChecksumAlgorithm::kCrc32, "part two");
  EXPECT_EQ(composite_checksum(ChecksumAlgorithm::kCrc32, {p1, p2}),
            base64_encode(raw_crc(ChecksumAlgorithm::kCrc32, p1 + p2)) + "-2");
}

TEST(Checksums, DeclaredChecksumFromHeadersAndTrailer) {
  http::Headers h;
  h.add("x-amz-checksum-crc32", "DUoRhQ==");
  auto d = declared_checksum(h);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->algorithm, ChecksumAlgorithm::kCrc32);
  EXPECT_EQ(d->value, "DUoRhQ==");
  http::Headers t;
  t.add("x-amz-trailer", "x-amz-checksum-crc64nvme");
  d = declared_checksum(t);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->in_trailer);
  EXPECT_EQ(d->algorithm, ChecksumAlgorithm::kCrc64Nvme);
  http::Headers bad;
  bad.add("x-amz-checksum-sha256", "AAAA");
  EXPECT_THROW(declared_checksum(bad), AwsError);
  http::Headers two;
  two.add("x-amz-checksum-crc32", "DUoRhQ==");
  two.add("x-amz-checksum-crc32c", "DUoRhQ==");
  EXPECT_THROW(declared_checksum(two), AwsError);
}

}  // namespace
}  // namespace bunker::s3
