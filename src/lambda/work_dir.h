#pragma once
// The server's scratch folder for Lambda (unpacked code, workers' /tmp), under the
// system's temporary folder. Its name says which process owns it —
//   bunker-lambda-<pid namespace>-<pid>-<process start time>-XXXXXX
// — so that the folder of a server killed with -9 (which cannot clean up) is recognised
// by the next server as orphaned and removed, and a live server's never is.
#include <cstddef>
#include <filesystem>

namespace bunker::lambda {

// Creates a new scratch folder under `root` named after this process.
std::filesystem::path make_work_dir(const std::filesystem::path& root);

// Removes the scratch folders under `root` whose owner is gone (no process with that
// pid and start time in this pid namespace); returns how many. Folders of other pid
// namespaces or users, and names without an owner (older servers'), are left alone.
size_t sweep_orphaned_work_dirs(const std::filesystem::path& root);

}  // namespace bunker::lambda
