#include "bunker/protocol/rest_xml.h"
#include "bunker/s3/module.h"

// The S3 service as the front door sees it. Until the operations land, every request
// answers S3's own NotImplemented.
namespace bunker::s3 {
namespace {

class S3Service final : public Service {
 public:
  std::string_view name() const override { return "s3"; }
  std::vector<std::string> routes() const override { return {"s3", "s3-website"}; }
  std::string new_request_id() const override { return protocol::s3_request_id(); }
  uint64_t max_body_bytes() const override { return 5ull << 30; }
  boost::asio::awaitable<http::Response> handle(http::Request&) override {
    throw AwsError(501, "NotImplemented", "A header you provided implies functionality that is not implemented");
    co_return http::Response{};
  }
  http::Response render_error(const http::Request& request, const AwsError& error) const override {
    return protocol::s3_error(request, error);
  }
  void reset() override {}
};

}  // namespace

void register_options(Options&) {}
std::unique_ptr<Service> make_service(ServiceContext&) { return std::make_unique<S3Service>(); }

}  // namespace bunker::s3
