#include "apigateway/invoke/aws_services.h"

#include <spdlog/spdlog.h>

#include "bunker/core/aws_error.h"
#include "bunker/core/xml_writer.h"
#include "bunker/dynamodb/json_api.h"
#include "bunker/s3/objects.h"
#include "bunker/service/engines.h"

namespace bunker::apigateway {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(GatewayError e) { throw GatewayFailure{std::move(e)}; }

IntegrationResult dynamodb_action(InvokeServices& svc, const Invocation& inv, const std::string& action,
                                  const std::string& region, const BackendRequest& req) {
  auto* api = svc.engines.find<dynamodb::JsonApi>();
  if (!api) {
    spdlog::info("apigateway: DynamoDB integration but DynamoDB is not running in this server");
    fail(internal_server_error());
  }
  IntegrationResult r;
  r.headers.add("Content-Type", "application/x-amz-json-1.0");
  auto body = json::parse(req.body.empty() ? std::string("{}") : req.body, nullptr, false);
  if (body.is_discarded()) {
    r.status = 400;
    r.body = json{{"__type", "com.amazon.coral.service#SerializationException"}}.dump();
    return r;
  }
  try {
    r.body = api->call(action, body, inv.account, region).dump();
    r.status = 200;
  } catch (const AwsError& e) {
    r.status = e.status();
    r.body = json{{"__type", "com.amazonaws.dynamodb.v20120810#" + e.code()}, {"message", e.message()}}.dump();
  }
  return r;
}

IntegrationResult s3_object(InvokeServices& svc, const Invocation& inv, const AwsServiceUri& uri,
                            const Integration& integration, const BackendRequest& req) {
  auto* objects = svc.engines.find<s3::Objects>();
  if (!objects) fail(internal_server_error());
  // s3:path/{bucket}/{key…} with placeholders from integration.request.path.*.
  const std::string path = build_http_url(inv, uri.target, req.path, {});
  const auto slash = path.find('/');
  const std::string bucket = path.substr(0, slash);
  const std::string key = slash == std::string::npos ? "" : path.substr(slash + 1);
  const std::string method = integration.http_method == "ANY" ? inv.method : integration.http_method;
  IntegrationResult r;
  try {
    if (method == "GET") {
      r.body = objects->read(bucket, key, 10u << 20);
      auto info = objects->head(bucket, key);
      r.headers.add("Content-Type", info ? info->content_type : "application/octet-stream");
      if (info) r.headers.add("ETag", info->etag);
    } else if (method == "HEAD") {
      auto info = objects->head(bucket, key);
      if (!info) throw AwsError(404, "NoSuchKey", "The specified key does not exist.");
      r.headers.add("Content-Type", info->content_type);
      r.headers.add("Content-Length", std::to_string(info->size));
    } else if (method == "PUT") {
      const std::string etag = objects->write(bucket, key, req.body, req.content_type);
      r.headers.add("ETag", etag);
    } else {
      spdlog::info("apigateway: S3 integration method {} is not supported by Bunker", method);
      fail(internal_server_error());
    }
    r.status = 200;
  } catch (const AwsError& e) {
    r.status = e.status();
    r.headers.set("Content-Type", "application/xml");
    XmlWriter xml;
    xml.open("Error").element("Code", e.code()).element("Message", e.message());
    r.body = xml.finish();
  }
  return r;
}

}  // namespace

boost::asio::awaitable<IntegrationResult> call_aws_service(InvokeServices& svc, const Invocation& inv,
                                                           const AwsServiceUri& uri, const Integration& integration,
                                                           const BackendRequest& req) {
  const std::string region = uri.region.empty() ? inv.region : uri.region;
  if (uri.service == "dynamodb" && uri.is_action) co_return dynamodb_action(svc, inv, uri.target, region, req);
  if (uri.service == "s3" && !uri.is_action) co_return s3_object(svc, inv, uri, integration, req);
  spdlog::info("apigateway: AWS integration with {} ({}) is not supported by Bunker", uri.service, integration.uri);
  fail(internal_server_error());
}

}  // namespace bunker::apigateway
