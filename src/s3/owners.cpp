#include "s3/owners.h"

#include <stdexcept>

#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "bunker/core/strings.h"

namespace bunker::s3 {
namespace {

constexpr std::string_view kDefaultDisplayName = "bunker";

bool is_canonical_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

std::string Owners::check_config(std::string_view config) {
  for (auto item : split(config, ',')) {
    item = trim(item);
    if (item.empty()) continue;
    auto eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) return "expects AKID=CANONICAL_ID[:DISPLAY_NAME], got '" + std::string(item) + "'";
    auto rest = item.substr(eq + 1);
    auto id = rest.substr(0, rest.find(':'));
    if (!is_canonical_id(id)) return "canonical id must be 1-64 letters or digits, got '" + std::string(id) + "'";
  }
  return {};
}

Owners::Owners(std::string_view config) {
  if (auto err = check_config(config); !err.empty()) throw std::invalid_argument(err);
  for (auto item : split(config, ',')) {
    item = trim(item);
    if (item.empty()) continue;
    auto eq = item.find('=');
    auto rest = item.substr(eq + 1);
    auto colon = rest.find(':');
    Owner o{std::string(rest.substr(0, colon)),
            colon == std::string_view::npos ? std::string(kDefaultDisplayName) : std::string(rest.substr(colon + 1))};
    by_key_[std::string(item.substr(0, eq))] = o;
    by_id_[o.id] = o;
  }
}

Owner Owners::for_account(std::string_view account) const {
  return Owner{hex_encode(sha256("bunker-s3-owner:" + std::string(account))), std::string(kDefaultDisplayName)};
}

Owner Owners::for_caller(const http::Caller& caller) const {
  if (auto it = by_key_.find(caller.access_key); it != by_key_.end()) return it->second;
  return for_account(caller.account_id);
}

Owner Owners::by_id(std::string_view id) const {
  if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
  return Owner{std::string(id), std::string(kDefaultDisplayName)};
}

}  // namespace bunker::s3
