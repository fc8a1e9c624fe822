#pragma once
// API Gateway's side of calling Lambda in-process: resolves an integration's function
// (ARN, name, qualifier, ${stageVariables.x}) and invokes it through Lambda's public
// engine interface (include/bunker/lambda/invoker.h), found in Engines once services
// have started.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bunker {
class Engines;
}

namespace bunker::apigateway {

struct Invocation;

struct LambdaCall {
  std::string function;                 // name, partial or full ARN (qualifier allowed)
  std::optional<std::string> qualifier;
  std::string payload;
  std::string region;
  std::string account;  // the API's account: where a plain function name is looked up
  // The execute-api ARNs this call is made for: the function's resource-based policy must
  // let apigateway.amazonaws.com invoke it for one of them (AddPermission). Empty when the
  // integration or authorizer has credentials (a role API Gateway assumes instead).
  std::vector<std::string> source_arns;
  // `payload` was written by JsonWriter (a proxy event): Lambda checks only its UTF-8.
  bool written_as_json = false;
};

// arn:aws:execute-api:<region>:<account>:<api-id>/<resource>
std::string execute_api_arn(const Invocation& inv, std::string_view resource);
// What an integration's call is made for: <api>/<stage>/<METHOD>/<resource path>, the path
// as the resource (or route) defines it ("pets/{id}", "$default" for an HTTP API's default
// route) and, should a policy name the path as requested, that form too.
std::vector<std::string> integration_source_arns(const Invocation& inv);
// What an authorizer's call is made for: <api>/authorizers/<authorizer-id>.
std::vector<std::string> authorizer_source_arns(const Invocation& inv, std::string_view authorizer_id);

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
  // check_permissions: whether calls with source_arns need the function's policy to allow
  // API Gateway (off only for lax local setups, --apigateway-ignore-invoke-permissions).
  LambdaClient(Engines& engines, bool check_permissions) : engines_(engines), check_permissions_(check_permissions) {}
  // True when a Lambda engine is present in this server.
  bool available() const;
  // Throws LambdaUnavailable when Lambda answers the Invoke API with an error, or when the
  // function's policy does not let API Gateway invoke it (AccessDeniedException, as Lambda
  // refuses API Gateway on AWS; the callers answer API Gateway's 500s for both).
  //
  // Pass a named LambdaCall (std::move(call)), never a braced temporary: GCC 12 copies a
  // braced prvalue argument of a coroutine bitwise into the coroutine frame, so its
  // strings end up pointing into the caller's frame (double frees; reproduced with
  // g++ 12.2 and Boost.Asio awaitables).
  boost::asio::awaitable<LambdaReply> invoke(LambdaCall call);

 private:
  Engines& engines_;
  bool check_permissions_;
};

}  // namespace bunker::apigateway
