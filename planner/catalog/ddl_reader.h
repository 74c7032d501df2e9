// Reads a DDL file (pg_dump --schema-only, Rails structure.sql, hand-written) into a Catalog,
// one statement at a time, so that an error points at its own line and a large file is never
// held as one parse tree. The file is read as `psql -f` runs it: psql's backslash commands and
// COPY ... FROM STDIN data are found the way psql's lexer finds them (never inside a literal,
// quoted identifier, dollar-quoted body or comment), and statements end where psql ends them.
#pragma once

#include <string>
#include <vector>

#include "planner/catalog/catalog.h"
#include "planner/catalog/relevant_statements.h"
#include "planner/diagnostic.h"
#include "planner/input_file.h"

namespace backfill {

// A statement (or psql command) the reader skipped. `kind` names what was skipped, alike for
// every statement of its sort ("ALTER TABLE ... DROP CONSTRAINT", "psql \\connect"), so that a
// dump's hundreds of skips can be counted by kind on one line.
struct DdlNote {
  SourcePlace place;
  std::string text;
  std::string kind;
};

// The largest schema file read: generous for real `structure.sql` dumps, and a bound on what a
// wrong path (a device, a huge file) can cost.
constexpr uint64_t kMaxSchemaBytes = kGiB;

// Throws InputError (file:line:col, with an excerpt) for unreadable or invalid SQL, and for a
// path that is not a regular file of at most kMaxSchemaBytes. With a focus, only the statements
// that can matter to it are parsed and applied (relevant_statements.h); the others are not parsed,
// but for the file's last query, so that a file cut short fails as the whole read does (a broken
// statement the focus skips does not stop the plan). A focus on a table the file lacks reads all,
// and so does any focus when the environment sets BACKFILL_PLAN_READ_ALL (to compare the two).
Catalog ReadSchemaFile(const std::string& path, std::vector<DdlNote>& notes);
Catalog ReadSchemaText(const std::string& file_label, std::string text, std::vector<DdlNote>& notes,
                       const SchemaFocus* focus = nullptr);

}  // namespace backfill
