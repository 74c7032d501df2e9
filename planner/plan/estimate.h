// Duration model: the work a run does before its batches, then batches x (batch time + sleep),
// one runner; the rollback the same way from the backup. The batch times come from the cost model
// (planner/analysis/batch_cost.h), which the sizing findings read too, and every assumption line
// is written from the numbers the formula uses, so that a reviewer can replace them with
// measurements from step 2.
#pragma once

#include "planner/analysis/batch_cost.h"
#include "planner/analysis/subject.h"
#include "planner/plan/plan.h"
#include "planner/quantities.h"
#include "planner/wording.h"

namespace backfill {

Estimate EstimateDuration(const BackfillSubject& subject, const Wording& say);

}  // namespace backfill
