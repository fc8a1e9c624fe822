#pragma once
// How the server wires DynamoDB in: its options and its Service.
#include <memory>

#include "bunker/core/options.h"
#include "bunker/service/service.h"

namespace bunker::dynamodb {
void register_options(Options& options);
std::unique_ptr<Service> make_service(ServiceContext& context);
}  // namespace bunker::dynamodb
