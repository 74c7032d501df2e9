#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = "CREATE TABLE t (id bigint PRIMARY KEY, c text, r bigint);";

TEST_CASE("expressions: side effects, volatile values and sub-queries are noted") {
  auto findings = Run(AdviseExpressions, kSchema, R"json({"target": "t.c", "set": "nextval('s')::text"})json");
  const Finding* side = FindingById(findings, "expressions.side_effect");
  REQUIRE(side);
  CHECK(side->severity == Severity::kWarn);
  CHECK(FindingById(findings, "expressions.volatile"));
  auto sub = Run(AdviseExpressions, kSchema, R"json({"target": "t.c", "set": "(SELECT max(c) FROM t)"})json");
  const Finding* s = FindingById(sub, "expressions.subquery");
  REQUIRE(s);
  CHECK(s->severity == Severity::kInfo);
}

TEST_CASE("expressions: a plain expression has no finding") {
  CHECK(Run(AdviseExpressions, kSchema, R"json({"target": "t.c", "set": "'v' || id"})json").empty());
}

}  // namespace
}  // namespace backfill
