#include "lambda/code_cache.h"

#include <sys/stat.h>

#include "bunker/core/aws_error.h"
#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "bunker/core/ids.h"
#include "lambda/lambda_store.h"
#include "runtime/zip_archive.h"

namespace bunker::lambda {
namespace {

constexpr uint64_t kMaxUnzippedBytes = 262144000;

AwsError unzip_error() {
  return AwsError(400, "InvalidParameterValueException",
                  "Could not unzip uploaded file. Please check your file, then try to upload again.");
}

}  // namespace

CodeCache::CodeCache(LambdaStore& store, std::filesystem::path root) : store_(store), root_(std::move(root)) {
  std::filesystem::create_directories(root_);
  ::chmod(root_.c_str(), 0755);
}

StoredCode CodeCache::put(std::string_view zip) {
  runtime::ZipSummary summary;
  try {
    summary = runtime::inspect_zip(zip);
  } catch (const runtime::ZipError&) {
    throw unzip_error();
  }
  if (summary.uncompressed_bytes >= kMaxUnzippedBytes)
    throw AwsError(400, "InvalidParameterValueException", "Unzipped size must be smaller than 262144000 bytes");
  const std::string digest = sha256(zip);
  StoredCode code{hex_encode(digest), base64_encode(digest), zip.size()};
  if (!store_.code(code.sha_hex)) store_.put_code(code.sha_hex, zip);
  // Unpack now: a hostile archive is refused at upload, and the first invoke is fast.
  try {
    directory(code.sha_hex);
  } catch (const runtime::ZipError&) {
    throw unzip_error();
  }
  return code;
}

std::filesystem::path CodeCache::directory(std::string_view sha_hex) {
  const auto dir = root_ / std::string(sha_hex);
  std::lock_guard lock(mutex_);
  if (ready_.contains(sha_hex)) return dir;
  if (!std::filesystem::exists(dir)) {
    auto zip = store_.code(sha_hex);
    if (!zip) throw AwsError(500, "ServiceException", "The function's code package is missing");
    const auto staging = root_ / (std::string(sha_hex) + ".tmp-" + random_hex(8, false));
    try {
      runtime::extract_zip(*zip, staging);
    } catch (...) {
      std::error_code ec;
      std::filesystem::remove_all(staging, ec);
      throw;
    }
    ::chmod(staging.c_str(), 0755);
    std::filesystem::rename(staging, dir);
  }
  ready_.emplace(sha_hex);
  return dir;
}

}  // namespace bunker::lambda
