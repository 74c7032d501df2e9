// Triggers: UPDATE triggers fire on every row the backfill changes.
#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

// Whether an UPDATE of `column` fires the trigger: UPDATE OF lists limit it to those columns.
bool FiresOnColumn(const Trigger& t, const std::string& column) {
  if (!t.on_update) return false;
  return t.update_columns.empty() ||
         std::find(t.update_columns.begin(), t.update_columns.end(), column) != t.update_columns.end();
}

}  // namespace

void AdviseTriggers(const BackfillSubject& s, std::vector<Finding>& findings) {
  std::vector<QualifiedName> tables = {s.table->name};
  for (const QualifiedName& p : s.table->partitions) tables.push_back(p);
  for (const QualifiedName& table : tables) {
    for (const Trigger* t : s.catalog->TriggersOn(table)) {
      std::string name = QuoteIdentifier(t->name) + " on " + table.Display();
      if (!FiresOnColumn(*t, s.column->name)) {
        if (t->on_update)
          findings.push_back({"triggers.not_fired", Severity::kInfo,
                              "Trigger " + name + " is UPDATE OF other columns and does not fire", {name}, "nothing to do",
                              PlanSection::kDataAnalysis});
        continue;
      }
      bool row = t->for_each_row;
      findings.push_back({row ? "triggers.row_update" : "triggers.statement_update", row ? Severity::kWarn : Severity::kInfo,
                          std::string(row ? "Row" : "Statement") + " trigger " + name + " fires " +
                              (row ? "for every updated row" : "once per batch") + " (function " +
                              t->function.Display() + ")",
                          {name, t->function.Display()},
                          row ? "its cost is paid per row: measure stage 1 and 2 batch times; rollback fires it again, and "
                                "columns it maintains are not restored by the rollback"
                              : "its cost is paid once per batch",
                          PlanSection::kDataAnalysis});
    }
  }
}

}  // namespace backfill
