#include "dynamodb/item_commit.h"

#include "bunker/core/clock.h"
#include "dynamodb/request_validation.h"

namespace bunker::dynamodb {

void commit_mutations(Engine& engine, const std::vector<ItemMutation>& mutations) {
  storage::WriteBatch batch;
  std::vector<std::pair<TableHandle*, StatDelta>> deltas;
  std::vector<uint64_t> streams;
  std::vector<const ItemMutation*> changed;
  for (const auto& m : mutations) {
    if (m.before == m.after) continue;
    deltas.emplace_back(m.table, engine.store.stage(batch, *m.def, m.before, m.after));
    changed.push_back(&m);
    if (m.def->stream_enabled() && m.def->stream_id) streams.push_back(m.def->stream_id);
  }
  if (changed.empty()) return;
  StreamStore::Commit commit = engine.streams.begin_commit(streams);
  int64_t now = now_millis();
  for (const ItemMutation* m : changed) {
    if (!m->def->stream_enabled() || !m->def->stream_id) continue;
    StreamChange change{&m->before, &m->after, key_of(*m->def, m->after ? *m->after : *m->before), m->by_ttl};
    commit.stage(batch, m->def->stream_id, change, now);
  }
  engine.db.write(batch);
  commit.committed();
  for (const auto& [table, delta] : deltas) ItemStore::apply(table->stats, delta);
}

}  // namespace bunker::dynamodb
