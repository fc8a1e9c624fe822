#pragma once
// Works out who is calling (Request::caller) and, with --verify-signatures, proves it:
// recomputes the SigV4 signature for header and query authentication and answers
// mismatches with each service's own error. Without verification any credentials are
// accepted; the access key still selects the account (a 12-digit key is taken as the
// account id, keys Bunker knows map to their account, anything else is the default).
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bunker/http/message.h"
#include "bunker/protocol/sigv4.h"
#include "bunker/service/credentials.h"
#include "bunker/service/engines.h"
#include "server/worker_credentials.h"

namespace bunker::server {

class Authenticator {
 public:
  Authenticator(bool verify, std::vector<Credential> configured, Engines& engines, std::string default_account,
                std::string default_region);

  // Parses "AKID:SECRET[:ACCOUNT],…" as given to --credentials.
  static std::vector<Credential> parse_credentials(std::string_view text, std::string_view default_account,
                                                   std::string* error);

  // Fills request.caller. In verify mode it may read the body to hash it; then `body_holder`
  // receives the replacement reader and request.body points at it. Throws AwsError.
  boost::asio::awaitable<void> authenticate(http::Request& request, const std::optional<sigv4::Authorization>& auth,
                                            bool anonymous_allowed, uint64_t max_body,
                                            std::unique_ptr<http::BodyReader>& body_holder) const;

  bool verifying() const { return verify_; }
  // What the server hands its own workers; provided to services through Engines.
  WorkerCredentials& worker_credentials() { return workers_; }

 private:
  std::optional<Credential> lookup(std::string_view access_key) const;
  void verify_sigv2(http::Request& request, const sigv4::Authorization& auth, const Credential& known) const;

  bool verify_;
  std::vector<Credential> configured_;
  IssuedWorkerCredentials workers_;
  Engines& engines_;
  std::string default_account_;
  std::string default_region_;
};

}  // namespace bunker::server
