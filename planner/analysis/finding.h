// One thing the analysis found about this backfill against this schema.
#pragma once

#include <string>
#include <vector>

namespace backfill {

enum class Severity { kInfo, kWarn, kBlock };

// Where in the plan a finding matters.
enum class PlanSection { kOverview, kDataAnalysis, kStrategy, kBackfillSql, kRollback, kChecklist };

struct Finding {
  std::string id;  // stable, dotted: "triggers.row_update", "reversibility.overwrite"
  Severity severity = Severity::kInfo;
  std::string title;  // one line
  std::vector<std::string> objects;  // names of the schema objects involved, quoted as SQL
  std::string advice;  // what to do
  PlanSection section = PlanSection::kDataAnalysis;
  // Statements the advice proposes, each complete and runnable by psql as written (a \gexec
  // query among them): the plan self-checks that they parse, and the e2e tests run them.
  std::vector<std::string> proposed_sql;
};

const char* SeverityName(Severity severity);
const char* SectionName(PlanSection section);

}  // namespace backfill
