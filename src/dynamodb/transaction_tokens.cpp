#include "dynamodb/transaction_tokens.h"

#include <nlohmann/json.hpp>

#include "bunker/core/aws_error.h"

namespace bunker::dynamodb {
namespace {

std::string key_of(const std::string& scope, const std::string& token) { return scope + "/" + token; }

AwsError mismatch() {
  // The error carries its text in "Message", as the model's shape says.
  return AwsError(400, "IdempotentParameterMismatchException", "")
      .field("Message",
             "DynamoDB rejected the request because you retried a request with a different payload but with an "
             "idempotent token that was already used.");
}

}  // namespace

TransactionTokens::TransactionTokens(storage::Database& db) : db_(db), family_(db.family("dynamodb.tokens")) {}

TransactionTokens::Outcome TransactionTokens::claim(const std::string& scope, const std::string& token,
                                                    const std::string& request_hash, int64_t now_ms) {
  std::string key = key_of(scope, token);
  std::lock_guard lock(mutex_);
  if (running_.count(key))
    throw AwsError(400, "TransactionInProgressException", "")
        .field("Message", "The transaction with the given request token is already in progress.");
  if (auto stored = db_.get(family_, key)) {
    auto j = nlohmann::json::parse(*stored);
    if (now_ms - j.at("at").get<int64_t>() <= kWindowMs) {
      if (j.at("hash").get<std::string>() != request_hash) throw mismatch();
      return {true, j.at("tables").get<std::vector<std::string>>()};
    }
  }
  running_.insert(key);
  return {};
}

void TransactionTokens::complete(const std::string& scope, const std::string& token, const std::string& request_hash,
                                 const std::vector<std::string>& tables, int64_t now_ms) {
  std::string key = key_of(scope, token);
  db_.put(family_, key, nlohmann::json{{"hash", request_hash}, {"at", now_ms}, {"tables", tables}}.dump());
  std::lock_guard lock(mutex_);
  running_.erase(key);
}

void TransactionTokens::release(const std::string& scope, const std::string& token) {
  std::lock_guard lock(mutex_);
  running_.erase(key_of(scope, token));
}

void TransactionTokens::expire(int64_t now_ms) {
  std::vector<std::string> old;
  auto it = db_.iterator(family_);
  for (it->seek_to_first(); it->valid(); it->next()) {
    auto j = nlohmann::json::parse(it->value(), nullptr, false);
    if (j.is_discarded() || now_ms - j.value("at", int64_t{0}) > kWindowMs) old.emplace_back(it->key());
  }
  it->check();
  for (const auto& k : old) db_.del(family_, k);
}

void TransactionTokens::reset() {
  std::lock_guard lock(mutex_);
  running_.clear();
  db_.clear(family_);
}

}  // namespace bunker::dynamodb
