#pragma once
// Function and layer code: zips are kept in RocksDB by their SHA-256 and unpacked once
// into a folder per hash, which workers use as their task root (or layer folder). The
// folders are a cache: after a restart they are unpacked again from the stored zips.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace bunker::lambda {

class LambdaStore;

struct StoredCode {
  std::string sha_hex;     // store key
  std::string sha_base64;  // CodeSha256 as the API reports it
  uint64_t size = 0;       // CodeSize: bytes of the zip
};

class CodeCache {
 public:
  CodeCache(LambdaStore& store, std::filesystem::path root);

  // Checks and keeps a zip; throws AwsError InvalidParameterValueException for what
  // AWS refuses (not a zip, too large unzipped, entries escaping the folder).
  StoredCode put(std::string_view zip);
  // The unpacked folder of a stored zip, unpacking it on first use.
  std::filesystem::path directory(std::string_view sha_hex);
  const std::filesystem::path& root() const { return root_; }

 private:
  LambdaStore& store_;
  std::filesystem::path root_;
  std::mutex mutex_;
  std::set<std::string, std::less<>> ready_;
};

}  // namespace bunker::lambda
