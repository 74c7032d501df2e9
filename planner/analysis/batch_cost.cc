#include "planner/analysis/batch_cost.h"

#include <algorithm>
#include <cmath>

#include "planner/analysis/index_facts.h"

namespace backfill {
namespace {

std::vector<std::string> IndexNames(const std::vector<const Index*>& indexes) {
  std::vector<std::string> names;
  for (const Index* i : indexes) names.push_back(i->name.Display());
  return names;
}

// A partition's index attached to one of the parent's (ALTER INDEX ... ATTACH PARTITION, as pg_dump
// writes them) is that index in the partition. The catalog records which partitions a parent's
// index has, not which of their indexes: the copy is the one on the same key.
bool AttachedCopy(const Index& local, const QualifiedName& partition, const std::vector<const Index*>& parent) {
  return std::any_of(parent.begin(), parent.end(), [&](const Index* i) {
    return std::find(i->attached.begin(), i->attached.end(), partition) != i->attached.end() && i->columns == local.columns && i->expressions_sql == local.expressions_sql &&
           i->unique == local.unique && i->predicate_sql == local.predicate_sql;
  });
}

// Every changed row writes an entry in every index of its table: the parent's and, on a
// partitioned table, those of the partition that has the most of its own (not attached to one of
// the parent's). An update of a column
// no index reads may be HOT (no index entry) only where the new row version fits on the old one's
// page, and a backfill rewrites most rows of pages that a loaded table fills (fillfactor 100):
// bench/estimate_accuracy.sh counted 0-3% HOT updates at 1,000 rows per batch or more (80% only
// for the partitioned example at 5 rows per batch, where each batch's dead versions were pruned
// before the next).
void IndexesWritten(const BackfillSubject& s, BatchCost& cost) {
  std::vector<std::string> changed = ChangedColumns(*s.table, s.column->name);
  auto reads = [&](const std::vector<const Index*>& indexes) {
    return std::any_of(indexes.begin(), indexes.end(), [&](const Index* i) { return IndexReadsAny(*i, changed); });
  };
  std::vector<const Index*> parent = s.catalog->IndexesOn(s.table->name), most_local;
  cost.column_indexed = reads(parent);
  for (const QualifiedName& p : s.table->partitions) {
    std::vector<const Index*> local = s.catalog->IndexesOn(p);
    std::erase_if(local, [&](const Index* i) { return AttachedCopy(*i, p, parent); });
    cost.column_indexed = cost.column_indexed || reads(local);
    if (local.size() > most_local.size()) most_local = local;
  }
  cost.indexes = IndexNames(parent);
  for (const std::string& name : IndexNames(most_local)) cost.indexes.push_back(name);
}

// Row-level UPDATE triggers that fire for the column. On a partitioned table a row lives in one
// partition: the parent's triggers plus those of the partition that fires the most.
void RowTriggersFired(const BackfillSubject& s, BatchCost& cost) {
  auto fired_on = [&](const QualifiedName& table) {
    std::vector<std::string> names;
    for (const Trigger* t : s.catalog->TriggersOn(table)) {
      bool fires = t->on_update && (t->update_columns.empty() || Has(t->update_columns, s.column->name));
      if (fires && t->for_each_row) names.push_back(t->name);
    }
    return names;
  };
  cost.row_triggers = fired_on(s.table->name);
  std::vector<std::string> most;
  for (const QualifiedName& p : s.table->partitions)
    if (std::vector<std::string> local = fired_on(p); local.size() > most.size()) most = local;
  for (const std::string& name : most) cost.row_triggers.push_back(name);
}

}  // namespace

BatchCost CostOfBatches(const BackfillSubject& s) {
  BatchCost cost;
  IndexesWritten(s, cost);
  RowTriggersFired(s, cost);
  // A rename or retype: the copy's own sync trigger fires on every row the batch writes.
  cost.sync_trigger = s.expand.has_value();
  cost.row_ms = kRowMilliseconds * (1 + kIndexFactor * static_cast<double>(cost.indexes.size()) + kRowTriggerFactor * cost.TriggersFired());
  // A restore writes the column back: the same index entries and triggers, without the backup insert.
  cost.restore_row_ms = cost.row_ms * kRestoreRowFactor;
  return cost;
}

int64_t RowsWithin(const BatchCost& cost, double ms) {
  return std::max<int64_t>(1, static_cast<int64_t>(std::floor((ms - kBatchOverheadMs) / cost.row_ms)));
}

}  // namespace backfill
