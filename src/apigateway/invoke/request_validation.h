#pragma once
// Request validators: required method.request.* parameters and, for JSON bodies, the
// request model's JSON schema (draft 4: type, properties, required, items, enum,
// bounds, lengths, pattern, additionalProperties, allOf/anyOf/oneOf/not and $ref to
// other models of the API).
#include <optional>

#include "apigateway/invoke/invocation.h"
#include "apigateway/invoke/rest_snapshot.h"

namespace bunker::apigateway {

// The 400 API Gateway answers, or nullopt when the request passes (or no validator applies).
std::optional<GatewayError> validate_request(const Invocation& inv, const RestSnapshot& api, const Method& method);

// True when `value` satisfies `schema`; models resolves $ref by model name.
bool json_schema_valid(const nlohmann::json& schema, const nlohmann::json& value, const nlohmann::json& models,
                       int depth = 0);

}  // namespace bunker::apigateway
