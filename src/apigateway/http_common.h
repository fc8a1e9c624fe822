#pragma once
// Shared pieces of the HTTP API (v2) operations. The v2 API takes whole-member updates
// (PATCH with the members to change) instead of patch operations, renders timestamps as
// ISO 8601 and names members in camelCase.
#include <string>

#include "apigateway/api.h"
#include "apigateway/errors.h"

namespace bunker::apigateway {

HttpApi& find_http_api(Call& call);
void save(Call& call, const HttpApi& api);
// A stage-independent deployment snapshot of the API, stored for `deployment_id`.
void store_http_deployment(Call& call, const HttpApi& api, const std::string& deployment_id);

std::string now_iso();
// The endpoint clients call: http://<api-id>.execute-api.localhost:<port of this server>.
std::string api_endpoint(const Call& call, const std::string& api_id);

// Copies the members named in `allowed` from body into target (null values remove).
void merge_members(json& target, const json& body, std::initializer_list<const char*> allowed);

// Route keys: "$default" or "<METHOD> /path"; throws BadRequestException otherwise.
void validate_route_key(const std::string& key);

// Creates an integration record from a CreateIntegration-shaped body.
json new_http_integration(const json& body);
// A fresh id unused by `section`.
std::string fresh_id(const json& section, size_t length);

// Marks auto-deploying stages as redeployed after a change to the API.
void auto_deploy(Call& call, HttpApi& api);

}  // namespace bunker::apigateway
