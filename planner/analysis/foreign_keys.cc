// Foreign keys: the column referencing another table, and other tables referencing it.
#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/sql/quote.h"

namespace backfill {

void AdviseForeignKeys(const BackfillSubject& s, std::vector<Finding>& findings) {
  const std::string& column = s.column->name;
  for (const ForeignKey* fk : s.catalog->ForeignKeysFrom(s.table->name)) {
    if (std::find(fk->columns.begin(), fk->columns.end(), column) == fk->columns.end()) continue;
    findings.push_back({"foreign_keys.references", Severity::kInfo,
                        "The column references " + fk->referenced_table.Display() + " (" + QuoteIdentifier(fk->name) +
                            "): every new value is checked against it",
                        {QuoteIdentifier(fk->name), fk->referenced_table.Display()},
                        "each updated row costs a lookup in the referenced table and takes a KEY SHARE lock on the "
                        "referenced row; 01_preflight.sql counts new values with no referenced row",
                        PlanSection::kDataAnalysis});
  }
  for (const ForeignKey* fk : s.catalog->ForeignKeysTo(s.table->name)) {
    bool touches = std::find(fk->referenced_columns.begin(), fk->referenced_columns.end(), column) != fk->referenced_columns.end();
    if (!touches) continue;
    bool cascades = fk->on_update == FkAction::kCascade || fk->on_update == FkAction::kSetNull ||
                    fk->on_update == FkAction::kSetDefault;
    findings.push_back({"foreign_keys.referenced", cascades ? Severity::kWarn : Severity::kInfo,
                        fk->table.Display() + " references this column (" + QuoteIdentifier(fk->name) + ")" +
                            (cascades ? ", with an ON UPDATE action that rewrites its rows" : ""),
                        {QuoteIdentifier(fk->name), fk->table.Display()},
                        cascades ? "every changed value also updates the referencing rows: count them and add them to the "
                                   "time estimate"
                                 : "changing a referenced value fails while referencing rows hold the old value",
                        PlanSection::kDataAnalysis});
  }
}

}  // namespace backfill
