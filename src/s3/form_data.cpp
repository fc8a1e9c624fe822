#include "s3/form_data.h"

#include <cstring>

#include "bunker/core/aws_error.h"
#include "bunker/core/strings.h"

namespace bunker::s3 {
namespace {

AwsError malformed_post() {
  return AwsError(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");
}

// name="value" parameters of a Content-Disposition header.
std::optional<std::string> disposition_param(std::string_view header, std::string_view name) {
  for (auto part : split(header, ';')) {
    part = trim(part);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    if (!iequals(trim(part.substr(0, eq)), name)) continue;
    auto v = trim(part.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return std::string(v);
  }
  return std::nullopt;
}

}  // namespace

std::string form_boundary(std::string_view content_type) {
  for (auto part : split(content_type, ';')) {
    part = trim(part);
    if (part.size() > 9 && iequals(part.substr(0, 9), "boundary=")) {
      auto v = part.substr(9);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
  }
  return {};
}

FormDataReader::FormDataReader(http::BodyReader& body, std::string boundary)
    : body_(body), delimiter_("\r\n--" + boundary), buf_("\r\n") {}

void FormDataReader::compact() {
  if (pos_ > 64 * 1024 || pos_ == buf_.size()) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
}

boost::asio::awaitable<bool> FormDataReader::fill() {
  if (eof_) co_return false;
  compact();
  char tmp[64 * 1024];
  size_t n = co_await body_.read_some(std::span<char>(tmp, sizeof tmp));
  if (n == 0) {
    eof_ = true;
    co_return false;
  }
  buf_.append(tmp, n);
  co_return true;
}

boost::asio::awaitable<size_t> FormDataReader::read_content(std::span<char> out) {
  if (part_done_) co_return 0;
  for (;;) {
    auto found = buf_.find(delimiter_, pos_);
    if (found != std::string::npos) {
      size_t n = std::min(out.size(), found - pos_);
      if (n == 0) {
        pos_ = found;  // at the delimiter: the part is over
        part_done_ = true;
        co_return 0;
      }
      std::memcpy(out.data(), buf_.data() + pos_, n);
      pos_ += n;
      co_return n;
    }
    // Bytes that cannot be the start of a delimiter are safe to hand out.
    size_t avail = buf_.size() - pos_;
    if (avail > delimiter_.size()) {
      size_t n = std::min(out.size(), avail - delimiter_.size());
      std::memcpy(out.data(), buf_.data() + pos_, n);
      pos_ += n;
      co_return n;
    }
    if (!co_await fill()) throw malformed_post();
  }
}

boost::asio::awaitable<std::string> FormDataReader::read_value(size_t limit) {
  std::string value;
  char tmp[8192];
  for (;;) {
    size_t n = co_await read_content(std::span<char>(tmp, sizeof tmp));
    if (n == 0) break;
    value.append(tmp, n);
    if (value.size() > limit)
      throw AwsError(400, "MaxPostPreDataLengthExceeded",
                     "Your POST request fields preceeding the upload file was too large.");
  }
  co_return value;
}

boost::asio::awaitable<std::optional<FormPart>> FormDataReader::next_part() {
  if (finished_) co_return std::nullopt;
  // Skip the rest of the current part (or the preamble) up to the delimiter.
  if (!in_part_) part_done_ = false;
  char skip[8192];
  while (!part_done_) co_await read_content(std::span<char>(skip, sizeof skip));
  // pos_ is at a delimiter.
  while (buf_.size() - pos_ < delimiter_.size() + 2)
    if (!co_await fill()) throw malformed_post();
  pos_ += delimiter_.size();
  if (buf_.compare(pos_, 2, "--") == 0) {
    finished_ = true;
    co_return std::nullopt;
  }
  // The rest of the boundary line, then headers up to an empty line.
  for (;;) {
    auto eol = buf_.find("\r\n", pos_);
    if (eol != std::string::npos) {
      pos_ = eol + 2;
      break;
    }
    if (buf_.size() - pos_ > 1024 || !co_await fill()) throw malformed_post();
  }
  FormPart part;
  for (;;) {
    auto eol = buf_.find("\r\n", pos_);
    if (eol == std::string::npos) {
      if (buf_.size() - pos_ > 16 * 1024 || !co_await fill()) throw malformed_post();
      continue;
    }
    std::string_view line(buf_.data() + pos_, eol - pos_);
    pos_ = eol + 2;
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) throw malformed_post();
    auto name = trim(line.substr(0, colon));
    auto value = trim(line.substr(colon + 1));
    if (iequals(name, "content-disposition")) {
      part.name = disposition_param(value, "name").value_or("");
      part.filename = disposition_param(value, "filename");
    } else if (iequals(name, "content-type")) {
      part.content_type = std::string(value);
    }
  }
  in_part_ = true;
  part_done_ = false;
  co_return part;
}

}  // namespace bunker::s3
