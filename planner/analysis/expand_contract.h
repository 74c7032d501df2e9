// Expand–contract: a column renamed, or given another type, while old and new versions of the
// application run. Planned as a backfill of a new column beside the old one: the expand phase
// adds it (nullable, no default: no table rewrite) with a trigger that keeps both in step, the
// batch engine copies every row, indexes are rebuilt on it, the application switches, and the
// contract phase drops the old column. This file describes the change; the plan builds its SQL.
#pragma once

#include <optional>
#include <string>

#include "planner/catalog/catalog.h"
#include "planner/requirement/requirement.h"

namespace backfill {

// The key a retyped column belongs to: its primary key, or the unique constraint or index that
// foreign keys reference through it. A copy of the key's index is built on the new column, the
// references are made again to it, and both are swapped in at the switch.
struct KeySwap {
  Index index;                          // the key's index, as the schema has it
  std::vector<ForeignKey> referencing;  // every foreign key that references the key
};

struct ExpandContract {
  BackfillKind kind = BackfillKind::kRename;  // kRename or kRetype
  std::string old_column, new_column;         // raw names
  // A retype without "to": the copy is made as <column>_new and, at the switch (07_switch.sql),
  // takes the column's name while the original becomes `swapped_column` (<column>_old) until the
  // contract drops it.
  bool keeps_name = false;
  std::string swapped_column;
  std::optional<KeySwap> key;
  TypeRef old_type, new_type;
  // SQL over the table's columns (unqualified): the new column's value from a row, and (rename,
  // or retype with `reverse`) the old column's value from the new one. One line, embeddable.
  std::string forward_sql;
  // With keeps_name: the column's name is the new column's after the switch, so `reverse` reads
  // the new column by it; for an integer widened, the value when it still fits, else NULL.
  std::optional<std::string> reverse_sql;
  bool old_not_null = false;
  std::optional<std::string> old_default_sql;
};

bool IsExpandContract(BackfillKind kind);

// Checks the change against the table and describes it. Throws InputError (naming the
// requirement's key) for a new column that exists already, a type the parser does not read as
// one type, or expressions that read columns the table does not have.
ExpandContract DescribeExpandContract(const Table& table, const Column& old_column, const Requirement& requirement);

// The key `column` of `table` belongs to, if any (see KeySwap). Throws InputError for keys the
// plan cannot swap: a rename of one, a retype that also renames it ("to"), foreign keys that
// reference the column through different keys.
std::optional<KeySwap> FindKeySwap(const Catalog& catalog, const Table& table, const std::string& column,
                                   const Requirement& requirement);

// The catalog as it is once the expand phase ran: the table has the new column.
Catalog AfterExpand(const Catalog& catalog, const QualifiedName& table, const ExpandContract& change);

// The requirement of the backfill phase: every row's new column made what `forward_sql` gives
// (a fix of the new column; rows the application wrote since are the application's).
Requirement CopyRequirement(const Requirement& requirement, const QualifiedName& table, const ExpandContract& change);

}  // namespace backfill
