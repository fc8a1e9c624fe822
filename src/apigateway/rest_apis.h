#pragma once
// Building REST API records, shared by CreateRestApi and the OpenAPI importer.
#include "apigateway/api.h"

namespace bunker::apigateway {

// A new API from a CreateRestApi-shaped body (name, description, endpointConfiguration…),
// with its root resource and the default models (Empty, Error). Not yet stored.
RestApi new_rest_api(Call& call, const json& body);
json default_models();

}  // namespace bunker::apigateway
