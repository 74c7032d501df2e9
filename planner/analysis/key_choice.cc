#include "planner/analysis/key_choice.h"

namespace backfill {
namespace {

std::optional<BatchKey> KeyFromIndex(const Table& table, const Index& index) {
  if (!index.unique || index.predicate_sql || index.method != "btree") return std::nullopt;
  BatchKey key;
  for (const std::string& name : index.columns) {
    const Column* column = name.empty() ? nullptr : table.FindColumn(name);
    if (!column || !column->not_null) return std::nullopt;  // expression item or nullable column
    key.columns.push_back({column->name, column->type});
  }
  if (key.columns.empty()) return std::nullopt;
  key.kind = index.primary           ? BatchKey::Kind::kPrimaryKey
             : index.from_constraint ? BatchKey::Kind::kUniqueConstraint
                                     : BatchKey::Kind::kUniqueIndex;
  key.index = index.name.Display();
  return key;
}

}  // namespace

std::optional<BatchKey> ChooseBatchKey(const Catalog& catalog, const Table& table) {
  std::optional<BatchKey> best;
  for (const Index* index : catalog.IndexesOn(table.name)) {
    if (!catalog.IndexValid(*index)) continue;  // ON ONLY a partitioned table, not every partition attached: enforces nothing
    auto key = KeyFromIndex(table, *index);
    if (!key) continue;
    if (index->primary) return key;
    if (!best || key->columns.size() < best->columns.size()) best = key;
  }
  return best;
}

std::string DescribeKey(const BatchKey& key, const Wording& say) {
  switch (key.kind) {
    case BatchKey::Kind::kPrimaryKey: return say("primary key ", "主キー ") + key.index;
    case BatchKey::Kind::kUniqueConstraint: return say("unique constraint ", "一意制約 ") + key.index;
    case BatchKey::Kind::kUniqueIndex: return say("unique index ", "一意インデックス ") + key.index;
  }
  return key.index;
}

}  // namespace backfill
