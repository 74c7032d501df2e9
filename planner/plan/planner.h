// Builds the Plan from the bound subject and the advisors' findings.
#pragma once

#include <string>

#include "planner/analysis/subject.h"
#include "planner/plan/plan.h"
#include "planner/wording.h"

namespace backfill {

struct PlanOptions {
  std::string date;  // YYYY-MM-DD: the backup table's suffix and the plan's date
  int pg_version = 15;
  Language language = Language::kEnglish;  // of the prose; the SQL is the same in every language
};

Plan BuildPlan(const BackfillSubject& subject, const PlanOptions& options);

}  // namespace backfill
