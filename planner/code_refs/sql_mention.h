// A column named inside a SQL statement on its table: in a .sql file (sqlc's queries among them)
// the statement between semicolons, in other source the lines of a string from its verb on. The
// statement must name the table (FROM, JOIN, UPDATE, INTO, TABLE, ON; another schema's table of
// the same name is not it), and a qualifier on the column must be the table or one of its aliases.
#pragma once

#include <re2/re2.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "planner/code_refs/code_refs.h"
#include "planner/code_refs/source_file.h"

namespace backfill {

struct SqlMention {
  ReferenceKind kind;     // write (SET, an INSERT's columns), filter (WHERE, ON ...), read, or migration (DDL)
  std::string construct;  // "SQL string", "SQL file", "sqlc query ListOrders"
};

// The target's FROM/JOIN/... expression, capturing the schema qualifier and an alias.
std::string TableInSqlPattern(const std::string& table);

// Whether the column spelled at lines[line][at...] is named by a SQL statement on the table.
std::optional<SqlMention> FindSqlMention(const std::vector<std::string_view>& lines, size_t line, size_t at, Language language,
                                         const RE2& table_in_sql, const CodeTarget& target);

}  // namespace backfill
