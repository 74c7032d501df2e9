// Views and materialized views that read the column.
#include <algorithm>

#include "planner/analysis/advisors.h"

namespace backfill {

void AdviseViews(const BackfillSubject& s, std::vector<Finding>& findings) {
  for (const auto& [name, view] : s.catalog->views) {
    auto it = view.reads.find(s.table->name);
    if (it == view.reads.end()) continue;
    const auto& columns = it->second;
    bool reads = std::count(columns.begin(), columns.end(), s.column->name) || std::count(columns.begin(), columns.end(), "*");
    if (!reads) continue;
    if (view.materialized)
      findings.push_back({"views.materialized_stale", Severity::kWarn,
                          "Materialized view " + name.Display() + " reads the column and goes stale",
                          {name.Display()}, "REFRESH MATERIALIZED VIEW " + name.Display() + " after the backfill",
                          PlanSection::kChecklist});
    else
      findings.push_back({"views.reads_column", Severity::kInfo,
                          "View " + name.Display() + " reads the column: it returns a mix of old and new values during the run",
                          {name.Display()}, "tell the view's readers, or hide the column until the backfill is done",
                          PlanSection::kDataAnalysis});
  }
}

}  // namespace backfill
