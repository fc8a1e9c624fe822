#include "server/startup_memory.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21  // Linux 5.4
#endif

namespace bunker::server {
namespace {

// The executable's file-backed mappings are private to this process (nothing else maps
// the bunker binary), so paging them out drops them from the resident set; a page that
// a request needs later faults back in from the page cache. Shared libraries are left
// alone: their pages are shared with other processes and would stay resident anyway.
void page_out_executable() {
  char exe[4096];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return;
  const std::string self(exe, static_cast<size_t>(n));
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (!line.ends_with(self)) continue;
    unsigned long begin = 0, end = 0;
    char perms[5] = {};
    if (std::sscanf(line.c_str(), "%lx-%lx %4s", &begin, &end, perms) != 3) continue;
    if (perms[1] == 'w') continue;  // written data pages are anonymous copies: keep them
    // Older kernels answer EINVAL: then the pages simply stay.
    ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_PAGEOUT);
  }
}

}  // namespace

void release_startup_memory() {
  // Start-up churns through a few MiB of short-lived allocations (RocksDB's option
  // parsing above all).
  malloc_trim(0);
  page_out_executable();
}

}  // namespace bunker::server
