#pragma once
// API Gateway's side of calling Lambda in-process: resolves an integration's function
// (ARN, name, qualifier, ${stageVariables.x}) and invokes it through Lambda's public
// engine interface (include/bunker/lambda/invoker.h), found in Engines once services
// have started.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

namespace bunker {
class Engines;
}

namespace bunker::apigateway {

struct LambdaCall {
  std::string function;                 // name, partial or full ARN (qualifier allowed)
  std::optional<std::string> qualifier;
  std::string payload;
  std::string region;
  std::string account;  // the API's account: where a plain function name is looked up
};

struct LambdaReply {
  std::string payload;
  std::optional<std::string> function_error;  // "Unhandled" / "Handled" when the function failed
  std::string executed_version;
};

// Raised when Lambda refuses the call (function missing, throttled, no Lambda at all).
struct LambdaUnavailable {
  int status;
  std::string code;
  std::string message;
};

class LambdaClient {
 public:
  explicit LambdaClient(Engines& engines) : engines_(engines) {}
  // True when a Lambda engine is present in this server.
  bool available() const;
  // Throws LambdaUnavailable when Lambda answers the Invoke API with an error.
  //
  // Pass a named LambdaCall (std::move(call)), never a braced temporary: GCC 12 copies a
  // braced prvalue argument of a coroutine bitwise into the coroutine frame, so its
  // strings end up pointing into the caller's frame (double frees; reproduced with
  // g++ 12.2 and Boost.Asio awaitables).
  boost::asio::awaitable<LambdaReply> invoke(LambdaCall call);

 private:
  Engines& engines_;
};

}  // namespace bunker::apigateway
