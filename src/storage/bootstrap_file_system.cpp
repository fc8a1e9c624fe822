#include "storage/bootstrap_file_system.h"

#include <fcntl.h>
#include <unistd.h>

namespace bunker::storage {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;

class DeferredSyncFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  DeferredSyncFile(std::unique_ptr<rocksdb::FSWritableFile> file, const BootstrapFileSystem& fs)
      : FSWritableFileOwnerWrapper(std::move(file)), fs_(fs) {}
  IOStatus Sync(const IOOptions& o, IODebugContext* d) override {
    return fs_.deferring() ? IOStatus::OK() : target()->Sync(o, d);
  }
  IOStatus Fsync(const IOOptions& o, IODebugContext* d) override {
    return fs_.deferring() ? IOStatus::OK() : target()->Fsync(o, d);
  }
  IOStatus RangeSync(uint64_t offset, uint64_t n, const IOOptions& o, IODebugContext* d) override {
    return fs_.deferring() ? IOStatus::OK() : target()->RangeSync(offset, n, o, d);
  }

 private:
  const BootstrapFileSystem& fs_;
};

class DeferredSyncDirectory final : public rocksdb::FSDirectoryWrapper {
 public:
  DeferredSyncDirectory(std::unique_ptr<rocksdb::FSDirectory> dir, const BootstrapFileSystem& fs)
      : FSDirectoryWrapper(std::move(dir)), fs_(fs) {}
  IOStatus Fsync(const IOOptions& o, IODebugContext* d) override {
    return fs_.deferring() ? IOStatus::OK() : FSDirectoryWrapper::Fsync(o, d);
  }
  IOStatus FsyncWithDirOptions(const IOOptions& o, IODebugContext* d,
                               const rocksdb::DirFsyncOptions& options) override {
    return fs_.deferring() ? IOStatus::OK() : FSDirectoryWrapper::FsyncWithDirOptions(o, d, options);
  }

 private:
  const BootstrapFileSystem& fs_;
};

}  // namespace

void BootstrapFileSystem::finish(const std::string& directory) {
  if (!deferring_.exchange(false)) return;
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    ::sync();
    return;
  }
  if (::syncfs(fd) != 0) ::sync();
  ::close(fd);
}

IOStatus BootstrapFileSystem::NewWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                              std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* dbg) {
  IOStatus s = target()->NewWritableFile(fname, options, result, dbg);
  if (s.ok()) *result = std::make_unique<DeferredSyncFile>(std::move(*result), *this);
  return s;
}

IOStatus BootstrapFileSystem::ReopenWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                                 std::unique_ptr<rocksdb::FSWritableFile>* result,
                                                 IODebugContext* dbg) {
  IOStatus s = target()->ReopenWritableFile(fname, options, result, dbg);
  if (s.ok()) *result = std::make_unique<DeferredSyncFile>(std::move(*result), *this);
  return s;
}

IOStatus BootstrapFileSystem::ReuseWritableFile(const std::string& fname, const std::string& old_fname,
                                                const rocksdb::FileOptions& options,
                                                std::unique_ptr<rocksdb::FSWritableFile>* result,
                                                IODebugContext* dbg) {
  IOStatus s = target()->ReuseWritableFile(fname, old_fname, options, result, dbg);
  if (s.ok()) *result = std::make_unique<DeferredSyncFile>(std::move(*result), *this);
  return s;
}

IOStatus BootstrapFileSystem::NewDirectory(const std::string& name, const IOOptions& options,
                                           std::unique_ptr<rocksdb::FSDirectory>* result, IODebugContext* dbg) {
  IOStatus s = target()->NewDirectory(name, options, result, dbg);
  if (s.ok()) *result = std::make_unique<DeferredSyncDirectory>(std::move(*result), *this);
  return s;
}

}  // namespace bunker::storage
