#include "bunker/storage/database.h"
#include "bunker/storage/key_codec.h"

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/write_batch.h>

#include <filesystem>
#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "storage/bootstrap_file_system.h"

namespace bunker::storage {

bool use_hardware_crc32c();  // rocksdb_crc32c.cpp

// The handle callers hold. While a new data directory is being set up, families are
// created lazily and together: RocksDB rewrites and re-verifies its whole OPTIONS file for
// every column family it creates (most of the CPU of starting on an empty directory), so
// the families services ask for are created in one CreateColumnFamilies call — when the
// server finishes bootstrapping, or at the first write to one of them. A family that does
// not exist yet reads as empty.
class ColumnFamily {
 public:
  ColumnFamily(std::string name, FamilyOptions options, Database::Impl* owner)
      : name_(std::move(name)), options_(options), owner_(owner) {}
  const std::string& name() const { return name_; }
  const FamilyOptions& options() const { return options_; }
  // The RocksDB handle, creating the family (and every other pending one) if needed.
  rocksdb::ColumnFamilyHandle* handle();
  // The handle if the family exists already, else nullptr (reads treat it as empty).
  rocksdb::ColumnFamilyHandle* existing() const { return handle_.load(std::memory_order_acquire); }
  void bind(rocksdb::ColumnFamilyHandle* h) { handle_.store(h, std::memory_order_release); }

 private:
  std::string name_;
  FamilyOptions options_;
  Database::Impl* owner_;
  std::atomic<rocksdb::ColumnFamilyHandle*> handle_{nullptr};
};

namespace {

rocksdb::ColumnFamilyHandle* raw(ColumnFamily* cf) { return cf->handle(); }

class EmptyIterator final : public Iterator {
 public:
  void seek_to_first() override {}
  void seek_to_last() override {}
  void seek(std::string_view) override {}
  void seek_for_prev(std::string_view) override {}
  bool valid() const override { return false; }
  void next() override {}
  void prev() override {}
  std::string_view key() const override { return {}; }
  std::string_view value() const override { return {}; }
  void check() const override {}
};
rocksdb::Slice slice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
std::string_view view(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

constexpr const char* kSchemaKey = "bunker:schema-version";

void check(const rocksdb::Status& s, const char* what) {
  if (!s.ok()) throw StorageError(std::string(what) + ": " + s.ToString());
}

class RocksIterator final : public Iterator {
 public:
  RocksIterator(rocksdb::Iterator* it, std::unique_ptr<std::string> lower, std::unique_ptr<std::string> upper,
                std::unique_ptr<rocksdb::Slice> lower_slice, std::unique_ptr<rocksdb::Slice> upper_slice)
      : lower_(std::move(lower)), upper_(std::move(upper)), lower_slice_(std::move(lower_slice)),
        upper_slice_(std::move(upper_slice)), it_(it) {}
  void seek_to_first() override { it_->SeekToFirst(); }
  void seek_to_last() override { it_->SeekToLast(); }
  void seek(std::string_view key) override { it_->Seek(slice(key)); }
  void seek_for_prev(std::string_view key) override { it_->SeekForPrev(slice(key)); }
  bool valid() const override { return it_->Valid(); }
  void next() override { it_->Next(); }
  void prev() override { it_->Prev(); }
  std::string_view key() const override { return view(it_->key()); }
  std::string_view value() const override { return view(it_->value()); }
  void check() const override { storage::check(it_->status(), "iterate"); }

 private:
  // The bounds must outlive the RocksDB iterator, which keeps pointers to them.
  std::unique_ptr<std::string> lower_, upper_;
  std::unique_ptr<rocksdb::Slice> lower_slice_, upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace

struct WriteBatch::Impl {
  rocksdb::WriteBatch batch;
};

WriteBatch::WriteBatch() : impl_(std::make_unique<Impl>()) {}
WriteBatch::WriteBatch(size_t reserved_bytes) : impl_(std::make_unique<Impl>(Impl{rocksdb::WriteBatch(reserved_bytes)})) {}
WriteBatch::~WriteBatch() = default;
WriteBatch::WriteBatch(WriteBatch&&) noexcept = default;
WriteBatch& WriteBatch::operator=(WriteBatch&&) noexcept = default;
void WriteBatch::put(ColumnFamily* cf, std::string_view k, std::string_view v) {
  check(impl_->batch.Put(raw(cf), slice(k), slice(v)), "batch put");
}
void WriteBatch::del(ColumnFamily* cf, std::string_view k) { check(impl_->batch.Delete(raw(cf), slice(k)), "batch delete"); }
void WriteBatch::del_range(ColumnFamily* cf, std::string_view b, std::string_view e) {
  check(impl_->batch.DeleteRange(raw(cf), slice(b), slice(e)), "batch delete range");
}
size_t WriteBatch::count() const { return impl_->batch.Count(); }
size_t WriteBatch::data_size() const { return impl_->batch.GetDataSize(); }
void WriteBatch::clear() { impl_->batch.Clear(); }

struct Database::Impl {
  Options options;
  std::unique_ptr<rocksdb::Env> mem_env;
  // Set while a new data directory is being created (see BootstrapFileSystem).
  std::shared_ptr<BootstrapFileSystem> bootstrap_fs;
  std::unique_ptr<rocksdb::Env> bootstrap_env;
  std::shared_ptr<rocksdb::Cache> cache;
  std::shared_ptr<rocksdb::Cache> blob_cache;
  rocksdb::DBOptions db_options;
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::WriteOptions write_options;
  mutable std::shared_mutex families_mutex;
  std::map<std::string, std::unique_ptr<ColumnFamily>, std::less<>> families;
  bool defer_families = false;               // while bootstrapping a new directory
  std::mutex bootstrap_mutex;                // serialises finish_bootstrap
  std::atomic<bool> bootstrapped{false};     // finish_bootstrap has completed
  std::vector<ColumnFamily*> pending;        // asked for, not created yet

  // Creates every pending family in one call (one OPTIONS file write).
  void create_pending() {
    std::unique_lock lock(families_mutex);
    if (pending.empty()) return;
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (auto* cf : pending) descriptors.emplace_back(cf->name(), family_options(cf->options()));
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    check(db->CreateColumnFamilies(descriptors, &handles), "create column families");
    for (size_t i = 0; i < handles.size(); ++i) pending[i]->bind(handles[i]);
    pending.clear();
  }

  rocksdb::ColumnFamilyOptions family_options(const FamilyOptions& fo) const {
    rocksdb::ColumnFamilyOptions cfo;
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = cache;
    if (fo.point_lookups) table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
    cfo.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    // Small memtables: most local data sets are small, and idle memory matters.
    cfo.write_buffer_size = fo.large_values ? (16ull << 20) : (8ull << 20);
    cfo.max_write_buffer_number = 3;
    if (fo.large_values) {
      cfo.enable_blob_files = true;
      cfo.min_blob_size = 4096;
      cfo.enable_blob_garbage_collection = true;
      cfo.blob_cache = blob_cache;
    }
    return cfo;
  }
};

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

rocksdb::ColumnFamilyHandle* ColumnFamily::handle() {
  if (auto* h = existing()) return h;
  owner_->create_pending();
  return existing();
}

Database::~Database() {
  if (!impl_ || !impl_->db) return;
  finish_bootstrap();
  for (auto& [name, cf] : impl_->families)
    if (auto* h = cf->existing(); h && h != impl_->db->DefaultColumnFamily()) impl_->db->DestroyColumnFamilyHandle(h);
  impl_->families.clear();
  impl_->db->SyncWAL().PermitUncheckedError();
  impl_->db->Close().PermitUncheckedError();
  impl_->db.reset();
}

std::unique_ptr<Database> Database::open(const Options& options) {
  // Links rocksdb_crc32c.cpp's CRC32C in place of librocksdb's portable one (see there).
  static const bool hardware_crc = use_hardware_crc32c();
  (void)hardware_crc;
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  // One shard: blobs are up to a megabyte (an S3 chunk), and a shard smaller than a few of
  // them would evict each as soon as it is inserted. Two cores make the shared lock cheap.
  if (options.blob_cache_bytes) impl->blob_cache = rocksdb::NewLRUCache(options.blob_cache_bytes, 0);
  rocksdb::DBOptions& dbo = impl->db_options;
  dbo.create_if_missing = true;
  dbo.create_missing_column_families = true;
  dbo.max_background_jobs = 2;
  // Two flush threads: a flush spends most of its time waiting for the new files' fsync,
  // and with one thread a stream of large writes (S3 uploads) filled every memtable while
  // it waited, which stops all writers (and with them the server's threads).
  dbo.max_background_flushes = 2;
  dbo.max_background_compactions = 1;
  dbo.keep_log_file_num = 2;
  dbo.max_total_wal_size = 64ull << 20;
  dbo.avoid_unnecessary_blocking_io = true;
  std::string path = options.path;
  if (options.in_memory) {
    impl->mem_env.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    dbo.env = impl->mem_env.get();
    path = "/bunker-in-memory";
  } else {
    std::error_code ec;
    const bool fresh = !std::filesystem::exists(std::filesystem::path(path) / "CURRENT", ec);
    std::filesystem::create_directories(path, ec);
    if (ec) throw StorageError("cannot create data directory " + path + ": " + ec.message());
    if (fresh) {
      impl->bootstrap_fs = std::make_shared<BootstrapFileSystem>(rocksdb::FileSystem::Default());
      impl->bootstrap_env = rocksdb::NewCompositeEnv(impl->bootstrap_fs);
      dbo.env = impl->bootstrap_env.get();
    }
  }
  impl->write_options.sync = options.fsync;

  // Reopen every family that exists with the options it was created with (RocksDB keeps
  // them in its OPTIONS file); only the shared block cache is attached anew.
  std::vector<std::string> names;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  if (!options.in_memory) {
    rocksdb::ConfigOptions co;
    co.ignore_unknown_options = true;
    rocksdb::DBOptions persisted;
    std::vector<rocksdb::ColumnFamilyDescriptor> found;
    if (rocksdb::LoadLatestOptions(co, path, &persisted, &found).ok()) {
      for (auto& d : found) {
        FamilyOptions fo;
        fo.large_values = d.options.enable_blob_files;
        names.push_back(d.name);
        descriptors.emplace_back(d.name, impl->family_options(fo));
      }
    }
  }
  if (descriptors.empty()) {
    names = {rocksdb::kDefaultColumnFamilyName};
    descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, impl->family_options({}));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(dbo, path, descriptors, &handles, &db);
  if (!s.ok()) {
    std::string msg = s.ToString();
    if (msg.find("lock") != std::string::npos || msg.find("LOCK") != std::string::npos)
      throw StorageError("the data directory " + path +
                         " is in use by another bunker process (stop it, or start this one with another --data-dir)");
    throw StorageError("cannot open the data directory " + path + ": " + msg);
  }
  impl->db.reset(db);
  Database::Impl* owner = impl.get();
  for (size_t i = 0; i < handles.size(); ++i) {
    FamilyOptions fo;
    fo.large_values = descriptors[i].options.enable_blob_files;
    auto cf = std::make_unique<ColumnFamily>(names[i], fo, owner);
    cf->bind(handles[i]);
    impl->families.emplace(names[i], std::move(cf));
  }
  impl->defer_families = impl->bootstrap_fs != nullptr || options.in_memory;

  // Schema version: refuse data written by a newer, incompatible bunker.
  std::string version;
  auto* def = impl->db->DefaultColumnFamily();
  rocksdb::Status gs = impl->db->Get(rocksdb::ReadOptions(), def, kSchemaKey, &version);
  if (gs.IsNotFound()) {
    check(impl->db->Put(impl->write_options, def, kSchemaKey, std::to_string(kSchemaVersion)), "write schema version");
  } else {
    check(gs, "read schema version");
    if (std::stoi(version) > kSchemaVersion)
      throw StorageError("the data directory " + path + " was written by a newer bunker (schema " + version +
                         ", this build reads " + std::to_string(kSchemaVersion) + ")");
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

ColumnFamily* Database::family(std::string_view name, const FamilyOptions& options) {
  {
    std::shared_lock lock(impl_->families_mutex);
    if (auto it = impl_->families.find(name); it != impl_->families.end()) return it->second.get();
  }
  ColumnFamily* cf;
  {
    std::unique_lock lock(impl_->families_mutex);
    if (auto it = impl_->families.find(name); it != impl_->families.end()) return it->second.get();
    auto owned = std::make_unique<ColumnFamily>(std::string(name), options, impl_.get());
    cf = owned.get();
    impl_->families.emplace(std::string(name), std::move(owned));
    impl_->pending.push_back(cf);
    if (impl_->defer_families) return cf;
  }
  impl_->create_pending();
  return cf;
}

bool Database::get(ColumnFamily* cf, std::string_view key, std::string* value, const Snapshot* snap) const {
  if (!cf->existing()) return false;
  rocksdb::ReadOptions ro;
  if (snap) ro.snapshot = static_cast<const rocksdb::Snapshot*>(snap->snap_);
  rocksdb::Status s = impl_->db->Get(ro, raw(cf), slice(key), value);
  if (s.IsNotFound()) return false;
  check(s, "get");
  return true;
}

std::optional<std::string> Database::get(ColumnFamily* cf, std::string_view key) const {
  std::string v;
  if (!get(cf, key, &v)) return std::nullopt;
  return v;
}

void Database::put(ColumnFamily* cf, std::string_view key, std::string_view value) {
  before_write();
  check(impl_->db->Put(impl_->write_options, raw(cf), slice(key), slice(value)), "put");
}

void Database::del(ColumnFamily* cf, std::string_view key) {
  before_write();
  check(impl_->db->Delete(impl_->write_options, raw(cf), slice(key)), "delete");
}

void Database::write(WriteBatch& batch) {
  if (batch.count() == 0) return;
  before_write();
  check(impl_->db->Write(impl_->write_options, &batch.impl_->batch), "write batch");
}

bool Database::writes_stopped() const {
  uint64_t stopped = 0;
  return impl_->db->GetIntProperty(rocksdb::DB::Properties::kIsWriteStopped, &stopped) && stopped != 0;
}

std::unique_ptr<Iterator> Database::iterator(ColumnFamily* cf, const ReadOptions& options) const {
  if (!cf->existing()) return std::make_unique<EmptyIterator>();
  rocksdb::ReadOptions ro;
  ro.fill_cache = options.fill_cache;
  ro.verify_checksums = options.verify_checksums;
  if (options.snapshot) ro.snapshot = static_cast<const rocksdb::Snapshot*>(options.snapshot->snap_);
  std::unique_ptr<std::string> lower, upper;
  std::unique_ptr<rocksdb::Slice> lower_slice, upper_slice;
  if (options.lower_bound) {
    lower = std::make_unique<std::string>(*options.lower_bound);
    lower_slice = std::make_unique<rocksdb::Slice>(*lower);
    ro.iterate_lower_bound = lower_slice.get();
  }
  if (options.upper_bound) {
    upper = std::make_unique<std::string>(*options.upper_bound);
    upper_slice = std::make_unique<rocksdb::Slice>(*upper);
    ro.iterate_upper_bound = upper_slice.get();
  }
  return std::make_unique<RocksIterator>(impl_->db->NewIterator(ro, raw(cf)), std::move(lower), std::move(upper),
                                         std::move(lower_slice), std::move(upper_slice));
}

std::unique_ptr<Snapshot> Database::snapshot() {
  return std::unique_ptr<Snapshot>(new Snapshot(this, impl_->db->GetSnapshot()));
}

Snapshot::~Snapshot() { db_->impl_->db->ReleaseSnapshot(static_cast<const rocksdb::Snapshot*>(snap_)); }

void Database::clear(ColumnFamily* cf) {
  if (!cf->existing()) return;
  // A range tombstone over the whole key space: cheap, and atomic for readers.
  auto it = iterator(cf);
  it->seek_to_first();
  if (!it->valid()) return;
  std::string first(it->key());
  it->seek_to_last();
  std::string last(it->key());
  last.push_back('\0');
  before_write();
  rocksdb::WriteBatch b;
  check(b.DeleteRange(raw(cf), slice(first), slice(last)), "clear");
  check(impl_->db->Write(impl_->write_options, &b), "clear");
}

uint64_t Database::approximate_size(ColumnFamily* cf) const {
  if (!cf->existing()) return 0;
  rocksdb::Range r("", std::string(64, '\xFF'));
  uint64_t size = 0;
  rocksdb::SizeApproximationOptions o;
  o.include_memtables = true;
  o.include_files = true;
  impl_->db->GetApproximateSizes(o, raw(cf), &r, 1, &size).PermitUncheckedError();
  return size;
}

void Database::finish_bootstrap() {
  if (impl_->bootstrapped.load(std::memory_order_acquire)) return;
  std::lock_guard guard(impl_->bootstrap_mutex);
  if (impl_->bootstrapped.load(std::memory_order_relaxed)) return;
  impl_->create_pending();
  {
    std::unique_lock lock(impl_->families_mutex);
    impl_->defer_families = false;
  }
  if (impl_->bootstrap_fs) impl_->bootstrap_fs->finish(impl_->options.path);
  impl_->bootstrapped.store(true, std::memory_order_release);
}

void Database::before_write() {
  // A write must not be acknowledged while fsyncs are still deferred: the first one
  // finishes the bootstrap (or waits for the thread that is finishing it).
  if (!impl_->bootstrapped.load(std::memory_order_acquire)) finish_bootstrap();
}

bool Database::in_memory() const { return impl_->options.in_memory; }
const std::string& Database::path() const { return impl_->options.path; }

void Database::compact(ColumnFamily* cf) {
  if (!cf->existing()) return;
  rocksdb::CompactRangeOptions o;
  o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  check(impl_->db->CompactRange(o, raw(cf), nullptr, nullptr), "compact");
}

ReadOptions ReadOptions::prefixed(std::string_view prefix) {
  ReadOptions o;
  o.lower_bound = std::string(prefix);
  o.upper_bound = prefix_successor(prefix);
  return o;
}

void Database::flush() {
  rocksdb::FlushOptions fo;
  std::vector<rocksdb::ColumnFamilyHandle*> hs;
  {
    std::shared_lock lock(impl_->families_mutex);
    for (auto& [n, cf] : impl_->families)
      if (auto* h = cf->existing()) hs.push_back(h);
  }
  impl_->db->Flush(fo, hs).PermitUncheckedError();
  impl_->db->SyncWAL().PermitUncheckedError();
}

}  // namespace bunker::storage
