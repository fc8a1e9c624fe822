#pragma once
// Invocation semantics: qualifier and alias resolution (routing weights included),
// payload limits, synchronous runs through the runtime manager, Event invocations
// handed to the durable queue, DryRun checks.
#include "bunker/lambda/invoker.h"
#include "lambda/lambda_core.h"

namespace bunker::lambda {

class InvokeEngine final : public Invoker {
 public:
  explicit InvokeEngine(Lambda& lambda) : lambda_(lambda) {}

  boost::asio::awaitable<InvokeResult> invoke(InvokeRequest request) override;

  // Runs one invocation now, whatever its type (the async queue's worker uses this).
  boost::asio::awaitable<InvokeResult> run(const InvokeRequest& request, const std::string& request_id);

 private:
  Lambda& lambda_;
};

}  // namespace bunker::lambda
