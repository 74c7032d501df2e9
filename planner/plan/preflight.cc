#include "planner/plan/preflight.h"

#include <algorithm>

#include "planner/sql/quote.h"

namespace backfill {
namespace {

std::string CountPending(const SqlVocabulary& v, const std::string& extra) {
  return "SELECT count(*) FROM " + v.table + "\n    WHERE " + v.PendingPredicate() + (extra.empty() ? "" : "\n    AND " + extra);
}

// The table's rows as they would be after the update: every column as it is, the target
// column replaced by the new value. Named like the table, so a CHECK expression reads it as is.
std::string RowsAfterUpdate(const BackfillSubject& subject, const SqlVocabulary& v) {
  std::string columns;
  for (const Column& c : subject.table->columns) {
    if (!columns.empty()) columns += ", ";
    columns += c.name == subject.column->name ? "CAST((" + v.set + ") AS " + v.column_type + ") AS " + v.column
                                              : v.Qualified(QuoteIdentifier(c.name));
  }
  return "(SELECT " + columns + " FROM " + v.table + "\n    WHERE " + v.PendingPredicate() + ") AS " + v.ref;
}

}  // namespace

std::vector<PreflightCheck> PreflightChecks(const BackfillSubject& subject, const SqlVocabulary& v) {
  std::vector<PreflightCheck> checks;
  const Requirement& r = subject.requirement;
  const Column& column = *subject.column;
  checks.push_back({"rows to change", CountPending(v, ""), false, "how many rows the backfill will change"});
  if (column.not_null || r.not_null_after)
    checks.push_back({"new value is NULL (column must be NOT NULL)", CountPending(v, "(" + v.set + ") IS NULL"), true,
                      "the column is, or will be, NOT NULL"});
  for (const CheckConstraint* check : subject.catalog->ChecksOn(subject.table->name)) {
    if (std::find(check->reads.begin(), check->reads.end(), column.name) == check->reads.end()) continue;
    checks.push_back({"CHECK " + check->name + " rejects the new value",
                      "SELECT count(*) FROM " + RowsAfterUpdate(subject, v) + "\n    WHERE (" + check->expression_sql +
                          ") IS FALSE",
                      true, "CHECK constraint " + QuoteIdentifier(check->name) + " reads the column"});
  }
  const TypeRef& type = column.type;
  bool character = type.name.schema == "pg_catalog" && (type.name.name == "varchar" || type.name.name == "bpchar");
  if (character && type.modifiers.size() == 1 && type.array_dims == 0)
    checks.push_back({"new value longer than " + type.sql,
                      CountPending(v, "char_length(rtrim((" + v.set + ")::text)) > " + type.modifiers[0]), true,
                      "the column holds at most " + type.modifiers[0] + " characters"});
  if (type.name.schema == "pg_catalog" && type.name.name == "numeric" && !type.modifiers.empty() && type.array_dims == 0) {
    int precision = std::stoi(type.modifiers[0]);
    int scale = type.modifiers.size() > 1 ? std::stoi(type.modifiers[1]) : 0;
    checks.push_back({"new value overflows " + type.sql,
                      CountPending(v, "abs(round((" + v.set + ")::numeric, " + std::to_string(scale) + ")) >= 1e" +
                                          std::to_string(precision - scale)),
                      true, "numeric(" + std::to_string(precision) + "," + std::to_string(scale) + ") has " +
                                std::to_string(precision - scale) + " digits before the point"});
  }
  auto en = subject.catalog->enums.find(type.name);
  if (en != subject.catalog->enums.end() && type.array_dims == 0) {
    std::string labels;
    for (const std::string& l : en->second.labels) labels += (labels.empty() ? "" : ", ") + QuoteLiteral(l);
    checks.push_back({"new value is not a label of " + type.sql,
                      CountPending(v, "(" + v.set + ")::text <> ALL (ARRAY[" + labels + "]::text[])"), true,
                      "enum " + type.sql + " accepts only its labels"});
  }
  for (const ForeignKey* fk : subject.catalog->ForeignKeysFrom(subject.table->name)) {
    if (fk->columns.size() != 1 || fk->columns[0] != column.name || fk->referenced_columns.size() > 1) continue;
    const Table* referenced = subject.catalog->FindTable(fk->referenced_table);
    std::string referenced_column = fk->referenced_columns.empty() ? "" : fk->referenced_columns[0];
    if (referenced_column.empty() && referenced)  // REFERENCES t without columns: its primary key
      for (const Index* i : subject.catalog->IndexesOn(referenced->name))
        if (i->primary && i->columns.size() == 1) referenced_column = i->columns[0];
    if (referenced_column.empty()) continue;
    checks.push_back({"foreign key " + fk->name + ": new value has no referenced row",
                      CountPending(v, "(" + v.set + ") IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " +
                                          fk->referenced_table.Display() + " AS referenced WHERE referenced." +
                                          QuoteIdentifier(referenced_column) + " = (" + v.set + "))"),
                      true, "foreign key " + QuoteIdentifier(fk->name) + " references " + fk->referenced_table.Display()});
  }
  return checks;
}

}  // namespace backfill
