#include "planner/analysis/expand_contract.h"

#include <vector>

#include "planner/catalog/ddl_reader.h"
#include "planner/diagnostic.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

// The type as the catalog reads a column of it: the requirement's reader has checked that the
// text is one type and nothing else, so it stands in a column definition of a table of its own.
TypeRef ReadTypeText(const std::string& type_text, const SourcePlace& place) {
  std::vector<DdlNote> notes;
  Catalog probe;
  try {
    probe = ReadSchemaText(place.file, "CREATE TABLE backfill_plan_type (c " + type_text + ");", notes);
  } catch (const InputError&) {
    throw InputError(place, "\"type\" is not a type PostgreSQL reads: " + type_text, "give one type, e.g. bigint or numeric(12,2)");
  }
  const Table* table = probe.FindTable({"public", "backfill_plan_type"});
  if (!table || table->columns.size() != 1)
    throw InputError(place, "\"type\" is not one type: " + type_text, "give one type, e.g. bigint or numeric(12,2)");
  return table->columns[0].type;
}

}  // namespace

bool IsExpandContract(BackfillKind kind) { return kind == BackfillKind::kRename || kind == BackfillKind::kRetype; }

ExpandContract DescribeExpandContract(const Table& table, const Column& old_column, const Requirement& r) {
  ExpandContract c;
  c.kind = r.kind;
  c.old_column = old_column.name;
  c.old_type = old_column.type;
  c.old_not_null = old_column.not_null;
  c.old_default_sql = old_column.default_sql;
  if (!r.to_column)
    throw InputError(r.kind == BackfillKind::kRename ? r.target_place : r.type_place,
                     std::string("a ") + KindName(r.kind) + " needs \"to\": the name of the new column",
                     r.kind == BackfillKind::kRename ? "give \"to\"" :
                     "give \"to\" (a retype that keeps the column's name, swapping the new column in at the switch, is not planned yet)");
  c.new_column = *r.to_column;
  if (c.new_column == c.old_column)
    throw InputError(r.to_place, "\"to\" names the column itself", "give the new column another name");
  if (table.FindColumn(c.new_column))
    throw InputError(r.to_place, table.name.Display() + " already has a column " + QuoteIdentifier(c.new_column),
                     "give \"to\" a name the table does not use yet");
  if (old_column.generated_sql || old_column.identity)
    throw InputError(r.target_place, "column " + QuoteIdentifier(c.old_column) + " is " +
                                         (old_column.identity ? "an identity column" : "a generated column") +
                                         ": its values are PostgreSQL's to write, not a copy's",
                     "change it with ALTER TABLE in a maintenance window");
  if (r.kind == BackfillKind::kRename) {
    c.new_type = old_column.type;
    c.forward_sql = QuoteIdentifier(c.old_column);
    c.reverse_sql = QuoteIdentifier(c.new_column);
  } else {
    c.new_type = ReadTypeText(*r.type_sql, r.type_place);
    c.forward_sql = r.using_sql ? *r.using_sql : "CAST(" + QuoteIdentifier(c.old_column) + " AS " + c.new_type.sql + ")";
    c.reverse_sql = r.reverse_sql;
  }
  return c;
}

Catalog AfterExpand(const Catalog& catalog, const QualifiedName& table, const ExpandContract& change) {
  Catalog expanded = catalog;
  Column added;
  added.name = change.new_column;
  added.type = change.new_type;
  expanded.FindTable(table)->columns.push_back(added);
  return expanded;
}

Requirement CopyRequirement(const Requirement& r, const QualifiedName& table, const ExpandContract& change) {
  Requirement copy = r;
  copy.kind = BackfillKind::kFix;
  copy.target = TargetName{table.schema, table.name, change.new_column};
  copy.set_sql = change.forward_sql;
  copy.set_place = r.kind == BackfillKind::kRetype && r.using_sql ? r.using_place : r.target_place;
  copy.where_sql.reset();
  if (!copy.on_application_write) copy.on_application_write = AppWritePolicy::kKeep;
  if (change.old_not_null) copy.not_null_after = true;
  return copy;
}

}  // namespace backfill
