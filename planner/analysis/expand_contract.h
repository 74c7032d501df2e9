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

struct ExpandContract {
  BackfillKind kind = BackfillKind::kRename;  // kRename or kRetype
  std::string old_column, new_column;         // raw names
  TypeRef old_type, new_type;
  // SQL over the table's columns (unqualified): the new column's value from a row, and (rename,
  // or retype with `reverse`) the old column's value from the new one. One line, embeddable.
  std::string forward_sql;
  std::optional<std::string> reverse_sql;
  bool old_not_null = false;
  std::optional<std::string> old_default_sql;
};

bool IsExpandContract(BackfillKind kind);

// Checks the change against the table and describes it. Throws InputError (naming the
// requirement's key) for a new column that exists already, a type the parser does not read as
// one type, or expressions that read columns the table does not have.
ExpandContract DescribeExpandContract(const Table& table, const Column& old_column, const Requirement& requirement);

// The catalog as it is once the expand phase ran: the table has the new column.
Catalog AfterExpand(const Catalog& catalog, const QualifiedName& table, const ExpandContract& change);

// The requirement of the backfill phase: every row's new column made what `forward_sql` gives
// (a fix of the new column; rows the application wrote since are the application's).
Requirement CopyRequirement(const Requirement& requirement, const QualifiedName& table, const ExpandContract& change);

}  // namespace backfill
