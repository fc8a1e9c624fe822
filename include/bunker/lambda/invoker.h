#pragma once
// Lambda's public engine interface: how other services (API Gateway, S3 notifications,
// event sources) invoke a function in-process. Find it with
// `context.engines.find<bunker::lambda::Invoker>()` once services have started.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

namespace bunker::lambda {

struct InvokeRequest {
  enum class Type { kRequestResponse, kEvent, kDryRun };

  // "name", "name:qualifier", "123456789012:function:name" or a full function ARN. A name
  // that carries an account (partial or full ARN) names that account's function.
  std::string function_name;
  std::optional<std::string> qualifier;  // version, alias or $LATEST
  std::string payload;                   // JSON text (empty means {})
  // The caller wrote `payload` with a JSON writer (API Gateway's proxy events): its syntax
  // is right by construction, so only its UTF-8 is checked, as is_json_text would.
  bool payload_written_as_json = false;
  Type type = Type::kRequestResponse;
  bool tail_log = false;                 // fill InvokeResult::log_result
  std::string client_context;            // base64 JSON, as X-Amz-Client-Context
  std::string region;                    // empty: the server's default region
  // The caller's account: where a plain function name is looked up. Empty: the server's
  // default account (--account-id).
  std::string account;
};

struct InvokeResult {
  int status_code = 200;                      // 200 RequestResponse, 202 Event, 204 DryRun
  std::string payload;                        // the function's response or error document
  std::optional<std::string> function_error;  // "Unhandled" when the function failed
  std::string executed_version;               // "$LATEST", "3", …
  std::string log_result;                     // base64 of the last 4 KB of the log (tail_log)
  std::string request_id;
};

// An AWS service asking to invoke a function for one of its resources, as AddPermission
// grants it (--principal <service> [--source-arn <pattern>] [--source-account <id>]).
struct ServiceInvokeQuery {
  std::string function_name;             // as InvokeRequest::function_name
  std::optional<std::string> qualifier;  // the policy of this version or alias is the one asked
  std::string region;                    // empty: the server's default region
  std::string account;                   // the caller's account (InvokeRequest::account)
  std::string service;                   // "apigateway.amazonaws.com"
  std::string source_arn;                // the calling resource ("arn:aws:execute-api:…")
  std::string source_account;            // the calling resource's account
};

class Invoker {
 public:
  virtual ~Invoker() = default;
  // Runs the function (or queues it, for Event). Throws bunker::AwsError with Lambda's
  // error for what the Invoke API answers with an error status: function not found,
  // throttled (TooManyRequestsException), request too large, invalid payload.
  virtual boost::asio::awaitable<InvokeResult> invoke(InvokeRequest request) = 0;

  // True when the function's resource-based policy lets `query.service` invoke it for
  // `query.source_arn`. A qualified name is governed by that version's or alias's policy
  // alone, an unqualified one (or $LATEST) by the function's. False for a missing function.
  // Cheap on repeat: answers are cached until the next change to any function.
  virtual bool service_may_invoke(const ServiceInvokeQuery& query) = 0;
};

}  // namespace bunker::lambda
