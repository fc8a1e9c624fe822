#pragma once
// How the server wires IAM and STS in: their options and their two Services, which share
// one engine (STS issues credentials for the roles and users IAM keeps).
#include <memory>
#include <vector>

#include "bunker/core/options.h"
#include "bunker/service/service.h"

namespace bunker::iam {
void register_options(Options& options);
// The IAM service (route "iam") and the STS service (route "sts"). Provides a
// CredentialResolver and a RoleDirectory through context.engines.
std::vector<std::unique_ptr<Service>> make_services(ServiceContext& context);
}  // namespace bunker::iam
