// The Strategy section's lock table: for every statement the plan emits (and the optional ones
// its findings propose), the table lock it takes, what that lock blocks, and whether it reads
// the whole table. From PostgreSQL's "Explicit Locking" and "ALTER TABLE" pages (version 15).
#pragma once

#include <vector>

#include "planner/analysis/finding.h"
#include "planner/analysis/subject.h"
#include "planner/plan/plan.h"
#include "planner/wording.h"

namespace backfill {

std::vector<LockRow> LockTable(const BackfillSubject& subject, const std::vector<Finding>& findings, const Wording& say);

}  // namespace backfill
