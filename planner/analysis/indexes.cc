// Indexes that contain the target column: updates to it are not HOT.
#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/sql/quote.h"

namespace backfill {

void AdviseIndexes(const BackfillSubject& s, std::vector<Finding>& findings) {
  const std::string& column = s.column->name;
  std::vector<std::string> names;
  for (const Index* index : s.catalog->IndexesOn(s.table->name)) {
    bool uses = std::count(index->columns.begin(), index->columns.end(), column) ||
                std::count(index->expression_reads.begin(), index->expression_reads.end(), column) ||
                std::count(index->predicate_reads.begin(), index->predicate_reads.end(), column);
    if (uses) names.push_back(index->name.Display());
  }
  if (names.empty()) return;
  findings.push_back({"indexes.not_hot", Severity::kInfo,
                      std::to_string(names.size()) + " index(es) contain the column: every update writes new index entries "
                                                       "(no HOT update)",
                      names,
                      "expect index growth and bloat in proportion to the rows changed; check autovacuum keeps up and "
                      "consider a lower fillfactor on this table for future updates",
                      PlanSection::kStrategy});
}

}  // namespace backfill
