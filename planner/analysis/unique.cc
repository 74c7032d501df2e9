// Unique indexes and constraints on the target column (plain, expression and partial ones):
// a duplicate new value fails its batch. 01_preflight.sql counts would-be duplicates; a
// constant written into a unique column of more than one row is certain to fail.
#include "planner/analysis/advisors.h"
#include "planner/analysis/index_facts.h"
#include "planner/sql/quote.h"

namespace backfill {

void AdviseUnique(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  const std::string& column = s.column->name;
  const Requirement& r = s.requirement;
  bool constant = s.set.is_constant && !s.set.is_null_constant;
  bool one_row = r.estimated_rows && *r.estimated_rows <= 1;
  for (const Index* index : s.catalog->IndexesOn(s.table->name)) {
    std::vector<std::string> changed = ChangedColumns(*s.table, column);
    if (!index->unique || std::none_of(changed.begin(), changed.end(), [&](const std::string& c) { return KeyReads(*index, c); }))
      continue;
    std::string kind = index->primary ? "Primary key " : index->from_constraint ? "Unique constraint " : "Unique index ";
    std::string shape;
    if (!index->expressions_sql.empty()) shape += "on an expression";
    if (index->predicate_sql) shape += (shape.empty() ? "" : ", ") + std::string("partial: WHERE ") + *index->predicate_sql;
    if (!shape.empty()) shape = " (" + shape + ")";
    // Only a key of the target column alone (as a plain column) makes a constant a certain duplicate.
    bool alone = index->columns.size() == 1 &&
                 (index->columns[0] == column ||
                  (index->columns[0].empty() && index->expression_reads == std::vector<std::string>{column}));
    if (constant && alone && !one_row) {
      findings.push_back({"unique.constant_duplicate", Severity::kBlock,
                          kind + index->name.Display() + shape + " forbids the same value twice, and `set` writes the "
                              "constant " + s.set.sql + " into " +
                              (r.estimated_rows ? "about " + std::to_string(*r.estimated_rows) + " rows"
                                                : std::string("every target row")),
                          {index->name.Display()},
                          "the second row of the first batch fails with unique_violation. Compute a distinct value per "
                          "row (e.g. from the key), narrow `where` to one row, or set \"estimated_rows\": 1 if only one "
                          "row matches" + std::string(index->predicate_sql ? " (or outside the index's WHERE)" : ""),
                          PlanSection::kOverview});
      continue;
    }
    findings.push_back({"unique.target_indexed", Severity::kWarn,
                        kind + index->name.Display() + shape + " covers the column: a new value equal to another row's "
                            "value fails its batch",
                        {index->name.Display()},
                        "01_preflight.sql counts rows whose new value would duplicate another row's (new or existing) "
                        "value and fails unless the count is 0; it reads the whole table once. The application can "
                        "still insert a duplicate while the backfill runs: such a batch fails and is reported",
                        PlanSection::kDataAnalysis});
  }
}

}  // namespace backfill
