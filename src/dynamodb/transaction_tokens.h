#pragma once
// ClientRequestToken idempotency of TransactWriteItems and ExecuteTransaction: a token
// seen with the same request within 10 minutes of its completion is answered without
// running the transaction again; with a different request, IdempotentParameterMismatch;
// while the first request still runs, TransactionInProgressException. Completed tokens
// are kept in the "dynamodb.tokens" family so that a retry after a restart is still
// recognised.
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "bunker/storage/database.h"

namespace bunker::dynamodb {

class TransactionTokens {
 public:
  static constexpr int64_t kWindowMs = 10 * 60 * 1000;

  explicit TransactionTokens(storage::Database& db);

  struct Outcome {
    bool replay = false;              // already done: answer without running again
    std::vector<std::string> tables;  // tables the original transaction wrote (replays)
  };
  // Claims `token` (scoped by account and region) for a request whose parameters hash
  // to `request_hash`. Throws IdempotentParameterMismatchException or
  // TransactionInProgressException.
  Outcome claim(const std::string& scope, const std::string& token, const std::string& request_hash, int64_t now_ms);
  // The transaction succeeded: remember the token for the window.
  void complete(const std::string& scope, const std::string& token, const std::string& request_hash,
                const std::vector<std::string>& tables, int64_t now_ms);
  // The transaction failed: the token may be used again.
  void release(const std::string& scope, const std::string& token);

  void expire(int64_t now_ms);
  void reset();

 private:
  storage::Database& db_;
  storage::ColumnFamily* family_;
  std::mutex mutex_;
  std::set<std::string> running_;
};

}  // namespace bunker::dynamodb
