// Foreign keys: the column referencing another table (a lookup and a KEY SHARE lock per row),
// other tables referencing the column (ON UPDATE actions), and how the batch's row locks meet
// the locks foreign key checks take.
#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/analysis/index_facts.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

const char* ActionName(FkAction action) {
  switch (action) {
    case FkAction::kNoAction: return "NO ACTION";
    case FkAction::kRestrict: return "RESTRICT";
    case FkAction::kCascade: return "CASCADE";
    case FkAction::kSetNull: return "SET NULL";
    case FkAction::kSetDefault: return "SET DEFAULT";
  }
  return "NO ACTION";
}

bool SameColumns(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// The unique index on the referenced table a foreign key relies on, if the schema file has it.
const Index* ReferencedKey(const Catalog& catalog, const ForeignKey& fk) {
  for (const Index* i : catalog.IndexesOn(fk.referenced_table)) {
    if (fk.referenced_columns.empty() ? i->primary : IsKeyIndex(*i) && SameColumns(i->columns, fk.referenced_columns))
      return i;
  }
  return nullptr;
}

void AdviseOutgoing(const BackfillSubject& s, const ForeignKey& fk, const Wording& say, std::vector<Finding>& findings) {
  std::string fk_name = QuoteIdentifier(fk.name);
  std::string referenced = fk.referenced_table.Display();
  if (!s.catalog->FindTable(fk.referenced_table)) {
    findings.push_back({"foreign_keys.referenced_table_unknown", Severity::kInfo,
                        "The column references " + referenced + " (" + fk_name + "), which the schema file does not define",
                        {fk_name, referenced},
                        "check on the server that the referenced columns have a unique index; 01_preflight.sql counts new "
                        "values with no referenced row",
                        PlanSection::kDataAnalysis});
    return;
  }
  const Index* key = ReferencedKey(*s.catalog, fk);
  if (!key) {
    findings.push_back({"foreign_keys.referenced_key_missing", Severity::kWarn,
                        "The column references " + referenced + " (" + fk_name +
                            "), but the schema file has no primary key or unique index on the referenced columns",
                        {fk_name, referenced},
                        "PostgreSQL requires one (the schema file may be incomplete); without an index every updated row "
                        "would scan " + referenced,
                        PlanSection::kDataAnalysis});
    return;
  }
  findings.push_back({"foreign_keys.references", Severity::kInfo,
                      "The column references " + referenced + " (" + fk_name + ", through " + key->name.Display() +
                          "): every new value is looked up there",
                      {fk_name, referenced, key->name.Display()},
                      "one index lookup per updated row, and a FOR KEY SHARE lock on the referenced row until the batch "
                      "commits: deleting those rows or changing their key waits for the batch. 01_preflight.sql counts new "
                      "values with no referenced row" +
                          std::string(fk.not_valid ? "; the constraint is NOT VALID, but updated rows are checked anyway" : ""),
                      PlanSection::kDataAnalysis});
}

void AdviseIncoming(const BackfillSubject& s, const ForeignKey& fk, const Wording& say, std::vector<Finding>& findings) {
  std::string fk_name = QuoteIdentifier(fk.name);
  std::string referencing = fk.table.Display();
  bool cascades = fk.on_update == FkAction::kCascade || fk.on_update == FkAction::kSetNull ||
                  fk.on_update == FkAction::kSetDefault;
  bool fix = s.requirement.kind == BackfillKind::kFix;
  std::string action = ActionName(fk.on_update);
  if (cascades) {
    findings.push_back({"foreign_keys.cascade", Severity::kWarn,
                        referencing + " references the column (" + fk_name + ", ON UPDATE " + action +
                            "): every changed value rewrites the referencing rows too",
                        {fk_name, referencing},
                        "the batch also updates (and locks) the referencing rows of " + referencing +
                            ", fires its triggers and writes its indexes: count them per key and add them to the time "
                            "estimate; the rollback cascades again",
                        PlanSection::kDataAnalysis});
  } else {
    findings.push_back({"foreign_keys.referenced", fix ? Severity::kWarn : Severity::kInfo,
                        referencing + " references the column (" + fk_name + ", ON UPDATE " + action + ")",
                        {fk_name, referencing},
                        fix ? "changing a value that referencing rows still hold fails the batch (foreign_key_violation); "
                              "count them first: SELECT count(*) FROM " + referencing + " WHERE (" +
                                  JoinIdentifiers(fk.columns) + ") IS NOT NULL"
                            : "a filled value was NULL, so no row referenced it: nothing can fail",
                        PlanSection::kDataAnalysis});
  }
}

}  // namespace

void AdviseForeignKeys(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  const std::string& column = s.column->name;
  for (const ForeignKey* fk : s.catalog->ForeignKeysFrom(s.table->name))
    if (Has(fk->columns, column)) AdviseOutgoing(s, *fk, say, findings);

  std::vector<std::string> referencing;
  for (const ForeignKey* fk : s.catalog->ForeignKeysTo(s.table->name)) {
    std::vector<std::string> referenced = fk->referenced_columns;
    if (referenced.empty())
      for (const Index* i : s.catalog->IndexesOn(s.table->name))
        if (i->primary) referenced = i->columns;
    if (!Has(referenced, column)) continue;
    AdviseIncoming(s, *fk, say, findings);
    referencing.push_back(fk->table.Display());
  }

  // Row locks: the batch locks FOR NO KEY UPDATE, which foreign key checks (FOR KEY SHARE)
  // pass. An UPDATE changing a column of a unique index a foreign key could use takes
  // FOR UPDATE instead, and that blocks them.
  std::vector<std::string> keys;
  for (const Index* i : s.catalog->IndexesOn(s.table->name))
    if (IsKeyIndex(*i) && Has(i->columns, column)) keys.push_back(i->name.Display());
  if (keys.empty()) return;
  std::vector<std::string> objects = keys;
  objects.insert(objects.end(), referencing.begin(), referencing.end());
  findings.push_back({"foreign_keys.key_lock", referencing.empty() ? Severity::kInfo : Severity::kWarn,
                      "The column is part of a unique key (" + keys[0] + (keys.size() > 1 ? ", ..." : "") +
                          "): each updated row is locked FOR UPDATE, not FOR NO KEY UPDATE",
                      objects,
                      referencing.empty()
                          ? "no foreign key in the schema file references it, so nothing waits on that lock but writers of "
                            "the same rows"
                          : "inserts and updates in the referencing tables that point at a row of the current batch wait "
                            "(FOR KEY SHARE conflicts with FOR UPDATE) until the batch commits: keep batches short",
                      PlanSection::kStrategy});
}

}  // namespace backfill
