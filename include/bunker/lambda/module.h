#pragma once
// How the server wires Lambda in: its options and its Service.
#include <memory>

#include "bunker/core/options.h"
#include "bunker/service/service.h"

namespace bunker::lambda {
void register_options(Options& options);
std::unique_ptr<Service> make_service(ServiceContext& context);
}  // namespace bunker::lambda
