#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"
#include "planner/plan/planner.h"

namespace backfill {
namespace {

using namespace backfill::testing;

TEST_CASE("advisors: a block finding makes the plan say so at the top; findings carry id, severity and section") {
  auto b = Bind("CREATE TABLE t (id bigint PRIMARY KEY, code text UNIQUE);", R"({"target": "t.code", "set": "'same'"})");
  Plan plan = BuildPlan(b->subject, {"2026-01-15"});
  CHECK(plan.blocked);
  REQUIRE_FALSE(plan.warnings.empty());
  CHECK(plan.warnings.front().rfind("BLOCKED", 0) == 0);
  const Finding* f = FindingById(plan.findings, "unique.constant_duplicate");
  REQUIRE(f);
  CHECK(std::string(SeverityName(f->severity)) == "block");
  CHECK(std::string(SectionName(f->section)) == "overview");
}

TEST_CASE("advisors: a harmless backfill is not blocked, and the order of findings is stable") {
  auto b = Bind("CREATE TABLE t (id bigint PRIMARY KEY, code text UNIQUE, note text);", R"({"target": "t.note", "set": "'n'"})");
  Plan plan = BuildPlan(b->subject, {"2026-01-15"});
  CHECK_FALSE(plan.blocked);
  CHECK(Ids(RunAdvisors(b->subject, English())) == Ids(RunAdvisors(b->subject, English())));
}

TEST_CASE("advisors: write_heavy adds lock-wait and replica-lag checks to the run's checklist") {
  auto b = Bind("CREATE TABLE t (id bigint PRIMARY KEY, note text);",
                R"({"target": "t.note", "set": "'n'", "write_heavy": true, "max_replica_lag_s": 3})");
  Plan plan = BuildPlan(b->subject, {"2026-01-15"});
  int extra = 0;
  for (const std::string& item : plan.checklist_during)
    if (item.rfind("write-heavy:", 0) == 0) ++extra;
  CHECK(extra == 2);
  CHECK(FindingById(plan.findings, "scale.write_heavy"));
}

}  // namespace
}  // namespace backfill
