#pragma once
// The one place item changes reach storage: every changed item of an operation (one for
// PutItem, up to 100 for TransactWriteItems, one per expired item for the TTL sweeper)
// goes into one RocksDB WriteBatch together with its secondary-index entries, its TTL
// work-list entry and, when the table has a stream, its stream record. A change that
// leaves the item as it was writes nothing and produces no stream record.
#include <optional>
#include <vector>

#include "dynamodb/engine.h"

namespace bunker::dynamodb {

struct ItemMutation {
  TableHandle* table = nullptr;
  const TableDefinition* def = nullptr;
  std::optional<Item> before, after;
  bool by_ttl = false;  // a Time to Live deletion (the stream record names the service)
};

// The caller holds the locks of every item involved. Throws the index-key validation
// errors of ItemStore::stage before anything is written.
void commit_mutations(Engine& engine, const std::vector<ItemMutation>& mutations);

}  // namespace bunker::dynamodb
