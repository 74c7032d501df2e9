// The cost model behind the plan's durations (planner/plan/estimate) and the sizing findings
// (sizing.cc): what one batch of the backfill, one batch of the rollback and the work each run
// does before its first batch take, from what this update writes per row. The constants were
// measured with bench/estimate_accuracy.sh on PostgreSQL 15 (README, Performance). The model is
// deliberately simple and printed in full, so that a reviewer can replace it with step 2's
// measurements.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "planner/analysis/subject.h"

namespace backfill {

constexpr int64_t kAssumedRows = 100000;   // rows to change when the requirement gives none
// Measured with bench/estimate_accuracy.sh (README, Performance): PostgreSQL 15, durable commits,
// the examples' data (3,500-40,000 rows to change) at 5, 1,000 and 10,000 rows per batch, fitted
// to the medians of three runs on the 2-core machine with little else running (with builds
// running beside it, the same runs took about 1.5x as long).
constexpr double kRowMilliseconds = 0.04;  // update + backup insert of one row, before its index entries and triggers
constexpr double kIndexFactor = 0.1;       // each index the update writes an entry in
constexpr double kRowTriggerFactor = 0.2;  // each row-level UPDATE trigger that fires
// Per batch, whatever its size: the gate's probes (progress row, replica lag, lock waiters), the
// batch's progress row update and commit, and psql's four statements around them (3-10 ms
// measured at 5 rows per batch; the orders example's 2,800 batches of 5 rows: 21 s, 13 s on the
// e2e server without fsync).
constexpr double kBatchOverheadMs = 7.0;
// A rollback batch: one join of the backup's batch to the table, and the backup's state.
constexpr double kRestoreRowFactor = 0.8;        // of a changed row's time (0.5-1.0 measured)
constexpr double kRestoreOverheadMs = 1.0;       // per batch: one CALL, one commit (0.5-1.3 ms measured, 3.7-4.8 for two)
// Per run, before its batches: psql's start, the variable checks, the rounds' first and last
// calls (03 run again once complete: 0.08-0.34 s), and the counts.
constexpr double kRunOverheadMs = 100.0;
constexpr double kScanRowMilliseconds = 0.0003;  // each row a whole-table count reads (0.0002-0.0016 measured)
constexpr int kCountsPerRun = 3;                 // 03_backfill.sql counts the rows to change once per round

// What every changed row costs here, and why.
struct BatchCost {
  std::vector<std::string> indexes;       // written for every changed row: every index of its table
  bool column_indexed = false;            // an index reads the column: no update can be HOT
  std::vector<std::string> row_triggers;  // row-level UPDATE triggers fired for every changed row
  bool sync_trigger = false;              // a rename's or retype's own trigger fires too
  double row_ms = 0;                      // one changed row
  double restore_row_ms = 0;              // one restored row

  int TriggersFired() const { return static_cast<int>(row_triggers.size()) + (sync_trigger ? 1 : 0); }
  double BatchMs(int64_t rows) const { return kBatchOverheadMs + static_cast<double>(rows) * row_ms; }
  double RestoreBatchMs(int64_t rows) const { return kRestoreOverheadMs + static_cast<double>(rows) * restore_row_ms; }
};

BatchCost CostOfBatches(const BackfillSubject& subject);

// The largest batch whose estimated time stays within `ms` (at least 1).
int64_t RowsWithin(const BatchCost& cost, double ms);

}  // namespace backfill
