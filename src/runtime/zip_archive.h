#pragma once
// Function and layer code packages (.zip) checked and unpacked with libzip.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace bunker::runtime {

class ZipError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ZipSummary {
  uint64_t uncompressed_bytes = 0;
  uint64_t entries = 0;
};

// Opens the archive and sums its entries; throws ZipError when `data` is not a zip.
ZipSummary inspect_zip(std::string_view data);

// Unpacks `data` under `dir` (created if missing). Entries whose names would land outside
// `dir` (absolute paths, ".." components, symbolic links pointing out) are rejected with
// ZipError before anything is written; Unix permission bits are kept (a provided
// runtime's `bootstrap` must stay executable).
void extract_zip(std::string_view data, const std::filesystem::path& dir);

}  // namespace bunker::runtime
