#include "planner/analysis/finding.h"

namespace backfill {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInfo: return "info";
    case Severity::kWarn: return "warn";
    case Severity::kBlock: return "block";
  }
  return "info";
}

const char* SectionName(PlanSection section) {
  switch (section) {
    case PlanSection::kOverview: return "overview";
    case PlanSection::kDataAnalysis: return "data_analysis";
    case PlanSection::kStrategy: return "strategy";
    case PlanSection::kBackfillSql: return "backfill_sql";
    case PlanSection::kRollback: return "rollback";
    case PlanSection::kChecklist: return "checklist";
  }
  return "data_analysis";
}

}  // namespace backfill
