#pragma once
// A RocksDB file system that defers fsyncs while a brand-new data directory is being
// set up (the database files, then one column family per service concern: a few dozen
// fsyncs that dominated start-up on an empty directory). Nothing a client could have
// been told is durable exists yet, a kill -9 loses no page-cache data, and finish()
// syncs the whole file system once before the server accepts its first request.
#include <rocksdb/file_system.h>

#include <atomic>
#include <memory>
#include <string>

namespace bunker::storage {

class BootstrapFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  explicit BootstrapFileSystem(const std::shared_ptr<rocksdb::FileSystem>& target) : FileSystemWrapper(target) {}

  static const char* kClassName() { return "BunkerBootstrapFileSystem"; }
  const char* Name() const override { return kClassName(); }

  bool deferring() const { return deferring_.load(std::memory_order_acquire); }
  // Ends deferral and makes everything written so far durable (syncfs on `directory`).
  void finish(const std::string& directory);

  rocksdb::IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& fname, const std::string& old_fname,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewDirectory(const std::string& name, const rocksdb::IOOptions& options,
                                 std::unique_ptr<rocksdb::FSDirectory>* result, rocksdb::IODebugContext* dbg) override;

 private:
  std::atomic<bool> deferring_{true};
};

}  // namespace bunker::storage
