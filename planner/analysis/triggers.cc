// Triggers: UPDATE triggers on the table and its partitions fire on every row the backfill
// changes (and again on every row the rollback restores). Their PL/pgSQL bodies are read for
// the columns they set and the tables they write.
#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/analysis/trigger_function.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

// Whether an UPDATE of `column` fires the trigger: UPDATE OF lists limit it to those columns.
bool FiresOnColumn(const Trigger& t, const std::string& column) {
  if (!t.on_update) return false;
  return t.update_columns.empty() ||
         std::find(t.update_columns.begin(), t.update_columns.end(), column) != t.update_columns.end();
}

const char* TimingName(Trigger::Timing timing) {
  switch (timing) {
    case Trigger::Timing::kBefore: return "BEFORE";
    case Trigger::Timing::kAfter: return "AFTER";
    case Trigger::Timing::kInsteadOf: return "INSTEAD OF";
  }
  return "AFTER";
}

std::string Describe(const Trigger& t) {
  std::string out = std::string(TimingName(t.timing)) + " UPDATE";
  if (!t.update_columns.empty()) out += " OF " + JoinIdentifiers(t.update_columns);
  out += t.for_each_row ? " FOR EACH ROW" : " FOR EACH STATEMENT";
  if (t.when_sql) out += " WHEN (" + *t.when_sql + ")";
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

void AdviseFunction(const BackfillSubject& s, const Trigger& t, const std::string& name, const Wording& say, std::vector<Finding>& findings) {
  const Function* function = s.catalog->FindFunction(t.function);
  if (!function) {
    findings.push_back({"triggers.function_unknown", Severity::kInfo,
                        "Trigger " + name + " calls " + t.function.Display() + "(), which the schema file does not define",
                        {name, t.function.Display()},
                        "read the function on the server: what it sets and what it writes happens once per updated row",
                        PlanSection::kDataAnalysis});
    return;
  }
  TriggerFunctionEffects effects = AnalyzeTriggerFunction(*function);
  if (!effects.analyzed) {
    findings.push_back({"triggers.function_unknown", Severity::kInfo,
                        "Trigger function " + t.function.Display() + " is " + effects.not_analyzed_reason +
                            ": its effects were not analysed",
                        {name, t.function.Display()},
                        "read it by hand: what it sets and what it writes happens once per updated row",
                        PlanSection::kDataAnalysis});
    return;
  }
  const std::string& target = s.column->name;
  bool before_row = t.timing == Trigger::Timing::kBefore && t.for_each_row;
  if (before_row) {
    bool overrides = effects.assigns_whole_row ||
                     std::count(effects.assigned_columns.begin(), effects.assigned_columns.end(), target);
    if (overrides)
      findings.push_back({"triggers.overrides_target", Severity::kWarn,
                          "Trigger " + name + " assigns " + (effects.assigns_whole_row ? std::string("the whole NEW row")
                                                                                       : "NEW." + QuoteIdentifier(target)) +
                              ": the value stored may not be the value the backfill sets",
                          {name, t.function.Display(), QuoteIdentifier(target)},
                          "check in stage 1 that the rows hold the intended value; 04_verify.sql fails where the trigger "
                          "changed it",
                          PlanSection::kBackfillSql});
    std::vector<std::string> maintained;
    for (const std::string& c : effects.assigned_columns)
      if (c != target) maintained.push_back(QuoteIdentifier(c));
    if (!maintained.empty())
      findings.push_back({"triggers.maintains_columns", Severity::kWarn,
                          "Trigger " + name + " sets " + Join(maintained) +
                              " on every updated row: the rollback cannot restore their previous values",
                          maintained,
                          "the backup keeps only " + QuoteIdentifier(target) + "; the rollback fires the trigger again, "
                          "so " + Join(maintained) + " are recomputed: a value derived from " + QuoteIdentifier(target) +
                              " comes back, anything else (a timestamp, a counter) does not. Copy them aside before "
                              "stage 1 if their old values matter",
                          PlanSection::kRollback});
  }
  if (!effects.writes.empty()) {
    std::vector<std::string> tables, described;
    for (const TableWrite& w : effects.writes) {
      if (std::find(tables.begin(), tables.end(), w.table) == tables.end()) tables.push_back(w.table);
      described.push_back(w.operation + " " + w.table);
    }
    std::string per = t.for_each_row ? "every updated row" : "every batch";
    findings.push_back({"triggers.writes_tables", Severity::kWarn,
                        "Trigger " + name + " writes other tables on " + per + " (" + Join(described) + ")",
                        tables,
                        "a side effect of the backfill: an audit or history table grows by one row per " +
                            std::string(t.for_each_row ? "updated row" : "batch") +
                            " (and again per restored row on rollback); check its size, its indexes and its readers "
                            "(notifications, sync jobs) before stage 3",
                        PlanSection::kDataAnalysis});
  }
  if (effects.dynamic_sql)
    findings.push_back({"triggers.dynamic_sql", Severity::kInfo,
                        "Trigger function " + t.function.Display() + " runs dynamic SQL (EXECUTE): what it writes cannot be "
                        "read from the schema",
                        {t.function.Display()}, "read the function and test stage 1 against a copy",
                        PlanSection::kDataAnalysis});
}

}  // namespace

void AdviseTriggers(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  std::vector<QualifiedName> tables = {s.table->name};
  for (const QualifiedName& p : s.table->partitions) tables.push_back(p);
  for (const QualifiedName& table : tables) {
    for (const Trigger* t : s.catalog->TriggersOn(table)) {
      if (!t->on_update) continue;
      std::string name = QuoteIdentifier(t->name) + " on " + table.Display();
      if (!FiresOnColumn(*t, s.column->name)) {
        findings.push_back({"triggers.not_fired", Severity::kInfo,
                            "Trigger " + name + " (" + Describe(*t) + ") does not fire: its UPDATE OF list leaves out " +
                                QuoteIdentifier(s.column->name),
                            {name}, "nothing to do", PlanSection::kDataAnalysis});
        continue;
      }
      bool row = t->for_each_row;
      findings.push_back({row ? "triggers.row_update" : "triggers.statement_update", row ? Severity::kWarn : Severity::kInfo,
                          std::string(row ? "Row" : "Statement") + " trigger " + name + " (" + Describe(*t) + ") fires " +
                              (row ? "for every updated row" : "once per batch") + " and calls " + t->function.Display() +
                              "()",
                          {name, t->function.Display()},
                          row ? std::string("its cost is paid per row, in the batch's transaction: measure the stage 1 and 2 "
                                            "batch times against the estimate") +
                                    (t->when_sql ? "; the WHEN condition limits it to the rows it matches" : "") +
                                    "; the rollback fires it again for every restored row"
                              : "its cost is paid once per batch (and once per restored batch on rollback)",
                          PlanSection::kDataAnalysis});
      AdviseFunction(s, *t, name, say, findings);
    }
  }
}

}  // namespace backfill
