#pragma once
// Object bytes in RocksDB.
//
// Design: every upload (a PutObject body, one multipart part, a copy) gets a fresh random
// 64-bit data id, and its bytes are stored as fixed-size chunks under (data id, chunk
// index) in the "s3.data" family, which keeps large values in RocksDB blob files.
// Why fixed-size chunks rather than one value per object:
//   - memory stays bounded: an upload or download never holds more than one chunk, so a
//     2 GiB object streams through with a few MiB of buffers;
//   - a Range GET or partNumber GET seeks straight to the chunk it needs;
//   - a completed multipart object is just the list of its parts' data ids (segments), so
//     CompleteMultipartUpload moves no bytes;
//   - with blob files, compaction moves only the small keys, not the megabytes behind them.
// 1 MiB chunks: large enough that per-chunk overhead (one WAL record, one blob read) is
// small next to the data, small enough to keep per-connection buffers modest.
//
// Visibility and leaks: chunks are written before the object's record exists, so readers
// cannot see an object until its record is put — in the same WriteBatch that retires the
// data id's "pending" marker. A data id is marked pending before its first chunk is
// written; whatever is still pending at start-up (a server killed mid-upload) or when an
// upload fails is deleted, so an interrupted upload leaves neither an object nor data.
// Bodies that fit in one chunk skip the marker: their only chunk goes into the same batch
// as the record.
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bunker/http/body.h"
#include "bunker/storage/database.h"
#include "s3/object_record.h"

namespace bunker::s3 {

class SpaceReclaimer;

class DataStore {
 public:
  static constexpr size_t kChunkSize = 1 << 20;
  // Objects up to this size are read through RocksDB's blob cache (storage::Options::
  // blob_cache_bytes): a hot object is then answered straight from memory, without a file
  // read and the copy RocksDB makes of it. Larger objects bypass the cache, so that
  // streaming a big one neither evicts the hot ones nor grows the server's memory.
  static constexpr uint64_t kCachedObjectBytes = 4ull << 20;

  explicit DataStore(storage::Database& db);
  ~DataStore();

  storage::Database& db() { return db_; }
  uint64_t new_id() const;
  // Returns once RocksDB takes writes again (see Database::writes_stopped): an upload that
  // waits here leaves its thread to the other connections, where a blocked write would
  // have stalled them all until a flush finished.
  boost::asio::awaitable<void> writable() const;
  // Marks a data id as being written (durable before any of its chunks).
  void mark_pending(uint64_t id);
  void put_chunk(uint64_t id, uint32_t index, std::string_view bytes);
  void put_chunk(storage::WriteBatch& batch, uint64_t id, uint32_t index, std::string_view bytes);
  // The data id is now owned by a record written in `batch`.
  void commit(storage::WriteBatch& batch, uint64_t id);
  // Deletes the data (and any pending marker) in `batch`. `bytes`: its size, which counts
  // towards the next space reclamation (see SpaceReclaimer).
  void discard(storage::WriteBatch& batch, uint64_t id, uint64_t bytes = 0);
  void discard_now(uint64_t id);
  bool get_chunk(uint64_t id, uint32_t index, std::string* out, const storage::Snapshot* snap) const;
  // An iterator over one data id's chunks, for streaming reads: RocksDB's read-side CRC is
  // skipped (the object's own MD5/CRC cover the bytes end to end, and that CRC was a third
  // of a large GET's CPU). `cache`: the chunks may enter the blob cache (see
  // kCachedObjectBytes).
  std::unique_ptr<storage::Iterator> chunk_iterator(uint64_t id, const storage::Snapshot* snap, bool cache) const;
  static bool is_chunk(std::string_view key, uint64_t id, uint32_t index);
  // Deletes everything still pending (start-up after a crash). Returns how many.
  size_t recover();
  void clear();

 private:
  friend class SpaceReclaimer;
  storage::Database& db_;
  storage::ColumnFamily* data_;
  storage::ColumnFamily* pending_;
  std::atomic<uint64_t> discarded_{0};  // bytes deleted since the last reclamation
  std::unique_ptr<SpaceReclaimer> reclaimer_;
};

// Streams bytes into the data store in chunks. Until commit() the data is discarded when
// the writer is destroyed (failed or abandoned upload).
class DataWriter {
 public:
  explicit DataWriter(DataStore& store);
  ~DataWriter();
  DataWriter(const DataWriter&) = delete;
  DataWriter& operator=(const DataWriter&) = delete;

  DataStore& store() { return store_; }
  void write(std::string_view bytes);
  // Zero-copy form of write(): space() is room in the current chunk (never empty) to read
  // into directly; advance(n) takes the first n bytes of it.
  std::span<char> space();
  void advance(size_t n);
  // The body's announced size, so small objects do not reserve a whole chunk.
  void expect(uint64_t size) { expected_ = size; }
  uint64_t size() const { return size_; }
  // True when the next space() stores a full chunk (a write: wait for writable() first).
  bool chunk_full() const { return used_ == DataStore::kChunkSize; }
  // Bytes finish() will add to a batch (size it with them).
  size_t buffered() const { return used_; }
  // Puts the last chunk and the marker removal into `batch`; call committed() once the
  // batch is written.
  Segment finish(storage::WriteBatch& batch);
  void committed() { committed_ = true; }

 private:
  void flush_chunk();
  DataStore& store_;
  uint64_t id_;
  uint32_t next_chunk_ = 0;
  uint64_t size_ = 0;
  bool pending_marked_ = false;
  bool committed_ = false;
  uint64_t expected_ = DataStore::kChunkSize;
  // The chunk being filled: not a std::string, whose resize would zero what the socket is
  // about to overwrite.
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  size_t used_ = 0;
};

// A consistent view for reading object bytes while writers replace or delete them.
struct ReadView {
  storage::Database* db = nullptr;
  std::shared_ptr<storage::Snapshot> snapshot;
};

// Streams [begin, end) of an object made of segments, one chunk at a time.
class ObjectStream final : public http::BodySource {
 public:
  ObjectStream(const DataStore& store, ReadView view, std::vector<Segment> segments, uint64_t begin, uint64_t end);
  boost::asio::awaitable<size_t> read_some(std::span<char> buf) override;
  // The rest of the current chunk, in place (no copy): valid until the next call.
  std::optional<std::span<const char>> next_piece() override;
  // Synchronous form for in-process readers.
  size_t read(std::span<char> buf);

 private:
  // Makes chunk_ the chunk holding pos_ (pos_ < end_).
  void load_chunk();
  std::string_view iterator_chunk(const Segment& seg, uint32_t index);
  const DataStore& store_;
  ReadView view_;
  std::vector<Segment> segments_;
  uint64_t pos_;  // absolute offset in the object
  uint64_t end_;
  std::string_view chunk_;      // the current chunk, inside it_'s value or owned_
  std::string owned_;
  uint64_t chunk_start_ = 0;  // absolute offset of chunk_[0]
  bool have_chunk_ = false;
  std::unique_ptr<storage::Iterator> it_;
  uint64_t it_id_ = 0;
  bool cache_ = false;  // read through the blob cache (a small enough object)
};

}  // namespace bunker::s3
