#pragma once

namespace bunker::server {

// Hands back what only start-up needed, so that an idle server stays small: the heap's
// free memory, and the pages of the executable's own code and constants that were read
// while opening storage and building the services (several MiB of a large static binary,
// most of which a running server never executes again).
void release_startup_memory();

}  // namespace bunker::server
