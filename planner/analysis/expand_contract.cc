#include "planner/analysis/expand_contract.h"

#include <algorithm>
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

// A column name made of `column` and a suffix, cut to PostgreSQL's 63 bytes on a character
// boundary, as the server would otherwise cut it itself.
std::string Suffixed(const std::string& column, const std::string& suffix) {
  size_t end = std::min(column.size(), size_t{63} - suffix.size());
  while (end > 0 && end < column.size() && (static_cast<unsigned char>(column[end]) & 0xC0) == 0x80) --end;
  return column.substr(0, end) + suffix;
}

// The integer types in order of width: a widening keeps every value, and the way back keeps
// those that still fit.
int IntegerWidth(const TypeRef& type) {
  if (type.array_dims != 0 || type.name.schema != "pg_catalog") return 0;
  if (type.name.name == "int2") return 2;
  if (type.name.name == "int4") return 4;
  if (type.name.name == "int8") return 8;
  return 0;
}

std::string IntegerRange(int width) {
  return width == 2 ? "-32768 AND 32767" : "-2147483648 AND 2147483647";
}

bool ReadsColumn(const std::vector<std::string>& columns, const std::string& column) {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
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
  if (!r.to_column && r.kind == BackfillKind::kRename)
    throw InputError(r.target_place, "a rename needs \"to\": the name of the new column", "give \"to\"");
  c.keeps_name = !r.to_column;
  c.new_column = c.keeps_name ? Suffixed(c.old_column, "_new") : *r.to_column;
  if (c.new_column == c.old_column)
    throw InputError(r.to_place, "\"to\" names the column itself", "give the new column another name, or leave \"to\" out to keep the name");
  if (c.keeps_name) {
    c.swapped_column = Suffixed(c.old_column, "_old");
    for (const std::string& name : {c.new_column, c.swapped_column})
      if (table.FindColumn(name))
        throw InputError(r.type_place, table.name.Display() + " already has a column " + QuoteIdentifier(name) +
                                           ", which a retype that keeps the column's name uses for the copy or the original",
                         "give \"to\" (the copy's name, kept after the contract) or rename that column first");
  } else if (table.FindColumn(c.new_column)) {
    throw InputError(r.to_place, table.name.Display() + " already has a column " + QuoteIdentifier(c.new_column),
                     "give \"to\" a name the table does not use yet");
  }
  // An identity moves to the copy at the switch, which only a retype that keeps the name has.
  if (old_column.generated_sql || (old_column.identity && !c.keeps_name))
    throw InputError(r.target_place, "column " + QuoteIdentifier(c.old_column) + " is " +
                                         (old_column.identity ? "an identity column" : "a generated column") +
                                         ": its values are PostgreSQL's to write, not a copy's",
                     old_column.identity ? "leave \"to\" out: a retype that keeps the name moves the identity at the switch"
                                         : "change it with ALTER TABLE in a maintenance window");
  if (r.kind == BackfillKind::kRename) {
    c.new_type = old_column.type;
    c.forward_sql = QuoteIdentifier(c.old_column);
    c.reverse_sql = QuoteIdentifier(c.new_column);
  } else {
    c.new_type = ReadTypeText(*r.type_sql, r.type_place);
    c.forward_sql = r.using_sql ? *r.using_sql : "CAST(" + QuoteIdentifier(c.old_column) + " AS " + c.new_type.sql + ")";
    c.reverse_sql = r.reverse_sql;
    int from = IntegerWidth(c.old_type), to = IntegerWidth(c.new_type);
    if (c.keeps_name && !c.reverse_sql && from != 0 && to > from)
      c.reverse_sql = "CASE WHEN " + QuoteIdentifier(c.old_column) + " BETWEEN " + IntegerRange(from) + " THEN CAST(" +
                      QuoteIdentifier(c.old_column) + " AS " + c.old_type.sql + ") END";
  }
  return c;
}

std::optional<KeySwap> FindKeySwap(const Catalog& catalog, const Table& table, const std::string& column, const Requirement& r) {
  const Index* primary = nullptr;
  for (const Index* index : catalog.IndexesOn(table.name))
    if (index->primary) primary = index;
  KeySwap swap;
  const Index* key = primary && ReadsColumn(primary->columns, column) ? primary : nullptr;
  for (const ForeignKey* fk : catalog.ForeignKeysTo(table.name)) {
    const std::vector<std::string>& referenced = fk->referenced_columns.empty() && primary ? primary->columns : fk->referenced_columns;
    if (!ReadsColumn(referenced, column)) continue;
    // PostgreSQL ties a reference to the unique index whose columns are the referenced ones.
    const Index* through = nullptr;
    for (const Index* index : catalog.IndexesOn(table.name))
      if ((index->unique || index->primary) && !index->predicate_sql &&
          std::is_permutation(index->columns.begin(), index->columns.end(), referenced.begin(), referenced.end()) &&
          index->columns.size() == referenced.size())
        through = index->primary ? index : through ? through : index;
    if (!through || (key && through != key))
      throw InputError(r.target_place, "foreign key " + QuoteIdentifier(fk->name) + " of " + fk->table.Display() +
                                           " references column " + QuoteIdentifier(column) + " through another key than " +
                                           (key ? key->name.Display() : std::string("the schema declares")),
                       "retype the column in a maintenance window, or give every reference the same key first");
    key = through;
    swap.referencing.push_back(*fk);
  }
  if (!key) return std::nullopt;
  if (r.kind == BackfillKind::kRename)
    throw InputError(r.target_place, std::string("a rename of a ") + (key->primary ? "primary key" : "referenced key") +
                                         " column is not planned yet",
                     "rename it in a maintenance window; a retype of the key (without \"to\") is planned");
  if (r.to_column)
    throw InputError(r.to_place, "column " + QuoteIdentifier(column) + " is part of key " + key->name.Display() +
                                     ": its retype keeps the column's name, and the copy is swapped in for it",
                     "leave \"to\" out, and rename the column in a plan of its own afterwards");
  swap.index = *key;
  return swap;
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
