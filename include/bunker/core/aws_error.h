#pragma once
// The one way errors travel in Bunker: service code throws AwsError, the protocol
// layer of that service catches it and renders AWS's envelope for it (JSON 1.0,
// REST-JSON, REST-XML or Query). Nothing below the protocol layer writes error bodies.
#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace bunker {

class AwsError : public std::exception {
 public:
  AwsError(int status, std::string code, std::string message)
      : status_(status), code_(std::move(code)), message_(std::move(message)) {}

  int status() const noexcept { return status_; }
  const std::string& code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  const char* what() const noexcept override { return message_.c_str(); }

  // Extra string members of the error body, rendered by the protocol in order:
  // S3 <Key>/<BucketName>/<Method>…, Lambda "Type", etc.
  AwsError& field(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  const std::vector<std::pair<std::string, std::string>>& fields() const noexcept { return fields_; }

  // Extra members that are not strings, as a JSON object text ("{...}") merged into a
  // JSON error body (DynamoDB's CancellationReasons, Item). Ignored by XML protocols.
  AwsError& json_members(std::string object_text) {
    json_members_ = std::move(object_text);
    return *this;
  }
  const std::string& json_members() const noexcept { return json_members_; }

  // Response headers the error carries (Retry-After, Allow, x-amz-…).
  AwsError& header(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  const std::vector<std::pair<std::string, std::string>>& headers() const noexcept { return headers_; }

  // Query-protocol "Type": Sender for client faults, Receiver for server faults.
  bool sender_fault() const noexcept { return status_ < 500; }

 private:
  int status_;
  std::string code_;
  std::string message_;
  std::vector<std::pair<std::string, std::string>> fields_;
  std::string json_members_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

}  // namespace bunker
