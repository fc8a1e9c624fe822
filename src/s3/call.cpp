#include "s3/call.h"

#include "bunker/core/encoding.h"
#include "bunker/core/strings.h"
#include "bunker/protocol/rest_xml.h"
#include "s3/errors.h"

namespace bunker::s3 {

http::Response Call::xml(int status, std::string body) const { return protocol::xml_response(req, status, std::move(body)); }

http::Response Call::empty(int status) const {
  http::Response r;
  r.status = status;
  protocol::add_s3_request_headers(req, r);
  return r;
}

std::optional<long long> int_param(const Call& call, std::string_view name, long long max_value) {
  auto v = call.param(name);
  if (!v) return std::nullopt;
  long long n = 0;
  if (!parse_int64(*v, n) || n < 0) {
    if (name == "max-keys")
      throw invalid_argument("Provided max-keys not an integer or within integer range", name, *v);
    throw invalid_argument("Provided " + std::string(name) + " not an integer or within integer range", name, *v);
  }
  return std::min(n, max_value);
}

std::string url_encode_key(std::string_view key) {
  std::string out;
  bool first = true;
  for (auto part : split(key, '/')) {
    if (!first) out += '/';
    first = false;
    out += form_encode(part);
  }
  return out;
}

}  // namespace bunker::s3
