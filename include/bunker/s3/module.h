#pragma once
// How the server wires S3 in: its options and its Service.
#include <memory>

#include "bunker/core/options.h"
#include "bunker/service/service.h"

namespace bunker::s3 {
void register_options(Options& options);
std::unique_ptr<Service> make_service(ServiceContext& context);
}  // namespace bunker::s3
