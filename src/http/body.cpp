#include "bunker/http/body.h"

#include <algorithm>
#include <cstring>

#include "bunker/core/aws_error.h"

namespace bunker::http {

awaitable<std::string> BodyReader::read_all(size_t limit) {
  std::string out;
  if (auto len = content_length()) {
    if (*len > limit) throw AwsError(413, "RequestEntityTooLarge", "Request entity too large");
    out.reserve(*len);
  }
  char buf[65536];
  for (;;) {
    size_t n = co_await read_some(std::span<char>(buf, sizeof buf));
    if (n == 0) break;
    if (out.size() + n > limit) throw AwsError(413, "RequestEntityTooLarge", "Request entity too large");
    out.append(buf, n);
  }
  co_return out;
}

awaitable<size_t> StringBodyReader::read_some(std::span<char> buf) {
  size_t n = std::min(buf.size(), data_.size() - pos_);
  std::memcpy(buf.data(), data_.data() + pos_, n);
  pos_ += n;
  co_return n;
}

}  // namespace bunker::http
