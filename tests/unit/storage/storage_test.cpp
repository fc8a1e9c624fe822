#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "bunker/storage/database.h"
#include "bunker/storage/key_codec.h"

using namespace bunker::storage;

namespace {

std::string temp_dir(const char* name) {
  auto dir = std::filesystem::temp_directory_path() / (std::string("bunker-unit-") + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir.string();
}

}  // namespace

TEST(KeyCodec, StringOrderMatchesByteOrderAndRoundTrips) {
  std::mt19937 rng(42);
  std::vector<std::string> values;
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 6, '\0');
    for (auto& c : s) c = static_cast<char>("\x00\x01\xFF" "ab"[rng() % 5]);
    values.push_back(s);
  }
  for (size_t i = 0; i + 1 < values.size(); ++i) {
    std::string a, b;
    append_string(a, values[i]);
    append_u32(a, 7);
    append_string(b, values[i + 1]);
    append_u32(b, 3);
    // Composite keys order by the first part first.
    if (values[i] != values[i + 1]) EXPECT_EQ(values[i] < values[i + 1], a < b) << i;
    std::string_view in = a;
    EXPECT_EQ(read_string(in), values[i]);
    EXPECT_EQ(read_u32(in), 7u);
    EXPECT_TRUE(in.empty());
  }
}

TEST(KeyCodec, IntegersOrderAsNumbers) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 5000; ++i) {
    int64_t x = static_cast<int64_t>(rng()), y = static_cast<int64_t>(rng()) >> (rng() % 60);
    std::string a, b;
    append_i64(a, x);
    append_i64(b, y);
    EXPECT_EQ(x < y, a < b);
    std::string_view in = a;
    EXPECT_EQ(read_i64(in), x);
  }
  std::string k;
  append_u64(k, 0x0102030405060708ull);
  EXPECT_EQ(k, std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
}

TEST(KeyCodec, PrefixSuccessor) {
  EXPECT_EQ(prefix_successor("ab"), "ac");
  EXPECT_EQ(prefix_successor(std::string("a\xFF", 2)), "b");
  EXPECT_EQ(prefix_successor(std::string("\xFF\xFF", 2)), "");
  std::string_view bad = std::string_view("ab\0", 3);
  EXPECT_FALSE(read_string(bad));
}

TEST(Database, InMemoryBatchesIterationAndClear) {
  Options o;
  o.in_memory = true;
  auto db = Database::open(o);
  auto* cf = db->family("test.items");
  WriteBatch b;
  for (int i = 0; i < 100; ++i) {
    std::string k;
    append_u32(k, static_cast<uint32_t>(i));
    b.put(cf, k, "v" + std::to_string(i));
  }
  db->write(b);
  ReadOptions ro;
  std::string lo, hi;
  append_u32(lo, 10);
  append_u32(hi, 20);
  ro.lower_bound = lo;
  ro.upper_bound = hi;
  auto it = db->iterator(cf, ro);
  int n = 0;
  for (it->seek_to_first(); it->valid(); it->next()) ++n;
  EXPECT_EQ(n, 10);
  it->seek_to_last();
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->value(), "v19");
  db->clear(cf);
  auto all = db->iterator(cf);
  all->seek_to_first();
  EXPECT_FALSE(all->valid());
}

TEST(Database, ReopensFamiliesAndRefusesASecondOpener) {
  Options o;
  o.path = temp_dir("reopen");
  {
    auto db = Database::open(o);
    db->put(db->family("test.a"), "k", "v1");
    db->put(db->family("test.blob", FamilyOptions{.large_values = true}), "big", std::string(100000, 'x'));
    EXPECT_THROW(Database::open(o), StorageError);
    try {
      Database::open(o);
    } catch (const StorageError& e) {
      EXPECT_NE(std::string(e.what()).find("in use by another bunker process"), std::string::npos);
    }
  }
  auto db = Database::open(o);
  EXPECT_EQ(db->get(db->family("test.a"), "k"), "v1");
  EXPECT_EQ(db->get(db->family("test.blob"), "big")->size(), 100000u);
  db.reset();
  std::filesystem::remove_all(o.path);
}

TEST(Database, SnapshotsSeeThePast) {
  Options o;
  o.in_memory = true;
  auto db = Database::open(o);
  auto* cf = db->family("test.snap");
  db->put(cf, "k", "old");
  auto snap = db->snapshot();
  db->put(cf, "k", "new");
  std::string v;
  ASSERT_TRUE(db->get(cf, "k", &v, snap.get()));
  EXPECT_EQ(v, "old");
  EXPECT_EQ(db->get(cf, "k"), "new");
}

TEST(Database, FamiliesAskedForDuringBootstrapAreCreatedTogether) {
  Options o;
  o.path = temp_dir("bootstrap");
  {
    auto db = Database::open(o);
    auto* a = db->family("test.a");
    auto* b = db->family("test.b");
    // Not created yet: reads as empty.
    EXPECT_FALSE(db->get(a, "k").has_value());
    auto it = db->iterator(b);
    it->seek_to_first();
    EXPECT_FALSE(it->valid());
    // The first write creates the pending families.
    WriteBatch batch;
    batch.put(a, "k", "1");
    db->write(batch);
    EXPECT_EQ(db->get(a, "k"), "1");
    db->finish_bootstrap();
    auto* c = db->family("test.c");  // after bootstrap: created at once
    db->put(c, "k", "3");
    db->put(b, "k", "2");
  }
  auto db = Database::open(o);
  EXPECT_EQ(db->get(db->family("test.a"), "k"), "1");
  EXPECT_EQ(db->get(db->family("test.b"), "k"), "2");
  EXPECT_EQ(db->get(db->family("test.c"), "k"), "3");
  db.reset();
  std::filesystem::remove_all(o.path);
}

// rocksdb_crc32c.cpp replaces librocksdb's CRC32C: it must give the same values.
namespace rocksdb::crc32c {
uint32_t Extend(uint32_t crc, const char* data, size_t n);
uint32_t Crc32cCombine(uint32_t crc1, uint32_t crc2, size_t crc2len);
}  // namespace rocksdb::crc32c

TEST(RocksdbCrc32c, StandardVectors) {
  using rocksdb::crc32c::Extend;
  EXPECT_EQ(Extend(0, "123456789", 9), 0xE3069283u);
  std::string zeros(32, '\0'), ones(32, '\xFF'), inc(32, '\0');
  for (int i = 0; i < 32; ++i) inc[i] = static_cast<char>(i);
  // RFC 3720 B.4
  EXPECT_EQ(Extend(0, zeros.data(), zeros.size()), 0x8A9136AAu);
  EXPECT_EQ(Extend(0, ones.data(), ones.size()), 0x62A8AB43u);
  EXPECT_EQ(Extend(0, inc.data(), inc.size()), 0x46DD794Eu);
  EXPECT_EQ(Extend(Extend(0, "12345", 5), "6789", 4), 0xE3069283u);
}

TEST(RocksdbCrc32c, CombineEqualsCrcOfConcatenation) {
  using rocksdb::crc32c::Crc32cCombine;
  using rocksdb::crc32c::Extend;
  std::string a, b;
  for (int i = 0; i < 3000; ++i) a.push_back(static_cast<char>(i * 7 + 3));
  for (int i = 0; i < 1237; ++i) b.push_back(static_cast<char>(i * 13 + 1));
  const std::string ab = a + b;
  for (size_t cut : {size_t{0}, size_t{1}, size_t{8}, size_t{1000}, a.size(), ab.size()}) {
    std::string x = ab.substr(0, cut), y = ab.substr(cut);
    EXPECT_EQ(Crc32cCombine(Extend(0, x.data(), x.size()), Extend(0, y.data(), y.size()), y.size()),
              Extend(0, ab.data(), ab.size()))
        << cut;
  }
}
