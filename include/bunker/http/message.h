#pragma once
// The request and response every service handler sees. No Beast types here: the front
// door (src/server) translates between these and the wire.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "bunker/http/body.h"
#include "bunker/http/headers.h"

namespace bunker::http {

// Who is calling, as far as SigV4 says (Authorization header or presigned query).
struct Caller {
  std::string access_key;     // empty for anonymous requests
  std::string account_id;     // account the key maps to (default account when unknown)
  std::string region;         // from the credential scope, else the server's default
  std::string scope_service;  // service named in the credential scope, if any
  bool presigned = false;
  bool signature_verified = false;  // only in --verify-signatures mode
  // Signing key and seed signature when verified, for aws-chunked chunk signatures.
  std::string signing_key;
  std::string seed_signature;
  std::string amz_date;
  std::string credential_scope;  // date/region/service/aws4_request
};

struct Request {
  std::string method;          // GET, PUT, …
  std::string target;          // request-target as received: raw path plus "?query"
  std::string path;            // raw (percent-encoded) path, without query
  std::string query;           // raw query string after '?', may be empty
  QueryParams params;          // decoded query parameters, in order
  Headers headers;
  std::string remote_address;  // peer IP
  BodyReader* body = nullptr;  // never null while a handler runs

  // Set by the front door's router before the handler runs.
  std::string service;         // router key: "s3", "dynamodb", "execute-api", …
  std::string host_label;      // bucket or API id taken from a virtual-host name
  Caller caller;

  // Set by whoever handles the request; read by the access log.
  std::string request_id;
  std::string operation;
  bool quiet = false;  // Bunker's own plumbing (e.g. the Lambda Runtime API): logged at debug
  int64_t received_ms = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;                    // used when stream is null
  std::unique_ptr<BodySource> stream;  // streamed body, pulled by the front door
  std::optional<uint64_t> stream_length;  // Content-Length of stream; chunked when absent
  // Length announced for a HEAD answer (Content-Length without a body).
  std::optional<uint64_t> head_length;
  bool close_connection = false;
};

}  // namespace bunker::http
