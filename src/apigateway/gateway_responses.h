#pragma once
// Gateway responses: the answers API Gateway itself gives (403 Missing Authentication
// Token, 401 Unauthorized, 415, 502…), each type with a default status and template that
// an API may override with PutGatewayResponse.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace bunker::apigateway {

// The default GatewayResponse shape for a type; nullopt for an unknown type.
std::optional<nlohmann::json> default_gateway_response(std::string_view type);
// Every type, in AWS's listing order.
const std::vector<std::string_view>& gateway_response_types();
// DEFAULT_4XX or DEFAULT_5XX for a status.
std::string_view default_family(int status);

}  // namespace bunker::apigateway
