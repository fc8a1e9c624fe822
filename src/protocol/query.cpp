#include "bunker/protocol/query.h"

#include "bunker/core/strings.h"
#include "bunker/core/xml_writer.h"

namespace bunker::protocol {

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
                              std::string_view result_xml) {
  XmlWriter w;
  w.open(std::string(action) + "Response", xmlns);
  if (!result_xml.empty()) {
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
