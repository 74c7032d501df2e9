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

}  // namespace
}  // namespace backfill
