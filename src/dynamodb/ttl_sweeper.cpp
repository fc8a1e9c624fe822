#include "dynamodb/ttl_sweeper.h"

#include <mutex>

#include "bunker/storage/key_codec.h"
#include "dynamodb/item_commit.h"

namespace bunker::dynamodb {
namespace {

constexpr uint64_t kFiveYears = 5ull * 365 * 24 * 3600;
constexpr std::size_t kChunk = 500;

// Deletes one item if it is still expired; false when it was skipped.
bool delete_if_expired(Engine& engine, TableHandle& table, const TableDefinition& def, const ItemStore::TtlEntry& entry,
                       uint64_t now) {
  try {
    SingleWriteClaim claim(engine.transactions, entry.store_key);
    std::lock_guard lock(engine.locks.lock_for(entry.store_key));
    std::optional<Item> item = engine.store.get_stored(entry.store_key);
    auto expiry = item ? ItemStore::ttl_expiry(def, *item) : std::nullopt;
    std::string_view listed = std::string_view(entry.entry_key).substr(8, 8);
    std::string_view rest = listed;
    uint64_t listed_expiry = storage::read_u64(rest).value_or(0);
    if (!expiry || *expiry != listed_expiry) {
      // The item changed or went since the entry was written: the entry is stale.
      engine.store.remove_ttl_entry(entry.entry_key);
      return false;
    }
    if (*expiry > now) return false;
    commit_mutations(engine, {ItemMutation{&table, &def, item, std::nullopt, true}});
    return true;
  } catch (const AwsError&) {
    return false;  // a transaction holds the item: the next sweep takes it
  }
}

}  // namespace

std::size_t sweep_expired_items(Engine& engine, int64_t now_ms) {
  uint64_t now = static_cast<uint64_t>(now_ms / 1000);
  uint64_t oldest = now > kFiveYears ? now - kFiveYears : 0;
  std::size_t deleted = 0;
  for (const auto& table : engine.catalog.all()) {
    auto def = table->definition();
    if (!def->ttl_enabled || def->status == "DELETING") continue;
    std::string resume;
    for (;;) {
      auto entries = engine.store.expired_entries(*def, oldest, now, kChunk);
      std::size_t done = 0;
      for (const auto& e : entries) {
        if (!resume.empty() && e.entry_key <= resume) continue;
        deleted += delete_if_expired(engine, *table, *def, e, now) ? 1 : 0;
        resume = e.entry_key;
        ++done;
      }
      if (entries.size() < kChunk || done == 0) break;
    }
  }
  return deleted;
}

}  // namespace bunker::dynamodb
