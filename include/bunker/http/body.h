#pragma once
// Streaming request and response bodies. Handlers pull request bytes from a BodyReader
// as they need them (an S3 upload of gigabytes never sits in memory), and hand back a
// BodySource that the front door pulls from while writing the response.
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace bunker::http {

using boost::asio::awaitable;

class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // Reads up to buf.size() bytes; 0 means the body has ended. Throws AwsError when the
  // body breaks a limit or the client stalls or disconnects.
  virtual awaitable<size_t> read_some(std::span<char> buf) = 0;
  // The body's length when the client announced it (Content-Length), else nullopt.
  virtual std::optional<uint64_t> content_length() const = 0;
  // True once every byte of the body has been read.
  virtual bool done() const = 0;

  // The rest of the body in memory; throws AwsError 413 beyond `limit` bytes.
  awaitable<std::string> read_all(size_t limit);
};

// A whole body already in memory (tests, internal calls, re-reads).
class StringBodyReader final : public BodyReader {
 public:
  explicit StringBodyReader(std::string data) : data_(std::move(data)) {}
  awaitable<size_t> read_some(std::span<char> buf) override;
  std::optional<uint64_t> content_length() const override { return data_.size(); }
  bool done() const override { return pos_ == data_.size(); }

 private:
  std::string data_;
  size_t pos_ = 0;
};

class BodySource {
 public:
  virtual ~BodySource() = default;
  // Fills up to buf.size() bytes; 0 means the body has ended.
  virtual awaitable<size_t> read_some(std::span<char> buf) = 0;
  // Zero-copy form of read_some for sources whose bytes already sit in memory (S3 object
  // data pinned in RocksDB's cache): the next piece of the body, valid until the next call
  // or the source's end; empty once the body has ended. nullopt: this source has no pieces,
  // read it with read_some.
  virtual std::optional<std::span<const char>> next_piece() { return std::nullopt; }
};

}  // namespace bunker::http
