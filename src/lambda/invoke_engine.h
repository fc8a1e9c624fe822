#pragma once
// Invocation semantics: qualifier and alias resolution (routing weights included),
// payload limits, synchronous runs through the runtime manager, Event invocations
// handed to the durable queue, DryRun checks.
#include <mutex>
#include <optional>
#include <unordered_map>

#include "bunker/lambda/invoker.h"
#include "lambda/lambda_core.h"
#include "lambda/service_permissions.h"
#include "runtime/invocation.h"

namespace bunker::lambda {

class InvokeEngine final : public Invoker {
 public:
  explicit InvokeEngine(Lambda& lambda) : lambda_(lambda), permissions_(lambda) {}

  boost::asio::awaitable<InvokeResult> invoke(InvokeRequest request) override;
  bool service_may_invoke(const ServiceInvokeQuery& query) override { return permissions_.allows(query); }

  // Runs one invocation now, whatever its type (the async queue's worker uses this);
  // `request` names the function by its plain name in request.account.
  boost::asio::awaitable<InvokeResult> run(const InvokeRequest& request, const std::string& request_id);

 private:
  // A function version resolved to what its workers run, cached until the next change
  // to any function (LambdaStore::generation), so warm invokes read nothing from disk.
  struct Resolved {
    uint64_t generation = 0;
    std::shared_ptr<const runtime::FunctionSpec> spec;
    std::string version;
    std::optional<json> alias;  // for alias qualifiers: the alias, whose weights route
  };
  Resolved resolve(const Scope& scope, const std::string& name, const std::optional<std::string>& qualifier);

  Lambda& lambda_;
  ServicePermissions permissions_;
  std::mutex cache_mutex_;
  uint64_t cache_generation_ = 0;
  std::unordered_map<std::string, Resolved> cache_;
};

}  // namespace bunker::lambda
