#pragma once
// Lambda authorizers. REST APIs: TOKEN and REQUEST authorizers return an IAM policy that
// is evaluated against the method ARN (explicit Deny wins, no Allow is a deny), plus a
// principalId and context; COGNITO_USER_POOLS reads the token's claims. HTTP APIs:
// REQUEST authorizers with payload 1.0 (policy) or 2.0 (policy or, with simple
// responses, {"isAuthorized": …}). Results are cached per identity for the TTL.
#include <boost/asio/awaitable.hpp>

#include <nlohmann/json.hpp>

#include "apigateway/invoke/executor.h"
#include "apigateway/invoke/invocation.h"

namespace bunker::apigateway {

// Runs the REST authorizer `authorizer` (its record) for the request; on success fills
// inv.authorizer (principalId + context) and returns the usageIdentifierKey (if any).
// Throws GatewayFailure (401 / 403 / 500) otherwise.
boost::asio::awaitable<std::optional<std::string>> run_rest_authorizer(InvokeServices& svc, Invocation& inv,
                                                                       const nlohmann::json& authorizer);
// COGNITO_USER_POOLS: the Authorization header must hold a JWT; its claims become
// $context.authorizer.claims (the signature is not verified: Bunker has no user pools).
void run_cognito_authorizer(Invocation& inv, const nlohmann::json& authorizer);

// HTTP API authorizer (REQUEST Lambda or JWT).
boost::asio::awaitable<void> run_http_authorizer(InvokeServices& svc, Invocation& inv, const nlohmann::json& authorizer,
                                                 const std::string& route_key);

// The method ARN an authorizer's policy is evaluated against:
// arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path without leading />.
std::string method_arn(const Invocation& inv);

// Evaluates a policy document for execute-api:Invoke on `arn`: 1 allow, -1 explicit deny, 0 no match.
int evaluate_policy(const nlohmann::json& policy, const std::string& arn);

}  // namespace bunker::apigateway
