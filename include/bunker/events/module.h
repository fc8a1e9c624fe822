#pragma once
// How the server wires EventBridge in (route key "events", X-Amz-Target AWSEvents.*).
#include <memory>

#include "bunker/core/options.h"
#include "bunker/service/service.h"

namespace bunker::events {
void register_options(Options& options);
std::unique_ptr<Service> make_service(ServiceContext& context);
}  // namespace bunker::events
