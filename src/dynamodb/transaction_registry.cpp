#include "dynamodb/transaction_registry.h"

namespace bunker::dynamodb {

AwsError transaction_conflict() {
  return AwsError(400, "TransactionConflictException", "Transaction is ongoing for the item");
}

void TransactionRegistry::begin_single(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (transactional_.count(key)) throw transaction_conflict();
  ++single_[key];
}

void TransactionRegistry::end_single(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = single_.find(key);
  if (it != single_.end() && --it->second == 0) single_.erase(it);
}

std::vector<std::size_t> TransactionRegistry::begin_transaction(const std::vector<std::string>& keys) {
  std::lock_guard lock(mutex_);
  std::vector<std::size_t> conflicts;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (transactional_.count(keys[i])) conflicts.push_back(i);
  if (conflicts.empty())
    for (const auto& k : keys) transactional_.insert(k);
  return conflicts;
}

void TransactionRegistry::end_transaction(const std::vector<std::string>& keys) {
  std::lock_guard lock(mutex_);
  for (const auto& k : keys) transactional_.erase(k);
}

std::vector<std::size_t> TransactionRegistry::busy(const std::vector<std::string>& keys) const {
  std::lock_guard lock(mutex_);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (transactional_.count(keys[i]) || single_.count(keys[i])) out.push_back(i);
  return out;
}

}  // namespace bunker::dynamodb
