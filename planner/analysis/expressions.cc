// The user's expressions: side effects and values that change each time they are computed.
#include "planner/analysis/advisors.h"

namespace backfill {

void AdviseExpressions(const BackfillSubject& s, std::vector<Finding>& findings) {
  for (const std::string& w : s.warnings)
    findings.push_back({"expressions.side_effect", Severity::kWarn, w, {}, "remove the call unless it is intended",
                        PlanSection::kBackfillSql});
  if (s.set.is_volatile)
    findings.push_back({"expressions.volatile", Severity::kInfo,
                        "The new value differs each time it is computed (" + s.set.sql + ")", {},
                        "rows are tracked through the backup table: a row is done when it still holds the value the "
                        "backfill wrote",
                        PlanSection::kBackfillSql});
  if (s.set.has_subquery)
    findings.push_back({"expressions.subquery", Severity::kInfo, "The new value is computed with a sub-query", {},
                        "each updated row runs it once: make sure it is served by an index", PlanSection::kStrategy});
}

}  // namespace backfill
