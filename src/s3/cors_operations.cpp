// Put/Get/DeleteBucketCors and the OPTIONS preflight.
#include "bunker/core/strings.h"
#include "s3/cors_rules.h"
#include "s3/errors.h"
#include "s3/operations.h"
#include "s3/upload_body.h"

namespace bunker::s3 {

awaitable<http::Response> put_bucket_cors(Call& call) {
  call.bucket_record();
  std::string body = co_await read_small_body(call);
  auto rules = parse_cors_xml(body);
  call.engine.buckets.update(call.bucket, [&](BucketRecord& b) { b.cors = rules; });
  co_return call.empty(200);
}

awaitable<http::Response> get_bucket_cors(Call& call) {
  auto b = call.bucket_record();
  if (!b->cors)
    throw AwsError(404, "NoSuchCORSConfiguration", "The CORS configuration does not exist").field("BucketName", call.bucket);
  co_return call.xml(200, cors_xml(*b->cors));
}

awaitable<http::Response> delete_bucket_cors(Call& call) {
  call.bucket_record();
  call.engine.buckets.update(call.bucket, [](BucketRecord& b) { b.cors.reset(); });
  co_return call.empty(204);
}

awaitable<http::Response> cors_preflight(Call& call) {
  const char* resource = call.has_key ? "OBJECT" : "BUCKET";
  auto origin = call.header("origin");
  if (!origin) throw AwsError(400, "BadRequest", "Insufficient information. Origin request header needed.");
  auto method = call.header("access-control-request-method");
  if (!method || (*method != "GET" && *method != "PUT" && *method != "HEAD" && *method != "POST" && *method != "DELETE"))
    throw AwsError(400, "BadRequest",
                   "Invalid Access-Control-Request-Method: " + std::string(method ? *method : "null"));
  auto b = call.bucket_record();
  if (!b->cors)
    throw AwsError(403, "CORSResponse", "CORS is not enabled for this bucket.")
        .field("Method", std::string(*method))
        .field("ResourceType", resource);
  std::vector<std::string> requested;
  std::string requested_text;
  for (auto v : call.req.headers.get_all("access-control-request-headers"))
    for (auto h : split(v, ',')) {
      h = trim(h);
      if (h.empty()) continue;
      requested.emplace_back(h);
      if (!requested_text.empty()) requested_text += ", ";
      requested_text += to_lower(h);
    }
  const CorsRule* rule = match_cors_rule(*b->cors, *origin, *method, requested);
  if (!rule)
    throw AwsError(403, "CORSResponse",
                   "This CORS request is not allowed. This is usually because the evalution of Origin, request method "
                   "/ Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the "
                   "resource's CORS spec.")
        .field("Method", std::string(*method))
        .field("ResourceType", resource);
  http::Response res = call.empty(200);
  add_cors_headers(*rule, *origin, res.headers);
  if (!requested_text.empty()) res.headers.set("Access-Control-Allow-Headers", requested_text);
  co_return res;
}

}  // namespace bunker::s3
