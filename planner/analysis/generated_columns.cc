// Generated columns computed from the target are recomputed on every updated row.
#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/sql/quote.h"

namespace backfill {

void AdviseGeneratedColumns(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  std::vector<std::string> names;
  for (const Column& c : s.table->columns)
    if (c.generated_sql && std::count(c.generated_reads.begin(), c.generated_reads.end(), s.column->name))
      names.push_back(QuoteIdentifier(c.name));
  if (names.empty()) return;
  findings.push_back({"generated.recomputed", Severity::kInfo,
                      say("Generated column(s) computed from the target are recomputed on every updated row",
                          "対象列から計算される生成列が、更新する行ごとに再計算される"),
                      names,
                      say("the rollback recomputes them too; indexes on them are written as well",
                          "ロールバックでも再計算される。生成列のインデックスも書き込まれる"),
                      PlanSection::kDataAnalysis});
}

}  // namespace backfill
