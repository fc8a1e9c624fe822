#pragma once
// In-progress multipart uploads ("s3.uploads", keyed by bucket, key, upload id — the
// order ListMultipartUploads needs; upload ids start with their creation time so uploads
// of one key list oldest first) and their parts ("s3.parts", keyed by upload id and part
// number). One lock per upload orders UploadPart against Complete and Abort, so a part
// that lands after an abort is discarded instead of leaked.
#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bunker/storage/database.h"
#include "s3/data_store.h"
#include "s3/object_record.h"

namespace bunker::s3 {

class UploadStore {
 public:
  UploadStore(storage::Database& db, DataStore& data);

  static std::string new_upload_id();
  void create(const UploadRecord& upload);
  std::optional<UploadRecord> get(std::string_view bucket, std::string_view key, std::string_view upload_id) const;
  // Stores a part (replacing the same number); false when the upload is gone (the part's
  // data is then not committed and the caller's writer discards it).
  bool put_part(const UploadRecord& upload, const PartRecord& part, storage::WriteBatch& batch);
  std::vector<PartRecord> parts(std::string_view upload_id) const;
  // Completes an upload under its lock: `prepare` sees the current parts, validates, and
  // returns the data ids the new object keeps; the upload, its part records and the data
  // of every other part are then removed in one batch that `commit` writes (with the
  // object record). False when the upload no longer exists.
  bool finish(const UploadRecord& upload,
              const std::function<std::vector<uint64_t>(const std::vector<PartRecord>& parts)>& prepare,
              const std::function<void(storage::WriteBatch& batch)>& commit);
  // Removes the upload and all of its parts' data; false when it did not exist.
  bool abort(std::string_view bucket, std::string_view key, std::string_view upload_id);
  void abort_all(std::string_view bucket);

  std::unique_ptr<storage::Iterator> iterator(std::string_view bucket) const;
  void reset();

 private:
  std::string upload_key(std::string_view bucket, std::string_view key, std::string_view upload_id) const;
  std::mutex& lock_for(std::string_view upload_id);
  void remove_locked(const UploadRecord& upload, storage::WriteBatch& batch, const std::vector<uint64_t>& kept);
  storage::Database& db_;
  DataStore& data_;
  storage::ColumnFamily* uploads_;
  storage::ColumnFamily* parts_;
  std::array<std::mutex, 64> locks_;
};

}  // namespace bunker::s3
