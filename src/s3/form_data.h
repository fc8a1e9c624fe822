#pragma once
// A streaming multipart/form-data reader (RFC 7578) for browser POST uploads: fields are
// read into memory, the file part is streamed through content() so its size is not bounded
// by memory.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "bunker/http/body.h"

namespace bunker::s3 {

struct FormPart {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
};

// The boundary parameter of a multipart/form-data Content-Type, or empty.
std::string form_boundary(std::string_view content_type);

class FormDataReader {
 public:
  FormDataReader(http::BodyReader& body, std::string boundary);
  // Moves to the next part (skipping what is left of the current one); nullopt at the end.
  boost::asio::awaitable<std::optional<FormPart>> next_part();
  // The current part's bytes as a stream.
  http::BodyReader& content() { return content_; }
  boost::asio::awaitable<std::string> read_value(size_t limit);

 private:
  class Content final : public http::BodyReader {
   public:
    explicit Content(FormDataReader& r) : r_(r) {}
    boost::asio::awaitable<size_t> read_some(std::span<char> buf) override { return r_.read_content(buf); }
    std::optional<uint64_t> content_length() const override { return std::nullopt; }
    bool done() const override { return r_.part_done_; }

   private:
    FormDataReader& r_;
  };
  boost::asio::awaitable<size_t> read_content(std::span<char> buf);
  boost::asio::awaitable<bool> fill();
  void compact();

  http::BodyReader& body_;
  std::string delimiter_;  // "\r\n--" + boundary
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool in_part_ = false;
  bool part_done_ = true;
  bool finished_ = false;
  Content content_{*this};
};

}  // namespace bunker::s3
