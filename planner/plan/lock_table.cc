#include "planner/plan/lock_table.h"

#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/analysis/index_facts.h"
#include "planner/analysis/trigger_function.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

bool HasFinding(const std::vector<Finding>& findings, const std::string& id) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.id == id; });
}

}  // namespace

std::vector<LockRow> LockTable(const BackfillSubject& s, const std::vector<Finding>& findings) {
  const std::string table = s.table->name.Display();
  const std::string& column = s.column->name;
  std::vector<LockRow> rows;

  rows.push_back({"counts in a READ ONLY transaction (01)", "ACCESS SHARE on " + table,
                  "only ACCESS EXCLUSIVE (ALTER TABLE, DROP, VACUUM FULL wait for it, and it for them)",
                  "yes: every count reads the rows `where` selects; uniqueness counts read the whole table"});
  rows.push_back({"CREATE TABLE / INDEX / PROCEDURE IF NOT EXISTS, OR REPLACE (02)", "none on " + table,
                  "nothing the application uses (new objects only)", "no"});
  rows.push_back({"count of the rows still to change, once per round (03)", "ACCESS SHARE on " + table,
                  "only ACCESS EXCLUSIVE", "yes, the rows `where` selects (the whole table unless an index serves it)"});

  // Row locks: FOR NO KEY UPDATE, unless the UPDATE changes a column of a unique key a foreign
  // key could reference; then PostgreSQL takes FOR UPDATE, which conflicts with FOR KEY SHARE.
  bool key_column = false;
  for (const Index* i : s.catalog->IndexesOn(s.table->name))
    if (IsKeyIndex(*i) && Has(i->columns, column)) key_column = true;
  std::string row_lock = key_column ? "FOR UPDATE (the column is in a unique key)" : "FOR NO KEY UPDATE";
  std::string blocks = "writers of the same rows, for one batch; ";
  blocks += key_column ? "foreign key checks on those rows (FOR KEY SHARE) wait too; "
                       : "foreign key checks (FOR KEY SHARE) are not blocked; ";
  blocks += "SHARE and stronger table locks (CREATE INDEX without CONCURRENTLY, most ALTER TABLE) wait for the batch";
  std::vector<std::string> also;
  for (const ForeignKey* fk : s.catalog->ForeignKeysFrom(s.table->name))
    if (Has(fk->columns, column)) also.push_back("FOR KEY SHARE on the referenced rows of " + fk->referenced_table.Display());
  for (const ForeignKey* fk : s.catalog->ForeignKeysTo(s.table->name))
    if (Has(fk->referenced_columns, column) &&
        (fk->on_update == FkAction::kCascade || fk->on_update == FkAction::kSetNull || fk->on_update == FkAction::kSetDefault))
      also.push_back("ROW EXCLUSIVE and row locks on the referencing rows of " + fk->table.Display() + " (ON UPDATE)");
  // Tables the UPDATE triggers write: the batch holds ROW EXCLUSIVE on them too.
  std::vector<QualifiedName> relations = {s.table->name};
  relations.insert(relations.end(), s.table->partitions.begin(), s.table->partitions.end());
  std::vector<std::string> written;
  for (const QualifiedName& relation : relations)
    for (const Trigger* t : s.catalog->TriggersOn(relation)) {
      bool fires = t->on_update && (t->update_columns.empty() || Has(t->update_columns, column));
      const Function* function = fires ? s.catalog->FindFunction(t->function) : nullptr;
      if (!function) continue;
      for (const TableWrite& w : AnalyzeTriggerFunction(*function).writes)
        if (!Has(written, w.table)) written.push_back(w.table);
    }
  for (const std::string& w : written) also.push_back("ROW EXCLUSIVE on " + w + " (written by a trigger)");
  std::string lock = "ROW EXCLUSIVE on " + table + "; " + row_lock + " on the batch's rows";
  for (const std::string& a : also) lock += "; " + a;
  rows.push_back({"batch: SELECT ... FOR NO KEY UPDATE, UPDATE, INSERT into the backup (03, 90, 91)", lock, blocks,
                  "no: an index range of one batch"});
  rows.push_back({"verification counts in a READ ONLY transaction (04)", "ACCESS SHARE on " + table, "only ACCESS EXCLUSIVE",
                  "yes, the rows `where` selects and the backup table"});
  if (s.requirement.not_null_after) {
    rows.push_back({"ADD CONSTRAINT ... CHECK (... IS NOT NULL) NOT VALID (05)", "ACCESS EXCLUSIVE on " + table + ", brief",
                    "everything, reads included, for milliseconds; lock_timeout bounds the wait", "no"});
    rows.push_back({"VALIDATE CONSTRAINT (05)", "SHARE UPDATE EXCLUSIVE on " + table,
                    "DDL, VACUUM and CREATE INDEX CONCURRENTLY; not reads or writes", "yes, the whole table"});
    rows.push_back({"ALTER COLUMN ... SET NOT NULL (05)", "ACCESS EXCLUSIVE on " + table + ", brief",
                    "everything, for milliseconds", "no: the validated CHECK proves it (PostgreSQL 12 and later)"});
    rows.push_back({"DROP CONSTRAINT (05)", "ACCESS EXCLUSIVE on " + table + ", brief", "everything, for milliseconds", "no"});
    rows.push_back({"DROP CONSTRAINT IF EXISTS, ALTER COLUMN ... DROP NOT NULL (90, 91; only after 05)",
                    "ACCESS EXCLUSIVE on " + table + ", brief", "everything, for milliseconds", "no"});
  }
  rows.push_back({"DROP TABLE / PROCEDURE / FUNCTION IF EXISTS (99)", "ACCESS EXCLUSIVE on the backup and progress tables only",
                  "nothing on " + table, "no"});
  if (HasFinding(findings, "predicate.unindexed")) {
    rows.push_back({"optional: CREATE INDEX CONCURRENTLY " + QuoteIdentifier(PendingIndexName(s)) + " (before 03)",
                    "SHARE UPDATE EXCLUSIVE on " + table,
                    "DDL, VACUUM and other CREATE INDEX CONCURRENTLY; not reads or writes; waits for transactions older "
                    "than itself",
                    "yes, twice"});
    rows.push_back({"optional: DROP INDEX CONCURRENTLY (after 04)", "SHARE UPDATE EXCLUSIVE on " + table,
                    "DDL and VACUUM; not reads or writes", "no"});
  }
  for (const Finding& f : findings)
    if (f.id == "views.materialized_stale" && !f.objects.empty())
      rows.push_back({"REFRESH MATERIALIZED VIEW " + f.objects[0] + " (after 04)",
                      "ACCESS EXCLUSIVE on the view (CONCURRENTLY: EXCLUSIVE, which lets reads go on; needs a unique "
                      "index on the view)",
                      "reads of the view, unless CONCURRENTLY", "yes, it reruns the view's query"});
  return rows;
}

}  // namespace backfill
