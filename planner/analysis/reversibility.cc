// Reversibility: a `fix` overwrites values that exist today; the backup is the only way back.
#include "planner/analysis/advisors.h"
#include "planner/sql/quote.h"

namespace backfill {

void AdviseReversibility(const BackfillSubject& s, std::vector<Finding>& findings) {
  std::string target = s.table->name.Display() + "." + QuoteIdentifier(s.column->name);
  if (s.requirement.kind == BackfillKind::kFix) {
    findings.push_back({"reversibility.overwrite", Severity::kWarn,
                        "This backfill overwrites existing values of " + target + ": it destroys information",
                        {target},
                        "keep the backup table for at least " + std::to_string(s.requirement.backup_retention_days) +
                            " days; it is the only way back. Check 01_preflight.sql's row count against expectations.",
                        PlanSection::kOverview});
  }
}

}  // namespace backfill
