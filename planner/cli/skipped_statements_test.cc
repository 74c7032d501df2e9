#include "planner/cli/skipped_statements.h"

#include <doctest/doctest.h>

namespace backfill {
namespace {

// pg_dump --clean writes its DROPs before the CREATEs: every one names a table not yet created.
const char* kCleanDump =
    "ALTER TABLE IF EXISTS ONLY public.a DROP CONSTRAINT IF EXISTS a_pkey;\n"
    "ALTER TABLE IF EXISTS ONLY public.b DROP CONSTRAINT IF EXISTS b_pkey;\n"
    "\\connect shop\n"
    "ALTER TABLE IF EXISTS ONLY public.a DROP CONSTRAINT IF EXISTS a_b_fkey;\n"
    "CREATE TABLE public.a (id int PRIMARY KEY, b int);\n"
    "ALTER TABLE public.c ALTER COLUMN x SET DEFAULT 1;\n";

TEST_CASE("skipped statements: one line counting them by kind, most first") {
  std::vector<DdlNote> notes;
  ReadSchemaText("dump.sql", kCleanDump, notes);
  REQUIRE(notes.size() == 5);
  CHECK(notes[0].kind == "ALTER TABLE ... DROP CONSTRAINT");
  CHECK(notes[2].kind == "psql \\connect");
  CHECK(notes[4].kind == "ALTER TABLE ... ALTER COLUMN ... DEFAULT");
  CHECK(SkippedStatementsLine("dump.sql", notes) ==
        "dump.sql: note: 5 statements skipped (ALTER TABLE ... DROP CONSTRAINT: 3, psql \\connect: 1, "
        "ALTER TABLE ... ALTER COLUMN ... DEFAULT: 1); --verbose lists them");
}

TEST_CASE("skipped statements: --verbose lists each at its line, as the notes say; nothing skipped, no line") {
  std::vector<DdlNote> notes;
  ReadSchemaText("dump.sql", kCleanDump, notes);
  std::vector<std::string> lines = SkippedStatementLines(notes);
  REQUIRE(lines.size() == 5);
  CHECK(lines[0] == "dump.sql:1: note: ALTER TABLE names table public.a, which the file never creates; skipped");
  CHECK(lines[2] == "dump.sql:3: note: skipped psql meta-command \\connect shop");
  CHECK(SkippedStatementsLine("dump.sql", {}).empty());
  std::vector<DdlNote> one(notes.begin(), notes.begin() + 1);
  CHECK(SkippedStatementsLine("dump.sql", one) ==
        "dump.sql: note: 1 statement skipped (ALTER TABLE ... DROP CONSTRAINT: 1); --verbose lists them");
}

}  // namespace
}  // namespace backfill
