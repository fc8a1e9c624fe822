#pragma once
// Shared pieces of the REST API (v1) operations: finding records with API Gateway's
// not-found texts, resource paths, and writing a changed API back.
#include <string>
#include <string_view>

#include "apigateway/api.h"
#include "apigateway/errors.h"

namespace bunker::apigateway {

// The REST API of the call's account and region. message_kind picks the not-found text
// AWS uses for that operation family.
enum class Missing {
  kApi,        // "Invalid API identifier specified <account>:<id>"
  kResource,   // "Invalid Resource identifier specified"
  kRestApi,    // "Invalid REST API identifier specified"
  kConflict,   // ConflictException "Unable to complete operation due to concurrent modification…"
  kValidator,  // "Invalid Request Validator identifier specified"
  kStage,      // "Invalid Stage identifier specified"
  kDeployment, // "Invalid Deployment identifier specified"
  kAuthorizer, // "Invalid Authorizer identifier specified"
  kModel,      // "Invalid model name specified: <name>"
};
RestApi& find_rest_api(Call& call, Missing kind = Missing::kApi);
[[noreturn]] void throw_missing(Call& call, Missing kind, std::string_view id);

json& find_resource(RestApi& api, std::string_view resource_id);
// The method record (ANY, GET, …) of a resource; "Invalid Method identifier specified".
json& find_method(json& resource, std::string_view http_method);
// The integration of a method; "Invalid Integration identifier specified".
json& find_integration(json& method);

// "/", "/pets", "/pets/{id}" …
std::string resource_path(const RestApi& api, std::string_view resource_id);
// The Resource shape: id, parentId, pathPart, path (and resourceMethods when embedded).
json resource_shape(const RestApi& api, const json& resource, bool embed_methods);

// Writes the API document (and nothing else) and marks state changed.
void save(Call& call, const RestApi& api);

// Valid HTTP methods for PutMethod.
bool valid_http_method(std::string_view m);

// Pagination of a list of items by "position" (an opaque index) and "limit".
json paginate(Call& call, json items, std::string_view list_member = "item");

// RFC 3339-free epoch seconds used by the v1 API.
long long now_seconds();

}  // namespace bunker::apigateway
