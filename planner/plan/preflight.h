// The read-only counts 01_preflight.sql prints: rows to change, and rows whose new value a
// constraint of the schema would reject (NOT NULL, CHECK, type limits, enum labels, foreign keys).
#pragma once

#include <vector>

#include "planner/analysis/subject.h"
#include "planner/plan/plan.h"
#include "planner/plan/sql_vocabulary.h"
#include "planner/wording.h"

namespace backfill {

std::vector<PreflightCheck> PreflightChecks(const BackfillSubject& subject, const SqlVocabulary& v, const Wording& say);

}  // namespace backfill
