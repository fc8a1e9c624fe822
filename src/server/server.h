#pragma once
// The bunker process: opens storage, builds the services, listens, serves until SIGINT
// or SIGTERM, then stops accepting, lets in-flight requests finish (bounded), stops the
// services and closes storage cleanly.
#include "bunker/core/options.h"

namespace bunker::server {

// Returns the process exit code (0 after a clean stop, 1 when start-up fails).
int run_server(const Options& options);

}  // namespace bunker::server
