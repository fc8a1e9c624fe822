// RocksDB's own rate on this machine: random Puts (WAL on, no fsync: what Bunker does by
// default) and random Gets over the same number of keys the DynamoDB workloads use, from
// one thread and from two, each for a fixed time. The ceiling a storage-bound request
// can reach here. Prints one JSON object.
//   rocksdb_rate <empty dir> [keys=10000] [value bytes=256] [seconds per phase=2]
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string key_of(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "bench/user#%05d/%d", i / 10, i % 10);
  return buf;
}

template <typename Op>
double rate(int threads, double seconds, Op op) {
  std::atomic<bool> stop{false};
  std::atomic<long> total{0};
  std::vector<std::thread> pool;
  auto t0 = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::mt19937 rng(1234 + t);
      long n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        for (int k = 0; k < 256; ++k) op(rng);
        n += 256;
      }
      total += n;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : pool) th.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return static_cast<double>(total.load()) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: rocksdb_rate <empty dir> [keys] [value bytes] [seconds]\n");
    return 2;
  }
  const int keys = argc > 2 ? std::stoi(argv[2]) : 10000;
  const int value_bytes = argc > 3 ? std::stoi(argv[3]) : 256;
  const double seconds = argc > 4 ? std::stod(argv[4]) : 2.0;

  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, argv[1], &raw);
  if (!s.ok()) {
    std::fprintf(stderr, "open: %s\n", s.ToString().c_str());
    return 1;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  const std::string value(value_bytes, 'v');
  rocksdb::WriteOptions wo;  // WAL on, sync off
  for (int i = 0; i < keys; ++i) db->Put(wo, key_of(i), value);

  std::uniform_int_distribution<int> pick(0, keys - 1);
  auto put = [&](std::mt19937& rng) { db->Put(wo, key_of(pick(rng)), value); };
  rocksdb::ReadOptions ro;
  auto get = [&](std::mt19937& rng) {
    std::string out;
    db->Get(ro, key_of(pick(rng)), &out);
  };
  double w1 = rate(1, seconds, put), w2 = rate(2, seconds, put);
  double r1 = rate(1, seconds, get), r2 = rate(2, seconds, get);
  std::printf(
      "{\"keys\":%d,\"value_bytes\":%d,\"random_put_per_s\":{\"1\":%.0f,\"2\":%.0f},"
      "\"random_get_per_s\":{\"1\":%.0f,\"2\":%.0f}}\n",
      keys, value_bytes, w1, w2, r1, r2);
  return 0;
}
