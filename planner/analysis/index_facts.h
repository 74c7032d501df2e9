// Small facts about an index and one column, shared by the advisors.
#pragma once

#include <algorithm>
#include <string>

#include "planner/catalog/catalog.h"

namespace backfill {

inline bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The column is a key item, or read by an expression item.
inline bool KeyReads(const Index& index, const std::string& column) {
  return Has(index.columns, column) || Has(index.expression_reads, column);
}

// Anywhere in the index: key, expression or partial-index predicate. Updating such a column
// is never a HOT update.
inline bool IndexReads(const Index& index, const std::string& column) {
  return KeyReads(index, column) || Has(index.predicate_reads, column);
}

// A unique index a foreign key could reference: plain columns, no predicate. An UPDATE that
// changes one of its columns takes FOR UPDATE row locks instead of FOR NO KEY UPDATE.
inline bool IsKeyIndex(const Index& index) {
  return index.unique && !index.predicate_sql && index.expressions_sql.empty() &&
         std::none_of(index.columns.begin(), index.columns.end(), [](const std::string& c) { return c.empty(); });
}

// The target and the stored generated columns computed from it: an update changes them all.
inline std::vector<std::string> ChangedColumns(const Table& table, const std::string& column) {
  std::vector<std::string> changed = {column};
  for (const Column& c : table.columns)
    if (c.generated_sql && Has(c.generated_reads, column)) changed.push_back(c.name);
  return changed;
}

inline bool IndexReadsAny(const Index& index, const std::vector<std::string>& columns) {
  return std::any_of(columns.begin(), columns.end(), [&](const std::string& c) { return IndexReads(index, c); });
}

}  // namespace backfill
