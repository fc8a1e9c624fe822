#include "dynamodb/transaction_registry.h"

#include <algorithm>

namespace bunker::dynamodb {

AwsError transaction_conflict() {
  return AwsError(400, "TransactionConflictException", "Transaction is ongoing for the item");
}

TransactionRegistry::Shard& TransactionRegistry::shard(const std::string& key) const {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

std::vector<std::size_t> TransactionRegistry::shards_of(const std::vector<std::string>& keys) const {
  std::vector<std::size_t> out;
  for (const auto& k : keys) out.push_back(std::hash<std::string>{}(k) % kShards);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void TransactionRegistry::begin_single(const std::string& key) {
  Shard& s = shard(key);
  std::lock_guard lock(s.mutex);
  if (s.transactional.count(key)) throw transaction_conflict();
  ++s.single[key];
}

void TransactionRegistry::end_single(const std::string& key) {
  Shard& s = shard(key);
  std::lock_guard lock(s.mutex);
  auto it = s.single.find(key);
  if (it != s.single.end() && --it->second == 0) s.single.erase(it);
}

std::vector<std::size_t> TransactionRegistry::begin_transaction(const std::vector<std::string>& keys) {
  std::vector<std::unique_lock<std::mutex>> locks;
  for (std::size_t i : shards_of(keys)) locks.emplace_back(shards_[i].mutex);
  std::vector<std::size_t> conflicts;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (shard(keys[i]).transactional.count(keys[i])) conflicts.push_back(i);
  if (conflicts.empty())
    for (const auto& k : keys) shard(k).transactional.insert(k);
  return conflicts;
}

void TransactionRegistry::end_transaction(const std::vector<std::string>& keys) {
  for (const auto& k : keys) {
    Shard& s = shard(k);
    std::lock_guard lock(s.mutex);
    s.transactional.erase(k);
  }
}

std::vector<std::size_t> TransactionRegistry::busy(const std::vector<std::string>& keys) const {
  std::vector<std::unique_lock<std::mutex>> locks;
  for (std::size_t i : shards_of(keys)) locks.emplace_back(shards_[i].mutex);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const Shard& s = shard(keys[i]);
    if (s.transactional.count(keys[i]) || s.single.count(keys[i])) out.push_back(i);
  }
  return out;
}

}  // namespace bunker::dynamodb
