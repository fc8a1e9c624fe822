#include "s3/engine.h"

#include <spdlog/spdlog.h>

#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "s3/errors.h"

namespace bunker::s3 {

Engine::Engine(storage::Database& database, EngineConfig cfg)
    : db(database), config(std::move(cfg)), data(database), buckets(database), objects(database, data),
      uploads(database, data), owners(config.owners) {
  if (size_t n = data.recover()) spdlog::info("s3: discarded {} interrupted upload(s)", n);
}

std::optional<ObjectInfo> Engine::head(std::string_view bucket, std::string_view key) const {
  if (!buckets.find(bucket)) return std::nullopt;
  auto rec = objects.get(bucket, key);
  if (!rec) return std::nullopt;
  return ObjectInfo{rec->size, rec->quoted_etag(), rec->last_modified_ms, rec->content_type};
}

std::string Engine::read(std::string_view bucket, std::string_view key, uint64_t max_bytes) const {
  buckets.get(bucket);
  ReadView view = objects.read_view();
  auto rec = objects.get(bucket, key, view.snapshot.get());
  if (!rec) throw no_such_key(key);
  if (rec->size > max_bytes) throw entity_too_large(rec->size, max_bytes);
  std::string out(rec->size, '\0');
  ObjectStream stream(data, view, rec->segments, 0, rec->size);
  size_t pos = 0;
  while (pos < out.size()) {
    size_t n = stream.read(std::span<char>(out.data() + pos, out.size() - pos));
    if (n == 0) break;
    pos += n;
  }
  return out;
}

std::string Engine::write(std::string_view bucket, std::string_view key, std::string_view bytes,
                          std::string_view content_type) {
  auto b = buckets.get(bucket);
  DataWriter writer(data);
  writer.write(bytes);
  storage::WriteBatch batch;
  ObjectRecord rec;
  rec.segments.push_back(writer.finish(batch));
  if (!rec.segments.back().data_id) rec.segments.clear();
  rec.size = bytes.size();
  rec.etag = hex_encode(md5(bytes));
  rec.last_modified_ms = now_millis();
  rec.owner_id = b->owner_id;
  rec.content_type = content_type.empty() ? "binary/octet-stream" : std::string(content_type);
  rec.checksum_algorithm = "CRC64NVME";
  rec.checksum_type = "FULL_OBJECT";
  rec.checksum_value = base64_encode(checksum_bytes(crc64nvme(bytes)));
  objects.put(bucket, key, rec, batch);
  writer.committed();
  return rec.quoted_etag();
}

void Engine::reset() {
  objects.reset();
  uploads.reset();
  buckets.reset();
  data.clear();
}

}  // namespace bunker::s3
