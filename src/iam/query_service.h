#pragma once
// IAM and STS as the front door sees them: AWS Query requests in, one engine action per
// Action=…, XML out. Both services share one engine; everything below is free of HTTP.
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "bunker/service/service.h"
#include "iam/engine.h"

namespace bunker::iam {

struct QueryServiceSpec {
  std::string name;   // "iam" / "sts": the route key and the service's name
  std::string xmlns;  // the model's xmlNamespace
  const std::map<std::string, Operation, std::less<>>* operations;
  bool (*is_model_action)(std::string_view);
};

class QueryService final : public Service {
 public:
  QueryService(QueryServiceSpec spec, std::shared_ptr<Engine> engine, ServiceContext& context)
      : spec_(std::move(spec)), engine_(std::move(engine)), context_(context) {}

  std::string_view name() const override { return spec_.name; }
  uint64_t max_body_bytes() const override { return 1ull << 20; }
  boost::asio::awaitable<http::Response> handle(http::Request& request) override;
  http::Response render_error(const http::Request& request, const AwsError& error) const override;
  void reset() override;

 private:
  QueryServiceSpec spec_;
  std::shared_ptr<Engine> engine_;
  ServiceContext& context_;
};

const std::map<std::string, Operation, std::less<>>& iam_operations();
const std::map<std::string, Operation, std::less<>>& sts_operations();

}  // namespace bunker::iam
