#include "iam/identifiers.h"

#include "bunker/core/clock.h"
#include "bunker/core/ids.h"

namespace bunker::iam {
namespace {

std::string random_chars(size_t n, std::string_view alphabet) {
  std::string out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(alphabet[random_u64() % alphabet.size()]);
  return out;
}

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

}  // namespace

std::string unique_id(std::string_view prefix) { return std::string(prefix) + random_chars(17, kBase32); }

std::string access_key_id(bool temporary) { return (temporary ? "ASIA" : "AKIA") + random_chars(16, kBase32); }

std::string secret_access_key() {
  return random_chars(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
}

std::string session_token() {
  // Real tokens are opaque base64 blobs of a few hundred characters.
  return "IQoJb3JpZ2luX2VjE" + random_base64(222);
}

std::string entity_arn(std::string_view account, std::string_view type, std::string_view path, std::string_view name) {
  return "arn:aws:iam::" + std::string(account) + ":" + std::string(type) + std::string(path) + std::string(name);
}

std::string root_arn(std::string_view account) { return "arn:aws:iam::" + std::string(account) + ":root"; }

std::string assumed_role_arn(std::string_view account, std::string_view role_name, std::string_view session) {
  return "arn:aws:sts::" + std::string(account) + ":assumed-role/" + std::string(role_name) + "/" + std::string(session);
}

std::optional<EntityArn> parse_entity_arn(std::string_view arn, std::string_view type) {
  // arn:<partition>:iam::<account>:<type>/<path…/><name>
  if (!arn.starts_with("arn:")) return std::nullopt;
  arn.remove_prefix(4);
  const size_t partition_end = arn.find(':');
  if (partition_end == std::string_view::npos || !arn.substr(0, partition_end).starts_with("aws")) return std::nullopt;
  arn.remove_prefix(partition_end + 1);
  if (!arn.starts_with("iam::")) return std::nullopt;
  arn.remove_prefix(5);
  const size_t account_end = arn.find(':');
  if (account_end == std::string_view::npos || account_end == 0) return std::nullopt;
  EntityArn out;
  out.account = std::string(arn.substr(0, account_end));
  arn.remove_prefix(account_end + 1);
  if (!arn.starts_with(type) || arn.size() <= type.size() || arn[type.size()] != '/') return std::nullopt;
  arn.remove_prefix(type.size());
  const size_t last_slash = arn.rfind('/');
  out.path = std::string(arn.substr(0, last_slash + 1));
  out.name = std::string(arn.substr(last_slash + 1));
  if (out.name.empty()) return std::nullopt;
  return out;
}

std::string iam_date(long long epoch_millis) { return iso8601_seconds(epoch_millis); }

}  // namespace bunker::iam
