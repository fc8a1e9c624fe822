#include "server/server_options.h"

#include <thread>

#include "server/authenticator.h"

namespace bunker::server {
namespace {

std::string check_account(std::string_view v) {
  if (v.size() != 12 || v.find_first_not_of("0123456789") != std::string_view::npos)
    return "must be 12 digits, got '" + std::string(v) + "'";
  return {};
}

std::string check_region(std::string_view v) {
  if (v.empty() || v.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string_view::npos)
    return "is not a region name: '" + std::string(v) + "'";
  return {};
}

std::string check_log_level(std::string_view v) {
  for (std::string_view l : {"trace", "debug", "info", "warn", "error", "critical", "off"})
    if (v == l) return {};
  return "must be one of trace, debug, info, warn, error, critical, off; got '" + std::string(v) + "'";
}

}  // namespace

void register_server_options(Options& o) {
  using K = OptionSpec::Kind;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  o.add({"host", "BUNKER_HOST", "127.0.0.1", "address to listen on (0.0.0.0 in containers)"});
  o.add({"port", "BUNKER_PORT", "4566", "TCP port to listen on (0 picks a free one)", K::kInt, 0, 65535});
  o.add({"data-dir", "BUNKER_DATA_DIR", "./.bunker", "directory of the persistent state"});
  o.add({"in-memory", "BUNKER_IN_MEMORY", "false", "keep all state in memory (throwaway CI runs)", K::kBool});
  o.add({"fsync", "BUNKER_FSYNC", "false", "sync every acknowledged write to disk (survives power loss)", K::kBool});
  o.add({"region", "BUNKER_REGION", "us-east-1", "region used when a request names none", K::kString, 0, 0, check_region});
  o.add({"account-id", "BUNKER_ACCOUNT_ID", "000000000000", "account used when an access key names none",
         K::kString, 0, 0, check_account});
  o.add({"log-level", "BUNKER_LOG_LEVEL", "info", "trace, debug, info, warn, error, critical or off", K::kString, 0,
         0, check_log_level});
  o.add({"access-log", "BUNKER_ACCESS_LOG", "true", "one log line per request", K::kBool});
  o.add({"io-threads", "BUNKER_IO_THREADS", std::to_string(cores), "threads serving connections", K::kInt, 1, 256});
  o.add({"verify-signatures", "BUNKER_VERIFY_SIGNATURES", "false",
         "check SigV4 signatures against --credentials (default: accept any credentials)", K::kBool});
  o.add({"credentials", "BUNKER_CREDENTIALS", "", "known keys: AKID:SECRET[:ACCOUNT],… (used by --verify-signatures)",
         K::kString, 0, 0, [](std::string_view v) {
           std::string error;
           Authenticator::parse_credentials(v, "000000000000", &error);
           return error;
         }});
  o.add({"idle-timeout", "BUNKER_IDLE_TIMEOUT", "60s", "close a keep-alive connection idle this long", K::kSeconds,
         1, 86400000});
  o.add({"read-timeout", "BUNKER_READ_TIMEOUT", "30s", "fail a request whose client sends nothing for this long",
         K::kSeconds, 1, 86400000});
  o.add({"max-header-bytes", "BUNKER_MAX_HEADER_BYTES", "65536", "largest request header block", K::kInt, 1024,
         16 << 20});
  o.add({"shutdown-timeout", "BUNKER_SHUTDOWN_TIMEOUT", "10s", "on SIGTERM, wait this long for in-flight requests",
         K::kSeconds, 0, 3600000});
}

}  // namespace bunker::server
