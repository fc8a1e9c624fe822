#include "dynamodb/shard_iterator.h"

#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "bunker/storage/key_codec.h"

namespace bunker::dynamodb {
namespace {

constexpr char kVersion = 1;

// A short checksum keeps a hand-edited or truncated iterator from being taken at face
// value; it is not a secret.
std::string checksum(std::string_view arn, std::string_view payload) {
  std::string bytes;
  storage::append_u32(bytes, crc32(payload, crc32(arn)));
  return bytes;
}

}  // namespace

std::string encode_shard_iterator(std::string_view stream_arn, const ShardPosition& p) {
  std::string payload(1, kVersion);
  storage::append_u64(payload, p.stream_id);
  storage::append_u64(payload, p.next_sequence);
  storage::append_i64(payload, p.issued_ms);
  payload += p.trim_horizon ? '\1' : '\0';
  payload += checksum(stream_arn, payload);
  return std::string(stream_arn) + "|1|" + base64_encode(payload);
}

std::optional<ShardPosition> decode_shard_iterator(std::string_view text) {
  auto bar = text.rfind("|1|");
  if (bar == std::string_view::npos) return std::nullopt;
  std::string_view arn = text.substr(0, bar);
  auto bytes = base64_decode(text.substr(bar + 3));
  if (!bytes || bytes->size() != 1 + 8 + 8 + 8 + 1 + 4 || (*bytes)[0] != kVersion) return std::nullopt;
  std::string_view body(bytes->data(), bytes->size() - 4);
  if (checksum(arn, body) != bytes->substr(bytes->size() - 4)) return std::nullopt;
  std::string_view in = body.substr(1);
  ShardPosition p;
  p.stream_id = *storage::read_u64(in);
  p.next_sequence = *storage::read_u64(in);
  p.issued_ms = *storage::read_i64(in);
  p.trim_horizon = in[0] == '\1';
  return p;
}

}  // namespace bunker::dynamodb
