#include "bunker/protocol/rest_xml.h"

#include "bunker/core/xml_writer.h"
#include "bunker/protocol/request_ids.h"

namespace bunker::protocol {

void add_s3_request_headers(const http::Request& request, http::Response& response) {
  response.headers.add("x-amz-request-id", request.request_id);
  response.headers.add("x-amz-id-2", s3_host_id());
}

http::Response xml_response(const http::Request& request, int status, std::string xml_body) {
  http::Response r;
  r.status = status;
  add_s3_request_headers(request, r);
  if (!xml_body.empty()) r.headers.add("Content-Type", "application/xml");
  r.body = std::move(xml_body);
  return r;
}

http::Response s3_error(const http::Request& request, const AwsError& error) {
  http::Response r;
  r.status = error.status();
  add_s3_request_headers(request, r);
  for (const auto& [k, v] : error.headers()) r.headers.add(k, v);
  if (request.method == "HEAD") return r;
  XmlWriter w;
  w.open("Error");
  w.element("Code", error.code());
  w.element("Message", error.message());
  for (const auto& [k, v] : error.fields()) w.element(k, v);
  w.element("RequestId", request.request_id);
  w.element("HostId", r.headers.get_or("x-amz-id-2", ""));
  r.body = w.finish();
  r.headers.add("Content-Type", "application/xml");
  return r;
}

}  // namespace bunker::protocol
