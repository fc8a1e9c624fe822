#include "server/authenticator.h"

#include <openssl/crypto.h>

#include <spdlog/spdlog.h>

#include <cstring>

#include "bunker/core/aws_error.h"
#include "bunker/core/clock.h"
#include "bunker/core/encoding.h"
#include "bunker/core/hash.h"
#include "bunker/core/strings.h"
#include "bunker/protocol/auth_errors.h"

namespace bunker::server {
namespace {

using protocol::AuthFailure;
using protocol::auth_error;

constexpr int64_t kMaxSkewMillis = 15 * 60 * 1000;

bool is_account_id(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// "41 57 53 …" as S3 prints the bytes it signed.
std::string hex_bytes(std::string_view s) {
  std::string hex = hex_encode(s), out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    if (i) out += ' ';
    out += hex.substr(i, 2);
  }
  return out;
}

bool is_hex_sha256(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// Hashes the body as it streams and fails the last read when the hash differs from the
// one the client signed.
class PayloadHashReader final : public http::BodyReader {
 public:
  PayloadHashReader(http::BodyReader* inner, std::string expected_hex, std::string service)
      : inner_(inner), expected_(std::move(expected_hex)), service_(std::move(service)) {}
  boost::asio::awaitable<size_t> read_some(std::span<char> buf) override {
    size_t n = co_await inner_->read_some(buf);
    if (n > 0) {
      digest_.update(std::string_view(buf.data(), n));
    } else if (!checked_) {
      checked_ = true;
      if (hex_encode(digest_.finish()) != expected_) throw auth_error(service_, AuthFailure::kPayloadHashMismatch);
    }
    co_return n;
  }
  std::optional<uint64_t> content_length() const override { return inner_->content_length(); }
  bool done() const override { return inner_->done(); }

 private:
  http::BodyReader* inner_;
  std::string expected_;
  std::string service_;
  Digest digest_{Digest::Algorithm::kSha256};
  bool checked_ = false;
};

}  // namespace

Authenticator::Authenticator(bool verify, std::vector<Credential> configured, Engines& engines,
                             std::string default_account, std::string default_region)
    : verify_(verify), configured_(std::move(configured)), workers_(verify), engines_(engines),
      default_account_(std::move(default_account)), default_region_(std::move(default_region)) {}

std::vector<Credential> Authenticator::parse_credentials(std::string_view text, std::string_view default_account,
                                                         std::string* error) {
  std::vector<Credential> out;
  if (trim(text).empty()) return out;
  for (auto item : split(text, ',')) {
    item = trim(item);
    auto parts = split(item, ':');
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty()) {
      if (error) *error = "expects AKID:SECRET[:ACCOUNT] pairs separated by commas, got '" + std::string(item) + "'";
      return {};
    }
    Credential c;
    c.access_key = std::string(parts[0]);
    c.secret_key = std::string(parts[1]);
    c.account_id = parts.size() == 3 ? std::string(parts[2]) : std::string(default_account);
    if (!is_account_id(c.account_id)) {
      if (error) *error = "account id must be 12 digits, got '" + c.account_id + "'";
      return {};
    }
    out.push_back(std::move(c));
  }
  return out;
}

void Authenticator::verify_sigv2(http::Request& req, const sigv4::Authorization& auth, const Credential& known) const {
  // Only S3 still takes SigV2 (boto3 presigns with it by default).
  if (req.service != "s3") throw auth_error(req.service, AuthFailure::kSignatureMismatch);
  if (auth.kind == sigv4::Authorization::Kind::kSigV2Presigned && now_millis() / 1000 > auth.expires_seconds)
    throw auth_error(req.service, AuthFailure::kExpired);
  const std::string to_sign = sigv4::sigv2_string_to_sign(req, auth, req.host_label);
  const std::string expected = sigv4::sigv2_sign(known.secret_key, to_sign);
  if (expected.size() != auth.signature.size() ||
      CRYPTO_memcmp(expected.data(), auth.signature.data(), expected.size()) != 0) {
    throw auth_error(req.service, AuthFailure::kSignatureMismatch)
        .field("AWSAccessKeyId", auth.access_key)
        .field("StringToSign", to_sign)
        .field("SignatureProvided", auth.signature)
        .field("StringToSignBytes", hex_bytes(to_sign));
  }
  req.caller.signature_verified = true;
}

std::optional<Credential> Authenticator::lookup(std::string_view access_key) const {
  for (const auto& c : configured_)
    if (c.access_key == access_key) return c;
  if (auto c = workers_.lookup(access_key)) return c;
  if (auto* resolver = engines_.find<CredentialResolver>()) return resolver->lookup(access_key);
  return std::nullopt;
}

boost::asio::awaitable<void> Authenticator::authenticate(http::Request& req,
                                                         const std::optional<sigv4::Authorization>& auth,
                                                         bool anonymous_allowed, uint64_t max_body,
                                                         std::unique_ptr<http::BodyReader>& body_holder) const {
  http::Caller& caller = req.caller;
  caller.region = default_region_;
  caller.account_id = default_account_;
  if (!auth) {
    if (verify_ && !anonymous_allowed) throw auth_error(req.service, AuthFailure::kMissing);
    co_return;
  }
  caller.access_key = auth->access_key;
  caller.presigned = auth->kind == sigv4::Authorization::Kind::kPresigned ||
                     auth->kind == sigv4::Authorization::Kind::kSigV2Presigned;
  if (!auth->region.empty()) caller.region = auth->region;
  caller.scope_service = auth->service;
  std::optional<Credential> known = lookup(auth->access_key);
  if (known) {
    caller.account_id = known->account_id;
  } else if (is_account_id(auth->access_key)) {
    caller.account_id = auth->access_key;
  }
  if (!verify_) co_return;

  if (!known) throw auth_error(req.service, AuthFailure::kUnknownKey, auth->access_key);
  // Temporary credentials (STS) are valid only together with their session token.
  if (!known->session_token.empty() &&
      (auth->security_token.size() != known->session_token.size() ||
       CRYPTO_memcmp(known->session_token.data(), auth->security_token.data(), known->session_token.size()) != 0))
    throw auth_error(req.service, AuthFailure::kUnknownKey, auth->access_key);
  if (auth->kind == sigv4::Authorization::Kind::kSigV2Header || auth->kind == sigv4::Authorization::Kind::kSigV2Presigned) {
    verify_sigv2(req, *auth, *known);
    co_return;
  }

  // Time: presigned URLs expire; signed headers must be within 15 minutes of now.
  auto signed_at = parse_amz_date(auth->amz_date);
  if (!signed_at && auth->kind == sigv4::Authorization::Kind::kHeader) {
    if (auto date = req.headers.get("date")) signed_at = parse_http_date(*date);
  }
  if (!signed_at) throw auth_error(req.service, AuthFailure::kMalformed, "missing or invalid X-Amz-Date");
  const int64_t now = now_millis();
  if (auth->kind == sigv4::Authorization::Kind::kPresigned) {
    if (now > *signed_at + auth->expires_seconds * 1000) throw auth_error(req.service, AuthFailure::kExpired, auth->amz_date);
  } else if (*signed_at < now - kMaxSkewMillis || *signed_at > now + kMaxSkewMillis) {
    throw auth_error(req.service, AuthFailure::kTimeSkew,
                     auth->amz_date + " is now earlier than " + amz_date(now - kMaxSkewMillis) + " (" + amz_date(now) +
                         " - 15 min.)");
  }

  // The payload hash the signature covers.
  const bool s3 = auth->service == "s3";
  std::string payload_hash;
  bool check_hash_while_streaming = false;
  if (auth->kind == sigv4::Authorization::Kind::kPresigned) {
    payload_hash = std::string(http::query_param(req.params, "X-Amz-Content-Sha256").value_or("UNSIGNED-PAYLOAD"));
  } else if (auto h = req.headers.get("x-amz-content-sha256")) {
    payload_hash = std::string(*h);
    check_hash_while_streaming = is_hex_sha256(payload_hash);
  } else {
    std::string body = co_await req.body->read_all(max_body);
    payload_hash = hex_encode(sha256(body));
    body_holder = std::make_unique<http::StringBodyReader>(std::move(body));
    req.body = body_holder.get();
  }

  const std::string canonical = sigv4::canonical_request(req, *auth, payload_hash, s3);
  const std::string to_sign = sigv4::string_to_sign(*auth, canonical);
  const std::string key = sigv4::signing_key(known->secret_key, auth->date, auth->region, auth->service);
  const std::string expected = sigv4::sign(key, to_sign);
  if (expected.size() != auth->signature.size() ||
      CRYPTO_memcmp(expected.data(), auth->signature.data(), expected.size()) != 0) {
    spdlog::debug("signature mismatch; canonical request:\n{}", canonical);
    AwsError error = auth_error(req.service, AuthFailure::kSignatureMismatch);
    if (s3) {
      // S3 shows what it signed, so a client author can see where the two differ.
      error.field("AWSAccessKeyId", auth->access_key)
          .field("StringToSign", to_sign)
          .field("SignatureProvided", auth->signature)
          .field("StringToSignBytes", hex_bytes(to_sign))
          .field("CanonicalRequest", canonical)
          .field("CanonicalRequestBytes", hex_bytes(canonical));
    }
    throw error;
  }

  caller.signature_verified = true;
  caller.signing_key = key;
  caller.seed_signature = auth->signature;
  caller.amz_date = auth->amz_date;
  caller.credential_scope = auth->scope();
  if (check_hash_while_streaming) {
    body_holder = std::make_unique<PayloadHashReader>(req.body, payload_hash, req.service);
    req.body = body_holder.get();
  }
}

}  // namespace bunker::server
