#include "planner/analysis/key_choice.h"

#include <algorithm>

namespace backfill {
namespace {

std::optional<BatchKey> KeyFromIndex(const Table& table, const Index& index) {
  if (!index.unique || index.predicate_sql || index.method != "btree") return std::nullopt;
  BatchKey key;
  for (const std::string& name : index.columns) {
    const Column* column = name.empty() ? nullptr : table.FindColumn(name);
    if (!column) return std::nullopt;  // an expression item
    key.columns.push_back({column->name, column->type, !column->not_null});
  }
  if (key.columns.empty()) return std::nullopt;
  key.kind = index.primary           ? BatchKey::Kind::kPrimaryKey
             : index.from_constraint ? BatchKey::Kind::kUniqueConstraint
                                     : BatchKey::Kind::kUniqueIndex;
  key.index = index.name.Display();
  return key;
}

// A key on NOT NULL columns reaches every row; among those alike, fewer columns make the
// cheaper cursor.
bool Better(const BatchKey& a, const BatchKey& b) {
  if (a.Nullable() != b.Nullable()) return !a.Nullable();
  return a.columns.size() < b.columns.size();
}

}  // namespace

bool BatchKey::Nullable() const {
  return std::any_of(columns.begin(), columns.end(), [](const KeyColumn& c) { return c.nullable; });
}

std::optional<BatchKey> ChooseBatchKey(const Catalog& catalog, const Table& table) {
  std::optional<BatchKey> best;
  for (const Index* index : catalog.IndexesOn(table.name)) {
    if (!catalog.IndexValid(*index)) continue;  // ON ONLY a partitioned table, not every partition attached: enforces nothing
    auto key = KeyFromIndex(table, *index);
    if (!key) continue;
    if (index->primary) return key;
    if (!best || Better(*key, *best)) best = key;
  }
  return best;
}

std::string DescribeKey(const BatchKey& key, const Wording& say) {
  std::string nullable = key.Nullable() ? say("nullable ", "NULL を許す") : "";
  switch (key.kind) {
    case BatchKey::Kind::kPrimaryKey: return say("primary key ", "主キー ") + key.index;
    case BatchKey::Kind::kUniqueConstraint: return nullable + say("unique constraint ", "一意制約 ") + key.index;
    case BatchKey::Kind::kUniqueIndex: return nullable + say("unique index ", "一意インデックス ") + key.index;
  }
  return key.index;
}

}  // namespace backfill
