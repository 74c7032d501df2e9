#include "planner/plan/migrations.h"

#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"
#include "planner/plan/planner.h"

namespace backfill {
namespace {

using namespace backfill::testing;

// A table whose name holds the word CONCURRENTLY: only a statement the parser marks concurrent
// may leave the migration, never one whose text merely contains the word.
TEST_CASE("migrations: only CONCURRENTLY statements stay notes in the prepare migration's down") {
  auto b = Bind(R"sql(CREATE TABLE "a CONCURRENTLY b" (id bigint PRIMARY KEY, c text);)sql",
                R"json({"target": "\"a CONCURRENTLY b\".c", "set": "'x'"})json");
  Plan plan = BuildPlan(b->subject, {"2026-11-21"});
  std::vector<Migration> migrations = BuildMigrations(plan, true);
  REQUIRE(!migrations.empty());
  const std::string& down = migrations[0].down;
  INFO(down);
  CHECK(Contains(down, "\nDROP TABLE IF EXISTS public.\"a CONCURRENTLY b_c_backup_20261121\";"));
  CHECK(Contains(down, "\nDROP TABLE IF EXISTS public.\"a CONCURRENTLY b_c_progress_20261121\";"));
  CHECK(Contains(down, "\n-- DROP INDEX CONCURRENTLY IF EXISTS public.\"a CONCURRENTLY b_c_backfill_todo\";"));
}

// Names holding the words of the finalisation's statements: each migration still takes its own
// ALTER TABLE, told by the parse tree, not the first statement whose text has the words.
TEST_CASE("migrations: the NOT NULL steps are found by their command, not by words in names") {
  auto b = Bind(R"sql(CREATE TABLE "NOT VALID SET NOT NULL" (id bigint PRIMARY KEY, "VALIDATE CONSTRAINT" text);)sql",
                R"json({"target": "\"NOT VALID SET NOT NULL\".\"VALIDATE CONSTRAINT\"", "set": "'x'",
                        "not_null_after": true})json");
  Plan plan = BuildPlan(b->subject, {"2026-11-21"});
  std::vector<Migration> migrations = BuildMigrations(plan, true);
  REQUIRE(migrations.size() == 4);
  std::string ups = migrations[1].up + migrations[2].up + migrations[3].up;
  INFO(ups);
  CHECK(Contains(migrations[1].up, "ADD CONSTRAINT"));
  CHECK(Contains(migrations[1].up, ") NOT VALID;"));
  CHECK_FALSE(Contains(migrations[1].up, "\\gset"));  // psql's retention and existence checks stay in psql
  CHECK(Contains(migrations[2].up, "\" VALIDATE CONSTRAINT "));
  CHECK(Contains(migrations[3].up, "\" SET NOT NULL;"));
  CHECK(Contains(migrations[3].up, "DROP CONSTRAINT IF EXISTS"));
}

// A runner applies every pending migration in order, before anyone has run the backfill: each
// finalisation step must check that the backfill is complete before it changes anything, and the
// prepare migration's down must keep the backup through its retention period.
TEST_CASE("migrations: the finalisation steps wait for the backfill, the prepare down for the retention period") {
  auto b = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text);",
                R"json({"target": "t.c", "set": "'x'", "not_null_after": true})json");
  Plan plan = BuildPlan(b->subject, {"2026-11-21"});
  std::vector<Migration> migrations = BuildMigrations(plan, true);
  REQUIRE(migrations.size() == 4);
  for (size_t i = 1; i < 4; ++i) {
    INFO(migrations[i].up);
    CHECK(migrations[i].up.rfind("DO $gate$", 0) == 0);
    CHECK(Contains(migrations[i].up, "has not completed: nothing was changed"));
    CHECK(Contains(migrations[i].up, "still has NULL values"));
  }
  INFO(migrations[0].down);
  CHECK(migrations[0].down.rfind("DO $retention$", 0) == 0);
  CHECK(Contains(migrations[0].down, "is younger than 7 days"));
  CHECK_FALSE(Contains(migrations[0].down, ":'force'"));  // no way around the gate in a migration
}

}  // namespace
}  // namespace backfill
