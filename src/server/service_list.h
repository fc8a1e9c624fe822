#pragma once
// The services this build serves. Adding a service: its folder under src/, its line in
// service_list.cpp, and its module in src/CMakeLists.txt.
#include <memory>
#include <vector>

#include "bunker/core/options.h"
#include "bunker/service/service.h"

namespace bunker::server {

void register_service_options(Options& options);
std::vector<std::unique_ptr<Service>> make_services(ServiceContext& context);

}  // namespace bunker::server
