#include "s3/data_store.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cstring>

#include "bunker/core/aws_error.h"
#include "bunker/core/ids.h"
#include "bunker/storage/key_codec.h"
#include "s3/space_reclaimer.h"

namespace bunker::s3 {
namespace {

std::string chunk_key(uint64_t id, uint32_t index) {
  std::string k;
  storage::append_u64(k, id);
  storage::append_u32(k, index);
  return k;
}

std::string id_key(uint64_t id) {
  std::string k;
  storage::append_u64(k, id);
  return k;
}

}  // namespace

DataStore::DataStore(storage::Database& db)
    : db_(db),
      data_(db.family("s3.data", storage::FamilyOptions{.large_values = true, .point_lookups = true})),
      pending_(db.family("s3.pending")),
      reclaimer_(std::make_unique<SpaceReclaimer>(*this)) {}

DataStore::~DataStore() = default;

uint64_t DataStore::new_id() const {
  uint64_t id = 0;
  while (id == 0) id = random_u64();
  return id;
}

boost::asio::awaitable<void> DataStore::writable() const {
  if (!db_.writes_stopped()) co_return;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  // A flush takes tens of milliseconds; bounded, so that a stop that never clears ends in
  // the blocking write (and its error) rather than an endless wait.
  for (int i = 0; i < 5000 && db_.writes_stopped(); ++i) {
    timer.expires_after(std::chrono::milliseconds(2));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
}

void DataStore::mark_pending(uint64_t id) { db_.put(pending_, id_key(id), ""); }

void DataStore::put_chunk(uint64_t id, uint32_t index, std::string_view bytes) {
  db_.put(data_, chunk_key(id, index), bytes);
}

void DataStore::put_chunk(storage::WriteBatch& batch, uint64_t id, uint32_t index, std::string_view bytes) {
  batch.put(data_, chunk_key(id, index), bytes);
}

void DataStore::commit(storage::WriteBatch& batch, uint64_t id) { batch.del(pending_, id_key(id)); }

void DataStore::discard(storage::WriteBatch& batch, uint64_t id, uint64_t bytes) {
  if (id == 0) return;
  // Counted when the batch is built, a moment before it is written: the reclaimer only
  // runs a compaction, which is harmless if a write is still on its way.
  if (bytes) {
    discarded_.fetch_add(bytes);
    reclaimer_->discarded();
  }
  batch.del_range(data_, chunk_key(id, 0), id == UINT64_MAX ? chunk_key(id, UINT32_MAX) : chunk_key(id + 1, 0));
  batch.del(pending_, id_key(id));
}

void DataStore::discard_now(uint64_t id) {
  storage::WriteBatch batch;
  discard(batch, id);
  db_.write(batch);
}

bool DataStore::get_chunk(uint64_t id, uint32_t index, std::string* out, const storage::Snapshot* snap) const {
  return db_.get(data_, chunk_key(id, index), out, snap);
}

std::unique_ptr<storage::Iterator> DataStore::chunk_iterator(uint64_t id, const storage::Snapshot* snap,
                                                             bool cache) const {
  storage::ReadOptions ro;
  ro.lower_bound = chunk_key(id, 0);
  if (id != UINT64_MAX) ro.upper_bound = chunk_key(id + 1, 0);
  ro.snapshot = snap;
  ro.fill_cache = cache;
  ro.verify_checksums = false;
  return db_.iterator(data_, ro);
}

bool DataStore::is_chunk(std::string_view key, uint64_t id, uint32_t index) { return key == chunk_key(id, index); }

size_t DataStore::recover() {
  std::vector<uint64_t> ids;
  auto it = db_.iterator(pending_);
  for (it->seek_to_first(); it->valid(); it->next()) {
    std::string_view k = it->key();
    if (auto id = storage::read_u64(k)) ids.push_back(*id);
  }
  it->check();
  storage::WriteBatch batch;
  for (uint64_t id : ids) discard(batch, id);
  if (batch.count()) db_.write(batch);
  return ids.size();
}

void DataStore::clear() {
  db_.clear(data_);
  db_.clear(pending_);
}

DataWriter::DataWriter(DataStore& store) : store_(store), id_(store.new_id()) {}

DataWriter::~DataWriter() {
  if (committed_ || (!pending_marked_ && next_chunk_ == 0)) return;
  try {
    store_.discard_now(id_);
  } catch (...) {
    // Left pending: the next start-up deletes it.
  }
}

void DataWriter::write(std::string_view bytes) {
  while (!bytes.empty()) {
    std::span<char> room = space();
    const size_t take = std::min(bytes.size(), room.size());
    std::memcpy(room.data(), bytes.data(), take);
    advance(take);
    bytes.remove_prefix(take);
  }
}

std::span<char> DataWriter::space() {
  // A full chunk is stored only once more bytes follow: a body of exactly one chunk then
  // goes out in finish()'s batch, with its record, in one write.
  if (used_ == DataStore::kChunkSize) flush_chunk();
  if (used_ == capacity_) {
    // Small objects get small buffers (a 1 KiB PUT should not map a megabyte); a body
    // longer than announced (or unannounced) grows to a whole chunk.
    const uint64_t remaining = expected_ > size_ ? expected_ - size_ : 0;
    size_t want = static_cast<size_t>(std::min<uint64_t>(DataStore::kChunkSize, std::max<uint64_t>(remaining, 1)));
    if (capacity_ > 0) want = DataStore::kChunkSize;
    if (want > capacity_) {
      auto bigger = std::make_unique_for_overwrite<char[]>(want);
      if (used_) std::memcpy(bigger.get(), buffer_.get(), used_);
      buffer_ = std::move(bigger);
      capacity_ = want;
    }
  }
  return std::span<char>(buffer_.get() + used_, capacity_ - used_);
}

void DataWriter::advance(size_t n) {
  used_ += n;
  size_ += n;
}

void DataWriter::flush_chunk() {
  if (!pending_marked_) {
    store_.mark_pending(id_);
    pending_marked_ = true;
  }
  store_.put_chunk(id_, next_chunk_++, std::string_view(buffer_.get(), used_));
  used_ = 0;
}

Segment DataWriter::finish(storage::WriteBatch& batch) {
  if (used_) {
    store_.put_chunk(batch, id_, next_chunk_++, std::string_view(buffer_.get(), used_));
    used_ = 0;
  }
  buffer_.reset();
  capacity_ = 0;
  if (pending_marked_) store_.commit(batch, id_);
  return Segment{size_ ? id_ : 0, size_};
}

ObjectStream::ObjectStream(const DataStore& store, ReadView view, std::vector<Segment> segments, uint64_t begin,
                           uint64_t end)
    : store_(store), view_(std::move(view)), segments_(std::move(segments)), pos_(begin), end_(end) {
  uint64_t size = 0;
  for (const auto& s : segments_) size += s.size;
  cache_ = size <= DataStore::kCachedObjectBytes;
}

void ObjectStream::load_chunk() {
  if (!have_chunk_ || pos_ < chunk_start_ || pos_ >= chunk_start_ + chunk_.size()) {
    // Find the segment holding pos_, then its chunk.
    uint64_t seg_start = 0;
    const Segment* seg = nullptr;
    for (const auto& s : segments_) {
      if (pos_ < seg_start + s.size) {
        seg = &s;
        break;
      }
      seg_start += s.size;
    }
    if (!seg) throw AwsError(500, "InternalError", "object data is shorter than its record");
    const uint64_t offset = pos_ - seg_start;
    const auto index = static_cast<uint32_t>(offset / DataStore::kChunkSize);
    if (seg->size <= 64 * 1024) {
      // A small segment (every small object): a point read is far cheaper than an iterator,
      // and RocksDB's read-side CRC of a few KiB does not matter.
      it_.reset();
      if (!store_.get_chunk(seg->data_id, 0, &owned_, view_.snapshot.get()))
        throw AwsError(500, "InternalError", "object data chunk is missing");
      chunk_ = owned_;
    } else {
      chunk_ = iterator_chunk(*seg, index);
    }
    chunk_start_ = seg_start + static_cast<uint64_t>(index) * DataStore::kChunkSize;
    have_chunk_ = true;
    if (pos_ >= chunk_start_ + chunk_.size()) throw AwsError(500, "InternalError", "object data chunk is short");
  }
}

std::optional<std::span<const char>> ObjectStream::next_piece() {
  if (pos_ >= end_) return std::span<const char>();
  load_chunk();
  const uint64_t in_chunk = pos_ - chunk_start_;
  const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk_.size() - in_chunk, end_ - pos_));
  pos_ += n;
  return std::span<const char>(chunk_.data() + in_chunk, n);
}

size_t ObjectStream::read(std::span<char> buf) {
  if (pos_ >= end_ || buf.empty()) return 0;
  load_chunk();
  const uint64_t in_chunk = pos_ - chunk_start_;
  const size_t n = static_cast<size_t>(std::min<uint64_t>({buf.size(), chunk_.size() - in_chunk, end_ - pos_}));
  std::memcpy(buf.data(), chunk_.data() + in_chunk, n);
  pos_ += n;
  return n;
}

std::string_view ObjectStream::iterator_chunk(const Segment& seg, uint32_t index) {
  // Sequential reads step the iterator; a jump (range, next segment) seeks.
  if (!it_ || it_id_ != seg.data_id) {
    it_ = store_.chunk_iterator(seg.data_id, view_.snapshot.get(), cache_);
    it_id_ = seg.data_id;
    it_->seek(chunk_key(seg.data_id, index));
  } else if (it_->valid() && DataStore::is_chunk(it_->key(), seg.data_id, index - 1)) {
    it_->next();
  } else if (!(it_->valid() && DataStore::is_chunk(it_->key(), seg.data_id, index))) {
    it_->seek(chunk_key(seg.data_id, index));
  }
  if (!it_->valid() || !DataStore::is_chunk(it_->key(), seg.data_id, index)) {
    it_->check();
    throw AwsError(500, "InternalError", "object data chunk is missing");
  }
  return it_->value();  // valid until the iterator moves, which only the next fetch does
}

boost::asio::awaitable<size_t> ObjectStream::read_some(std::span<char> buf) { co_return read(buf); }

}  // namespace bunker::s3
