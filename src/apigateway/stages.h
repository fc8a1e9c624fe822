#pragma once
// Stage records of REST APIs, shared by CreateStage and CreateDeployment(stageName).
#include <string_view>

#include "apigateway/api.h"

namespace bunker::apigateway {

// "Stage name only allows a-zA-Z0-9_" otherwise.
void validate_stage_name(std::string_view name);
// A Stage shape from a CreateStage-like body (stageName, deploymentId, description,
// variables, cacheClusterEnabled, tracingEnabled, documentationVersion, tags…).
json new_stage(const json& body);

}  // namespace bunker::apigateway
