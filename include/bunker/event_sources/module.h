#pragma once
// How the server wires the event-source module in: Lambda event source mappings from
// DynamoDB streams (the Lambda service routes /2015-03-31/event-source-mappings here
// through bunker/lambda/event_source_mappings.h).
#include <memory>

#include "bunker/core/options.h"
#include "bunker/service/service.h"

namespace bunker::event_sources {
void register_options(Options& options);
std::unique_ptr<Service> make_service(ServiceContext& context);
}  // namespace bunker::event_sources
