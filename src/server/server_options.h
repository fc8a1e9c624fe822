#pragma once
// The server's own flags (listening address, storage, logging, limits, signatures).
#include "bunker/core/options.h"

namespace bunker::server {

void register_server_options(Options& options);

}  // namespace bunker::server
