#pragma once
// OpenAPI 2.0 (Swagger) and 3.0 documents with API Gateway's extensions
// (x-amazon-apigateway-integration, -binary-media-types, -api-key-source,
// -authorizer, -request-validators, -gateway-responses, -any-method, -policy) turned
// into REST API records and back.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "apigateway/state.h"

namespace bunker::apigateway {

struct ImportOptions {
  bool fail_on_warnings = false;
  std::string basepath = "ignore";  // ignore | prepend | split (ImportRestApi's basepath parameter)
};

// Fills `api` (which already has its id, root resource and default models) from the
// document: resources, methods, integrations, models, authorizers, validators, gateway
// responses and API-level settings. Throws BadRequestException for documents API Gateway
// refuses; returns the warnings it would report.
std::vector<std::string> import_openapi(RestApi& api, const nlohmann::json& doc, const ImportOptions& options);

// The deployed API as OpenAPI: exportType "swagger" or "oas30"; with_extensions adds the
// x-amazon-apigateway-* members (the "integrations"/"apigateway" export extensions).
nlohmann::json export_openapi(const RestApi& api, const nlohmann::json& snapshot, const std::string& stage,
                              const std::string& export_type, bool with_extensions, bool with_authorizers);

// HTTP APIs: import (routes with x-amazon-apigateway-integration, CORS) and export.
void import_http_openapi(HttpApi& api, const nlohmann::json& doc);
nlohmann::json export_http_openapi(const HttpApi& api, bool with_extensions);

}  // namespace bunker::apigateway
