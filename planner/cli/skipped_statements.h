// What the schema reader skipped, for stderr: one line counting the skipped statements by kind
// (a pg_dump --clean file skips hundreds of `ALTER TABLE IF EXISTS ... DROP CONSTRAINT` that run
// before their table exists, and a line each buried every other message), or with --verbose a
// line each naming its place.
#pragma once

#include <string>
#include <vector>

#include "planner/catalog/ddl_reader.h"

namespace backfill {

// "schema.sql: note: 478 statements skipped (ALTER TABLE ... DROP CONSTRAINT: 478); --verbose
// lists them", kinds by count, most first; empty when nothing was skipped.
std::string SkippedStatementsLine(const std::string& schema_file, const std::vector<DdlNote>& notes);

// "schema.sql:12: note: ..." for each note, in file order.
std::vector<std::string> SkippedStatementLines(const std::vector<DdlNote>& notes);

}  // namespace backfill
