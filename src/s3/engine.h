#pragma once
// The S3 engine: the stores behind every operation, and the public Objects interface
// other services call. Free of HTTP: operations (the api layer) translate the wire.
#include <functional>
#include <optional>
#include <string>

#include "bunker/s3/objects.h"
#include "bunker/storage/database.h"
#include "s3/bucket_store.h"
#include "s3/data_store.h"
#include "s3/object_store.h"
#include "s3/owners.h"
#include "s3/upload_store.h"

namespace bunker::s3 {

struct EngineConfig {
  std::string default_region;
  std::string default_account;
  std::string owners;  // --s3-owners
  // --verify-signatures, and the secret of an access key (browser POST policies carry
  // their own signature, which S3 checks itself).
  bool verify_signatures = false;
  std::function<std::optional<std::string>(std::string_view access_key)> secret_for;
};

class Engine final : public Objects {
 public:
  Engine(storage::Database& db, EngineConfig config);

  storage::Database& db;
  EngineConfig config;
  DataStore data;
  BucketStore buckets;
  ObjectStore objects;
  UploadStore uploads;
  Owners owners;
  // Set by the service: a bucket's lifecycle rules were put (the sweep looks at them).
  std::function<void()> lifecycle_changed;

  // Objects
  std::optional<ObjectInfo> head(std::string_view bucket, std::string_view key) const override;
  std::string read(std::string_view bucket, std::string_view key, uint64_t max_bytes) const override;
  std::string write(std::string_view bucket, std::string_view key, std::string_view bytes,
                    std::string_view content_type) override;

  void reset();
};

}  // namespace bunker::s3
