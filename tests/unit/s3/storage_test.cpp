// The data store's guarantees without a server: chunks stream in and out, an object is
// visible only once its record is written, and data left pending by a crash is discarded
// at the next start-up.
#include <gtest/gtest.h>

#include <filesystem>

#include "bunker/core/ids.h"
#include "bunker/storage/database.h"
#include "s3/engine.h"
#include "s3/object_record.h"

namespace bunker::s3 {
namespace {

EngineConfig config() {
  EngineConfig c;
  c.default_region = "us-east-1";
  c.default_account = "000000000000";
  return c;
}

std::unique_ptr<storage::Database> open_db(const std::string& path) {
  storage::Options o;
  o.path = path;
  return storage::Database::open(o);
}

std::string read_all(const Engine& engine, std::string_view bucket, std::string_view key) {
  return engine.read(bucket, key, 1ull << 30);
}

size_t count_keys(storage::Database& db, const char* family) {
  auto it = db.iterator(db.family(family));
  size_t n = 0;
  for (it->seek_to_first(); it->valid(); it->next()) ++n;
  return n;
}

class S3Storage : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("bunker-s3-unit-" + random_hex(8, false));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(S3Storage, ChunkedWriteAndRangedRead) {
  auto db = open_db(dir_.string());
  Engine engine(*db, config());
  BucketRecord b;
  b.name = "bucket";
  bool created = false;
  engine.buckets.create(b, &created);
  std::string data;
  for (size_t i = 0; i < DataStore::kChunkSize * 2 + 123; ++i) data += static_cast<char>(i * 31 + (i >> 11));
  engine.write("bucket", "key", data, "");
  EXPECT_EQ(read_all(engine, "bucket", "key"), data);

  auto rec = engine.objects.get("bucket", "key");
  ASSERT_TRUE(rec);
  ObjectStream stream(engine.data, engine.objects.read_view(), rec->segments, DataStore::kChunkSize - 10,
                      DataStore::kChunkSize + 20);
  std::string part(30, '\0');
  size_t got = 0;
  while (got < part.size()) got += stream.read(std::span<char>(part.data() + got, part.size() - got));
  EXPECT_EQ(part, data.substr(DataStore::kChunkSize - 10, 30));
}

TEST_F(S3Storage, ReplacingAnObjectDiscardsItsOldData) {
  auto db = open_db(dir_.string());
  Engine engine(*db, config());
  BucketRecord b;
  b.name = "bucket";
  bool created = false;
  engine.buckets.create(b, &created);
  engine.write("bucket", "key", std::string(3 * DataStore::kChunkSize, 'a'), "");
  EXPECT_EQ(count_keys(*db, "s3.data"), 3u);
  engine.write("bucket", "key", "short", "");
  EXPECT_EQ(count_keys(*db, "s3.data"), 1u);
  EXPECT_TRUE(engine.objects.remove("bucket", "key"));
  EXPECT_EQ(count_keys(*db, "s3.data"), 0u);
}

TEST_F(S3Storage, ReaderKeepsItsSnapshotWhileTheObjectIsReplaced) {
  auto db = open_db(dir_.string());
  Engine engine(*db, config());
  BucketRecord b;
  b.name = "bucket";
  bool created = false;
  engine.buckets.create(b, &created);
  engine.write("bucket", "key", std::string(2 * DataStore::kChunkSize, 'a'), "");
  ReadView view = engine.objects.read_view();
  auto rec = engine.objects.get("bucket", "key", view.snapshot.get());
  engine.write("bucket", "key", std::string(2 * DataStore::kChunkSize, 'b'), "");
  ObjectStream stream(engine.data, view, rec->segments, 0, rec->size);
  std::string out(rec->size, '\0');
  size_t got = 0;
  while (got < out.size()) got += stream.read(std::span<char>(out.data() + got, out.size() - got));
  EXPECT_EQ(out, std::string(2 * DataStore::kChunkSize, 'a'));
}

TEST_F(S3Storage, InterruptedUploadIsInvisibleAndDiscardedAtStartUp) {
  {
    auto db = open_db(dir_.string());
    Engine engine(*db, config());
    DataStore& data = engine.data;
    // What a server killed mid-upload leaves: a pending marker and some chunks, no record.
    const uint64_t id = data.new_id();
    data.mark_pending(id);
    data.put_chunk(id, 0, std::string(DataStore::kChunkSize, 'x'));
    data.put_chunk(id, 1, std::string(DataStore::kChunkSize, 'y'));
    EXPECT_FALSE(engine.objects.get("bucket", "key"));
    EXPECT_EQ(count_keys(*db, "s3.data"), 2u);
  }
  auto db = open_db(dir_.string());
  Engine engine(*db, config());
  EXPECT_EQ(count_keys(*db, "s3.data"), 0u);
  EXPECT_EQ(count_keys(*db, "s3.pending"), 0u);
}

TEST_F(S3Storage, AbandonedWriterDiscardsItsChunks) {
  auto db = open_db(dir_.string());
  Engine engine(*db, config());
  {
    DataWriter writer(engine.data);
    writer.write(std::string(2 * DataStore::kChunkSize + 5, 'z'));  // two chunks flushed
    EXPECT_EQ(count_keys(*db, "s3.data"), 2u);
  }  // destroyed without commit: a failed upload
  EXPECT_EQ(count_keys(*db, "s3.data"), 0u);
  EXPECT_EQ(count_keys(*db, "s3.pending"), 0u);
}

TEST(S3Records, ObjectRecordRoundTrip) {
  ObjectRecord r;
  r.size = 123;
  r.etag = "abc-2";
  r.last_modified_ms = 1700000000123;
  r.owner_id = "owner";
  r.checksum_algorithm = "CRC32";
  r.checksum_type = "COMPOSITE";
  r.checksum_value = "AAAAAA==-2";
  r.content_type = "text/plain";
  r.metadata = {{"a", "1"}, {"b", ""}};
  r.tags = {{"t", "v"}};
  r.segments = {{7, 100}, {9, 23}};
  r.parts = {{100, "x"}, {23, "y"}};
  auto back = decode_object(encode(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->etag, r.etag);
  EXPECT_EQ(back->metadata, r.metadata);
  EXPECT_EQ(back->segments.size(), 2u);
  EXPECT_EQ(back->segments[1].data_id, 9u);
  EXPECT_EQ(back->parts[1].checksum, "y");
  auto listing = decode_listing(encode(r));
  ASSERT_TRUE(listing);
  EXPECT_EQ(listing->size, 123u);
  EXPECT_TRUE(listing->metadata.empty());
  EXPECT_FALSE(decode_object("garbage"));
}

}  // namespace
}  // namespace bunker::s3
