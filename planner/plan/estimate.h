// Duration model: batches x (batch time + sleep), one runner, with the batch time growing with the indexes
// the update writes and the row triggers it fires. Deliberately simple and printed in full,
// so that a reviewer can replace the assumptions with measurements from stage 2.
#pragma once

#include "planner/analysis/subject.h"
#include "planner/plan/plan.h"
#include "planner/wording.h"

namespace backfill {

constexpr int64_t kAssumedRows = 100000;
constexpr double kRowMilliseconds = 0.05;      // update + backup insert of one row, no triggers
constexpr double kIndexFactor = 0.15;          // each index the update writes
constexpr double kRowTriggerFactor = 0.5;      // each row-level UPDATE trigger that fires

Estimate EstimateDuration(const BackfillSubject& subject, const Wording& say);

// 90 s -> "1 min 30 s"
std::string HumanDuration(double seconds, const Wording& say);

// 2400000 -> "2,400,000"
std::string WithThousands(int64_t n);

}  // namespace backfill
