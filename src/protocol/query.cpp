#include "bunker/protocol/query.h"

#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"

namespace bunker::protocol {
namespace {

// For "Name.member.N[.rest]" returns N and rest (without the dot); nullopt otherwise.
std::optional<std::pair<long long, std::string_view>> member_index(std::string_view key, std::string_view name) {
  if (!key.starts_with(name)) return std::nullopt;
  key.remove_prefix(name.size());
  constexpr std::string_view kMember = ".member.";
  if (!key.starts_with(kMember)) return std::nullopt;
  key.remove_prefix(kMember.size());
  const size_t dot = key.find('.');
  long long index = 0;
  if (!parse_int64(key.substr(0, dot), index) || index < 1) return std::nullopt;
  return std::pair{index, dot == std::string_view::npos ? std::string_view{} : key.substr(dot + 1)};
}

}  // namespace

std::vector<std::string> QueryRequest::list(std::string_view name) const {
  std::map<long long, std::string> by_index;
  for (const auto& [k, v] : params) {
    auto m = member_index(k, name);
    if (m && m->second.empty()) by_index[m->first] = v;
  }
  std::vector<std::string> out;
  for (auto& [i, v] : by_index) out.push_back(std::move(v));
  return out;
}

std::vector<std::map<std::string, std::string>> QueryRequest::structure_list(std::string_view name) const {
  std::map<long long, std::map<std::string, std::string>> by_index;
  for (const auto& [k, v] : params) {
    auto m = member_index(k, name);
    if (m && !m->second.empty()) by_index[m->first][std::string(m->second)] = v;
  }
  std::vector<std::map<std::string, std::string>> out;
  for (auto& [i, fields] : by_index) out.push_back(std::move(fields));
  return out;
}

bool QueryRequest::has_list(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name || member_index(k, name)) return true;
  }
  return false;
}

boost::asio::awaitable<QueryRequest> read_query_request(http::Request& request, size_t body_limit) {
  QueryRequest q;
  q.params = http::parse_query(request.query, true);
  if (request.method == "POST") {
    std::string body = co_await request.body->read_all(body_limit);
    for (auto& p : http::parse_query(body, true)) q.params.push_back(std::move(p));
  }
  q.action = std::string(q.get("Action").value_or(""));
  q.version = std::string(q.get("Version").value_or(""));
  co_return q;
}

http::Response query_response(const http::Request& request, std::string_view action, std::string_view xmlns,
                              std::string_view result_xml, bool has_result) {
  XmlWriter w;
  w.open(std::string(action) + "Response", xmlns);
  if (has_result || !result_xml.empty()) {
    w.open(std::string(action) + "Result");
    w.raw(result_xml);
    w.close();
  }
  w.open("ResponseMetadata");
  w.element("RequestId", request.request_id);
  w.close();
  http::Response r;
  r.status = 200;
  r.headers.add("Content-Type", "text/xml");
  r.headers.add("x-amzn-RequestId", request.request_id);
  r.body = w.finish();
  return r;
}

http::Response query_error(const http::Request& request, std::string_view xmlns, const AwsError& error) {
  XmlWriter w;
  w.open("ErrorResponse", xmlns);
  w.open("Error");
  w.element("Type", error.sender_fault() ? "Sender" : "Receiver");
  w.element("Code", error.code());
  w.element("Message", error.message());
  for (const auto& [k, v] : error.fields()) w.element(k, v);
  w.close();
  w.element("RequestId", request.request_id);
  http::Response r;
  r.status = error.status();
  r.headers.add("Content-Type", "text/xml");
  r.headers.add("x-amzn-RequestId", request.request_id);
  for (const auto& [k, v] : error.headers()) r.headers.add(k, v);
  r.body = w.finish();
  return r;
}

}  // namespace bunker::protocol
