#include "server/startup_memory.h"

#include <dlfcn.h>
#include <malloc.h>
#include <mimalloc.h>  // option names only: the functions are looked up at run time
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

// Start-up reads much of the executable and of the libraries once (the dynamic linker's
// relocation tables, initialisation code) and never again. Paging out the read-only
// file-backed mappings drops those pages from the resident set; the kernel leaves alone
// any page another process maps too (libc's, typically), and a page a request needs later
// faults back in from the page cache.
void page_out_file_mappings() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    unsigned long begin = 0, end = 0;
    char perms[5] = {};
    int path_at = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx %4s %*s %*s %*s %n", &begin, &end, perms, &path_at) != 3) continue;
    if (path_at <= 0 || line.size() <= static_cast<size_t>(path_at) || line[path_at] != '/') continue;  // anonymous, [stack], …
    if (perms[1] == 'w') continue;  // written data pages are anonymous copies: keep them
    // Older kernels answer EINVAL: then the pages simply stay.
    ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_PAGEOUT);
  }
}

// The executable runs on mimalloc (src/CMakeLists.txt), which keeps freed pages committed
// for a while for reuse. Once, after start-up, have it give back every free page now; the
// options are then put back, so request handling keeps mimalloc's usual reuse. Looked up
// at run time so that programs linking this library without mimalloc (unit tests) run.
void return_free_allocator_pages() {
  using OptionGet = long (*)(mi_option_t);
  using OptionSet = void (*)(mi_option_t, long);
  using Collect = void (*)(bool);
  auto get = reinterpret_cast<OptionGet>(::dlsym(RTLD_DEFAULT, "mi_option_get"));
  auto set = reinterpret_cast<OptionSet>(::dlsym(RTLD_DEFAULT, "mi_option_set"));
  auto collect = reinterpret_cast<Collect>(::dlsym(RTLD_DEFAULT, "mi_collect"));
  if (!get || !set || !collect) return;
  const long delay = get(mi_option_decommit_delay), reset = get(mi_option_page_reset);
  set(mi_option_decommit_delay, 0);
  set(mi_option_page_reset, 1);
  collect(true);
  set(mi_option_decommit_delay, delay);
  set(mi_option_page_reset, reset);
}

}  // namespace

void release_startup_memory() {
  // Start-up churns through a few MiB of short-lived allocations (RocksDB's option
  // parsing above all).
  malloc_trim(0);
  return_free_allocator_pages();
  page_out_file_mappings();
}

}  // namespace bunker::server
